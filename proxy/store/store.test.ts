/**
 * The store's conformance suite on every engine the proxy runs on: in memory, embedded
 * PGlite, and a real PostgreSQL server started for the run. Plus what only a database
 * does: state that survives closing and reopening, and one process per embedded folder.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { startPostgres, type PostgresServer } from '../../test/helpers/postgres-server.ts';
import { createMemoryStore } from './memory-store.ts';
import { migrate } from './migrations.ts';
import { openStore } from './open-store.ts';
import { openPglite } from './pglite-client.ts';
import { openPostgres } from './pg-client.ts';
import type { SqlClient } from './sql-client.ts';
import { createSqlStore } from './sql-store.ts';
import { storeConformance } from './store-conformance.ts';

const TABLES =
  'idempotency, locks, rate_limits, upstream_sent, upstream_pauses, pending_writes, ledger, demo_patients, demo_appointments, demo_waivers, capacity_signals, capacity_signal_events, webhook_deliveries, webhook_contacts';

/** One migrated database for the suite, emptied before each test's store. */
function sqlEngine(connect: () => Promise<SqlClient>, stopServer?: () => Promise<void>) {
  let sql: SqlClient;
  return {
    start: async () => {
      sql = await connect();
      await migrate(sql);
    },
    open: async (now: () => number) => {
      await sql.query(`TRUNCATE ${TABLES}`);
      return createSqlStore(sql, { now });
    },
    stop: async () => {
      await sql?.close();
      await stopServer?.();
    },
  };
}

storeConformance('memory', { open: async (now) => createMemoryStore({ now }) });
storeConformance(
  'PGlite',
  sqlEngine(() => openPglite()),
);

let server: PostgresServer | undefined;
storeConformance(
  'PostgreSQL',
  sqlEngine(
    async () => {
      server = await startPostgres();
      return openPostgres({ connectionString: await server.database() });
    },
    () => server?.stop() ?? Promise.resolve(),
  ),
);

describe('the embedded store on disk', () => {
  it('keeps what it was told across a close and reopen, and applies migrations once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'store-disk-'));
    try {
      const first = await openStore({ dataDir: dir });
      const claim = await first.idempotency.claim('demo|key', 'fp', 5_000);
      assert.ok(claim.state === 'claimed');
      await first.idempotency.complete('demo|key', claim.token, { booking: 'kept' }, Date.now() + 60_000);
      await first.close();
      const second = await openStore({ dataDir: dir });
      try {
        assert.deepEqual(await second.idempotency.claim('demo|key', 'fp', 5_000), {
          state: 'done',
          result: { booking: 'kept' },
        });
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a folder another live process holds, naming DATABASE_URL as the way to share', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'store-locked-'));
    try {
      // The test runner's parent is alive for the whole run: it stands for another proxy.
      writeFileSync(join(dir, 'proxy.pid'), String(process.ppid));
      await assert.rejects(openStore({ dataDir: dir }), /Another proxy .* DATABASE_URL/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
