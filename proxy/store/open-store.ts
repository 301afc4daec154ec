/**
 * Opens the store the environment asks for (Node only): a real PostgreSQL server when
 * `DATABASE_URL` is set, which several instances share; otherwise embedded PostgreSQL
 * (PGlite) in `DATA_DIR` (default `.data/`), for one instance. Migrations run before the
 * store is handed out.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { migrate } from './migrations.ts';
import { openPglite } from './pglite-client.ts';
import { openPostgres } from './pg-client.ts';
import type { SqlClient } from './sql-client.ts';
import { createSqlStore } from './sql-store.ts';
import type { Store } from './store.ts';

export interface OpenStoreOptions {
  /** `postgres://…`; when set, the store is that server. */
  databaseUrl?: string | undefined;
  /** The embedded database's folder; default `.data/` in the working directory. */
  dataDir?: string | undefined;
  now?: () => number;
}

/** What `describe()` says about where state lives, for the start-up line; never the password. */
export function describeStore(options: OpenStoreOptions): string {
  if (options.databaseUrl) {
    try {
      const url = new URL(options.databaseUrl);
      return `PostgreSQL at ${url.hostname}${url.port ? `:${url.port}` : ''}${url.pathname}`;
    } catch {
      return 'PostgreSQL (DATABASE_URL)';
    }
  }
  return `embedded PostgreSQL (PGlite) in ${resolve(options.dataDir ?? '.data')}`;
}

export async function openStore(options: OpenStoreOptions): Promise<Store> {
  let sql: SqlClient;
  let unlock = () => {};
  if (options.databaseUrl) {
    sql = await openPostgres({ connectionString: options.databaseUrl });
  } else {
    const dir = resolve(options.dataDir ?? '.data');
    mkdirSync(dir, { recursive: true });
    unlock = lockFolder(dir);
    try {
      sql = await openPglite(dir);
    } catch (error) {
      unlock();
      throw error;
    }
  }
  try {
    await migrate(sql);
  } catch (error) {
    await sql.close().catch(() => undefined);
    unlock();
    throw error;
  }
  const store = createSqlStore(sql, options.now ? { now: options.now } : {});
  return {
    ...store,
    async close() {
      await store.close();
      unlock();
    },
  };
}

/**
 * PGlite is one process's database: a second process opening the same folder would
 * corrupt it. A pid file refuses that, and a stale one (its process gone) is taken over.
 */
function lockFolder(dir: string): () => void {
  const file = join(dir, 'proxy.pid');
  let holder: number | null;
  try {
    holder = Number(readFileSync(file, 'utf8').trim()) || null;
  } catch {
    holder = null;
  }
  if (holder && holder !== process.pid && alive(holder)) {
    throw new Error(
      `Another proxy (process ${holder}) is using the embedded database in ${dir}. ` +
        'Run one process per DATA_DIR, or set DATABASE_URL to share a PostgreSQL server between instances.',
    );
  }
  writeFileSync(file, String(process.pid));
  return () => rmSync(file, { force: true });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
