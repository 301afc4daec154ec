/**
 * PGlite (`@electric-sql/pglite`): PostgreSQL compiled to WebAssembly, in this process,
 * stored in a folder (`DATA_DIR`). The embedded default, so `npm start` needs nothing
 * installed and a restart forgets nothing. One process per folder: PGlite is
 * single-connection, so two processes must share a real server (`DATABASE_URL`) instead.
 */
import { PGlite } from '@electric-sql/pglite';
import type { SqlClient, SqlQueryable, SqlResult, SqlRow } from './sql-client.ts';

/**
 * Opens (creating when missing) the database in `dataDir`; in memory when `dataDir` is
 * undefined (tests).
 */
export async function openPglite(dataDir?: string): Promise<SqlClient> {
  const db = dataDir ? new PGlite(dataDir) : new PGlite();
  await db.waitReady;
  const wrap = (q: Pick<PGlite, 'query'>): SqlQueryable => ({
    async query<Row extends SqlRow>(text: string, params: unknown[] = []): Promise<SqlResult<Row>> {
      const result = await q.query<Row>(text, params);
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
    },
  });
  const self = wrap(db);
  return {
    engine: 'pglite',
    query: (text, params) => self.query(text, params),
    transaction: (work) => db.transaction((tx) => work(wrap(tx))),
    close: () => db.close(),
  };
}
