/**
 * The one seam between the store and a PostgreSQL engine: plain parameterised queries and
 * transactions. Two implementations: `pg-client.ts` (a real server, through `pg`'s pool)
 * and `pglite-client.ts` (PGlite, PostgreSQL compiled to WebAssembly, in a local folder).
 * The schema, the migrations and every query are the same for both.
 */

/** A row as the engine returns it: column name → value. */
export type SqlRow = Record<string, unknown>;

export interface SqlResult<Row extends SqlRow = SqlRow> {
  rows: Row[];
  /** Rows inserted, updated or deleted (or returned, for a SELECT). */
  rowCount: number;
}

/** Something that runs one statement: the client itself, or a transaction. */
export interface SqlQueryable {
  query<Row extends SqlRow = SqlRow>(text: string, params?: unknown[]): Promise<SqlResult<Row>>;
}

export interface SqlClient extends SqlQueryable {
  /** Which engine this is, for readiness reports and logs. */
  readonly engine: 'postgres' | 'pglite';
  /**
   * Runs `work` in one transaction on one connection: committed when it resolves, rolled
   * back when it throws.
   */
  transaction<T>(work: (tx: SqlQueryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** A column holding epoch milliseconds (`bigint`), which drivers return as text. */
export function millis(value: unknown): number {
  return typeof value === 'number' ? value : Number(value);
}
