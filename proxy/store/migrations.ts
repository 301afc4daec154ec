/**
 * The store's schema, as numbered migrations applied in order, the same on a real
 * PostgreSQL and on PGlite. Applied at start-up under an advisory lock, so instances
 * starting together do not race; each applied version is recorded in `schema_migrations`.
 * A migration, once released, is never edited: add the next one.
 *
 * Times are epoch milliseconds (`bigint`) from the proxy's clock.
 */
import type { SqlClient } from './sql-client.ts';

export const MIGRATIONS: ReadonlyArray<{ version: number; name: string; sql: string }> = [
  {
    version: 1,
    name: 'shared state',
    sql: `
      CREATE TABLE idempotency (
        key text PRIMARY KEY,
        fingerprint text NOT NULL,
        state text NOT NULL CHECK (state IN ('running', 'done')),
        token text,
        lease_until bigint,
        result jsonb,
        keep_until bigint NOT NULL
      );
      CREATE INDEX idempotency_keep_until ON idempotency (keep_until);

      CREATE TABLE locks (
        key text PRIMARY KEY,
        token text NOT NULL,
        lease_until bigint NOT NULL
      );

      -- rate-limiter-flexible's own layout (RateLimiterPostgres), created here so both engines
      -- get it from the migrations.
      CREATE TABLE rate_limits (
        key varchar(255) PRIMARY KEY,
        points integer NOT NULL DEFAULT 0,
        expire bigint
      );

      CREATE TABLE upstream_sent (
        key text NOT NULL,
        at bigint NOT NULL
      );
      CREATE INDEX upstream_sent_key_at ON upstream_sent (key, at);
      CREATE TABLE upstream_pauses (
        key text PRIMARY KEY,
        until bigint NOT NULL
      );

      CREATE TABLE pending_writes (
        id text PRIMARY KEY,
        clinic_id text NOT NULL,
        data jsonb NOT NULL,
        uncertain boolean NOT NULL DEFAULT false,
        check_at bigint NOT NULL,
        created_at bigint NOT NULL
      );
      CREATE INDEX pending_writes_check_at ON pending_writes (check_at);

      CREATE TABLE ledger (
        kind text NOT NULL,
        id text NOT NULL,
        keep_until bigint NOT NULL,
        PRIMARY KEY (kind, id)
      );
      CREATE INDEX ledger_keep_until ON ledger (keep_until);

      CREATE SEQUENCE demo_ids START WITH 7300000000000000001;
      CREATE TABLE demo_patients (
        clinic_id text NOT NULL,
        id text NOT NULL,
        data jsonb NOT NULL,
        PRIMARY KEY (clinic_id, id)
      );
      CREATE TABLE demo_appointments (
        clinic_id text NOT NULL,
        id text NOT NULL,
        practitioner_id text NOT NULL,
        starts_at bigint NOT NULL,
        ends_at bigint NOT NULL,
        cancelled boolean NOT NULL DEFAULT false,
        data jsonb NOT NULL,
        PRIMARY KEY (clinic_id, id)
      );
      CREATE INDEX demo_appointments_practitioner ON demo_appointments (clinic_id, practitioner_id, starts_at);
      CREATE TABLE demo_waivers (
        clinic_id text NOT NULL,
        appointment_id text NOT NULL,
        data jsonb NOT NULL,
        PRIMARY KEY (clinic_id, appointment_id)
      );
    `,
  },
  // Released after version 3; the runner applies any missing version, whatever its place.
  {
    version: 2,
    name: 'webhooks outbox',
    sql: `
      CREATE TABLE webhook_deliveries (
        event_id text NOT NULL,
        endpoint text NOT NULL,
        clinic_id text NOT NULL,
        type text NOT NULL,
        payload jsonb,
        status text NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at bigint NOT NULL,
        lease_token text,
        lease_until bigint,
        last_error text,
        created_at bigint NOT NULL,
        updated_at bigint NOT NULL,
        PRIMARY KEY (event_id, endpoint)
      );
      CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
      CREATE INDEX webhook_deliveries_updated ON webhook_deliveries (status, updated_at);
      -- A booking's contact, source and consent, for the events of its later moves and cancels.
      CREATE TABLE webhook_contacts (
        clinic_id text NOT NULL,
        appointment_id text NOT NULL,
        data jsonb NOT NULL,
        keep_until bigint NOT NULL,
        PRIMARY KEY (clinic_id, appointment_id)
      );
      CREATE INDEX webhook_contacts_keep_until ON webhook_contacts (keep_until);
    `,
  },
  {
    version: 3,
    name: 'capacity signals',
    sql: `
      CREATE TABLE capacity_signals (
        clinic_id text NOT NULL,
        alert_key text NOT NULL,
        level text NOT NULL CHECK (level IN ('low', 'ok')),
        crossings integer NOT NULL,
        changed_at text NOT NULL,
        PRIMARY KEY (clinic_id, alert_key)
      );
      CREATE TABLE capacity_signal_events (
        id text PRIMARY KEY,
        clinic_id text NOT NULL,
        event jsonb NOT NULL,
        created_at bigint NOT NULL
      );
      CREATE INDEX capacity_signal_events_created_at ON capacity_signal_events (created_at);
    `,
  },
];

/** One number for the migration lock, the same in every instance. */
const MIGRATION_LOCK = 7_300_514;

/** Applies every migration not yet applied; returns the versions it applied. */
export async function migrate(sql: SqlClient): Promise<number[]> {
  return sql.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const { rows } = await tx.query<{ version: number }>('SELECT version FROM schema_migrations');
    const applied = new Set(rows.map((r) => Number(r.version)));
    const done: number[] = [];
    for (const migration of MIGRATIONS) {
      if (applied.has(migration.version)) continue;
      for (const statement of statements(migration.sql)) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
      done.push(migration.version);
    }
    return done;
  });
}

/** A migration's statements, one by one (prepared statements take one each). */
function statements(sql: string): string[] {
  return sql
    .replace(/--[^\n]*/g, '')
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);
}
