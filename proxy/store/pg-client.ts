/**
 * A real PostgreSQL server through `pg`'s connection pool (`DATABASE_URL`): what several
 * proxy instances share.
 */
import pg from 'pg';
import type { SqlClient, SqlQueryable, SqlResult, SqlRow } from './sql-client.ts';

export interface PgOptions {
  /** `postgres://user:password@host:port/database` */
  connectionString: string;
  /** Connections in the pool; default 10. */
  max?: number;
}

export async function openPostgres(options: PgOptions): Promise<SqlClient> {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? 10,
    connectionTimeoutMillis: 5_000,
    // A statement that hangs must not hold a booking (or a lock) for ever.
    statement_timeout: 10_000,
  });
  // An idle connection that drops (a server restart) is replaced on next use; without a
  // listener the pool's 'error' event would end the process.
  pool.on('error', () => undefined);
  const wrap = (q: Pick<pg.Pool, 'query'>): SqlQueryable => ({
    async query<Row extends SqlRow>(text: string, params: unknown[] = []): Promise<SqlResult<Row>> {
      const result = await q.query<Row>(text, params);
      return { rows: result.rows, rowCount: result.rowCount ?? result.rows.length };
    },
  });
  const self = wrap(pool);
  // Fail at start-up, not on the first booking, when the server cannot be reached.
  await pool.query('SELECT 1');
  return {
    engine: 'postgres',
    query: (text, params) => self.query(text, params),
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
