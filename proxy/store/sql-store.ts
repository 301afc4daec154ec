/**
 * The store on PostgreSQL (a real server or PGlite; see `sql-client.ts`). Every operation
 * that must be atomic across instances is one statement (an upsert with a condition) or one
 * transaction under an advisory lock on its key.
 */
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { RateDecision, RateLimitRule } from '../security/rate-limiter.ts';
import { millis, type SqlClient, type SqlQueryable } from './sql-client.ts';
import { newToken, DAY_MS } from './tokens.ts';
import { sqlWebhookOutbox, writeOutbox } from './webhook-outbox-sql.ts';
import { DELIVERED_KEPT_MS } from './webhook-outbox.ts';
import type {
  CapacitySignalEvent,
  DemoAppointmentRow,
  IdempotencyClaim,
  Json,
  JsonObject,
  Ledger,
  PendingWrite,
  Store,
} from './store.ts';

export interface SqlStoreOptions {
  now?: () => number;
}

/** The store over an open, migrated database. Closing the store closes the client. */
export function createSqlStore(sql: SqlClient, options: SqlStoreOptions = {}): Store {
  const now = options.now ?? Date.now;
  const lockKey = 'SELECT pg_advisory_xact_lock(hashtextextended($1, 0))';

  const limiters = new Map<string, RateLimiterPostgres>();
  // rate-limiter-flexible speaks to a `pg`-shaped client; this one goes through the seam.
  const rateClient = {
    query: (q: { text: string; values?: unknown[] }) => sql.query(q.text, q.values ?? []),
  };
  const limiterFor = (rule: RateLimitRule) => {
    const id = `${rule.limit}/${rule.windowSeconds}`;
    let limiter = limiters.get(id);
    if (!limiter) {
      limiter = new RateLimiterPostgres({
        storeClient: rateClient,
        storeType: 'client',
        tableName: 'rate_limits',
        tableCreated: true,
        clearExpiredByTimeout: false,
        keyPrefix: id,
        points: rule.limit,
        duration: rule.windowSeconds,
      });
      limiters.set(id, limiter);
    }
    return limiter;
  };

  const ledger = (kind: string): Ledger => ({
    async has(id) {
      const { rows } = await sql.query(
        'SELECT 1 FROM ledger WHERE kind = $1 AND id = $2 AND keep_until > $3',
        [kind, id, now()],
      );
      return rows.length > 0;
    },
    async add(id, keepUntil) {
      await sql.query(
        `INSERT INTO ledger (kind, id, keep_until) VALUES ($1, $2, $3)
         ON CONFLICT (kind, id) DO UPDATE SET keep_until = GREATEST(ledger.keep_until, EXCLUDED.keep_until)`,
        [kind, id, keepUntil],
      );
    },
  });

  return {
    engine: sql.engine,
    now,

    idempotency: {
      async claim(key, fingerprint, leaseMs): Promise<IdempotencyClaim> {
        for (;;) {
          const at = now();
          const token = newToken();
          const { rows } = await sql.query<{ previous: string | null }>(
            `WITH old AS (SELECT state FROM idempotency WHERE key = $1)
             INSERT INTO idempotency AS i (key, fingerprint, state, token, lease_until, result, keep_until)
             VALUES ($1, $2, 'running', $3, $4, NULL, $5)
             ON CONFLICT (key) DO UPDATE SET
               fingerprint = EXCLUDED.fingerprint, state = 'running', token = EXCLUDED.token,
               lease_until = EXCLUDED.lease_until, result = NULL, keep_until = EXCLUDED.keep_until
             WHERE (i.state = 'running' AND i.lease_until <= $6 AND i.fingerprint = EXCLUDED.fingerprint)
                OR (i.state = 'done' AND i.keep_until <= $6)
             RETURNING (SELECT state FROM old) AS previous`,
            [key, fingerprint, token, at + leaseMs, at + leaseMs + DAY_MS, at],
          );
          const claimed = rows[0];
          if (claimed) return { state: 'claimed', token, resumed: claimed.previous === 'running' };
          const existing = await sql.query<{
            fingerprint: string;
            state: string;
            lease_until: unknown;
            result: Json;
          }>('SELECT fingerprint, state, lease_until, result FROM idempotency WHERE key = $1', [key]);
          const row = existing.rows[0];
          // Released between the two statements: claim again.
          if (!row) continue;
          if (row.fingerprint !== fingerprint) return { state: 'mismatch' };
          if (row.state === 'done') return { state: 'done', result: row.result };
          return { state: 'running', leaseUntil: millis(row.lease_until) };
        }
      },
      async renew(key, token, leaseMs) {
        const until = now() + leaseMs;
        const { rowCount } = await sql.query(
          `UPDATE idempotency SET lease_until = $3, keep_until = $4
           WHERE key = $1 AND token = $2 AND state = 'running'`,
          [key, token, until, until + DAY_MS],
        );
        return rowCount > 0;
      },
      async complete(key, token, result, keepUntil, outbox) {
        const finish = async (q: SqlQueryable) => {
          const { rowCount } = await q.query(
            `UPDATE idempotency SET state = 'done', token = NULL, lease_until = NULL, result = $3::jsonb, keep_until = $4
             WHERE key = $1 AND token = $2 AND state = 'running'`,
            [key, token, JSON.stringify(result), keepUntil],
          );
          return rowCount > 0;
        };
        if (!outbox || (outbox.deliveries.length === 0 && !outbox.contact)) return finish(sql);
        // One transaction: the answer and its webhook events are recorded together or not at all.
        return sql.transaction(async (tx) => {
          if (!(await finish(tx))) return false;
          await writeOutbox(tx, outbox, now());
          return true;
        });
      },
      async release(key, token) {
        await sql.query(`DELETE FROM idempotency WHERE key = $1 AND token = $2 AND state = 'running'`, [
          key,
          token,
        ]);
      },
      async read(key) {
        const { rows } = await sql.query<{ state: string; lease_until: unknown; result: Json }>(
          'SELECT state, lease_until, result FROM idempotency WHERE key = $1 AND keep_until > $2',
          [key, now()],
        );
        const row = rows[0];
        if (!row) return null;
        return row.state === 'done'
          ? { state: 'done', result: row.result }
          : { state: 'running', leaseUntil: millis(row.lease_until) };
      },
    },

    locks: {
      async acquire(key, leaseMs) {
        const at = now();
        const token = newToken();
        const { rows } = await sql.query(
          `INSERT INTO locks AS l (key, token, lease_until) VALUES ($1, $2, $3)
           ON CONFLICT (key) DO UPDATE SET token = EXCLUDED.token, lease_until = EXCLUDED.lease_until
           WHERE l.lease_until <= $4
           RETURNING token`,
          [key, token, at + leaseMs, at],
        );
        return rows.length > 0 ? token : null;
      },
      async renew(key, token, leaseMs) {
        const { rowCount } = await sql.query(
          'UPDATE locks SET lease_until = $3 WHERE key = $1 AND token = $2',
          [key, token, now() + leaseMs],
        );
        return rowCount > 0;
      },
      async release(key, token) {
        await sql.query('DELETE FROM locks WHERE key = $1 AND token = $2', [key, token]);
      },
    },

    rateLimits: {
      async consume(key, rule): Promise<RateDecision> {
        try {
          await limiterFor(rule).consume(key);
          return { allowed: true };
        } catch (refusal) {
          if (refusal instanceof RateLimiterRes) {
            return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(refusal.msBeforeNext / 1000)) };
          }
          throw refusal;
        }
      },
    },

    budgets: {
      take: (key, limit, windowMs) =>
        sql.transaction(async (tx) => {
          const at = now();
          await tx.query(lockKey, [`budget|${key}`]);
          const paused = await tx.query<{ until: unknown }>(
            'SELECT until FROM upstream_pauses WHERE key = $1',
            [key],
          );
          const pausedUntil = paused.rows[0] ? millis(paused.rows[0].until) : 0;
          if (pausedUntil > at) return pausedUntil - at;
          await tx.query('DELETE FROM upstream_sent WHERE key = $1 AND at <= $2', [key, at - windowMs]);
          const sent = await tx.query<{ n: unknown; first: unknown }>(
            'SELECT count(*) AS n, min(at) AS first FROM upstream_sent WHERE key = $1',
            [key],
          );
          const row = sent.rows[0];
          if (row && Number(row.n) >= limit) return Math.max(1, millis(row.first) + windowMs - at);
          await tx.query('INSERT INTO upstream_sent (key, at) VALUES ($1, $2)', [key, at]);
          return 0;
        }),
      async pauseUntil(key, until) {
        await sql.query(
          `INSERT INTO upstream_pauses (key, until) VALUES ($1, $2)
           ON CONFLICT (key) DO UPDATE SET until = GREATEST(upstream_pauses.until, EXCLUDED.until)`,
          [key, until],
        );
      },
      async used(key, windowMs) {
        const { rows } = await sql.query<{ n: unknown }>(
          'SELECT count(*) AS n FROM upstream_sent WHERE key = $1 AND at > $2',
          [key, now() - windowMs],
        );
        return Number(rows[0]?.n ?? 0);
      },
    },

    pendingWrites: {
      async put(write, outbox) {
        const upsert = (q: SqlQueryable) =>
          q.query(
            `INSERT INTO pending_writes (id, clinic_id, data, uncertain, check_at, created_at)
             VALUES ($1, $2, $3::jsonb, $4, $5, $6)
             ON CONFLICT (id) DO UPDATE SET data = EXCLUDED.data, uncertain = EXCLUDED.uncertain,
               check_at = EXCLUDED.check_at`,
            [
              write.id,
              write.clinicId,
              JSON.stringify(write.data),
              write.uncertain,
              write.checkAt,
              write.createdAt,
            ],
          );
        if (!outbox) {
          await upsert(sql);
          return;
        }
        await sql.transaction(async (tx) => {
          await upsert(tx);
          await writeOutbox(tx, outbox, now());
        });
      },
      async get(id) {
        const { rows } = await sql.query<PendingRow>('SELECT * FROM pending_writes WHERE id = $1', [id]);
        return rows[0] ? toPending(rows[0]) : null;
      },
      async due(at, limit) {
        const { rows } = await sql.query<PendingRow>(
          'SELECT * FROM pending_writes WHERE check_at <= $1 ORDER BY created_at LIMIT $2',
          [at, limit],
        );
        return rows.map(toPending);
      },
      async remove(id, outbox) {
        const removeFrom = async (q: SqlQueryable) =>
          (await q.query('DELETE FROM pending_writes WHERE id = $1 RETURNING id', [id])).rows.length > 0;
        if (!outbox) return removeFrom(sql);
        return sql.transaction(async (tx) => {
          const removed = await removeFrom(tx);
          if (removed) await writeOutbox(tx, outbox, now());
          return removed;
        });
      },
    },

    waivers: ledger('halaxy-waiver'),
    settlements: ledger('cliniko-settled'),

    webhooks: sqlWebhookOutbox(sql, now),
    changes: ledger('manage-changes'),

    capacitySignals: {
      async load(clinicId, alertKey) {
        const { rows } = await sql.query<{ level: 'low' | 'ok'; crossings: unknown; changed_at: string }>(
          'SELECT level, crossings, changed_at FROM capacity_signals WHERE clinic_id = $1 AND alert_key = $2',
          [clinicId, alertKey],
        );
        const row = rows[0];
        return row ? { level: row.level, crossings: Number(row.crossings), changedAt: row.changed_at } : null;
      },
      transition: (clinicId, alertKey, previous, next, event) =>
        sql.transaction(async (tx) => {
          // One statement decides: an insert that finds the row there, or an update whose
          // condition no longer holds, changes nothing, and the other instance's check won.
          const { rowCount } = previous
            ? await tx.query(
                `UPDATE capacity_signals SET level = $3, crossings = $4, changed_at = $5
                 WHERE clinic_id = $1 AND alert_key = $2 AND crossings = $6`,
                [clinicId, alertKey, next.level, next.crossings, next.changedAt, previous.crossings],
              )
            : await tx.query(
                `INSERT INTO capacity_signals (clinic_id, alert_key, level, crossings, changed_at)
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (clinic_id, alert_key) DO NOTHING`,
                [clinicId, alertKey, next.level, next.crossings, next.changedAt],
              );
          if (rowCount === 0) return false;
          if (event)
            await tx.query(
              `INSERT INTO capacity_signal_events (id, clinic_id, event, created_at) VALUES ($1, $2, $3::jsonb, $4)`,
              [event.id, clinicId, JSON.stringify(event.body), now()],
            );
          return true;
        }),
      async undelivered(limit) {
        const { rows } = await sql.query<{
          id: string;
          clinic_id: string;
          event: JsonObject;
          created_at: unknown;
        }>(
          'SELECT id, clinic_id, event, created_at FROM capacity_signal_events ORDER BY created_at, id LIMIT $1',
          [limit],
        );
        return rows.map((row): CapacitySignalEvent => ({
          id: row.id,
          clinicId: row.clinic_id,
          event: row.event,
          createdAt: millis(row.created_at),
        }));
      },
      async delivered(id) {
        await sql.query('DELETE FROM capacity_signal_events WHERE id = $1', [id]);
      },
    },

    demo: {
      async nextId() {
        const { rows } = await sql.query<{ id: unknown }>(`SELECT nextval('demo_ids')::text AS id`);
        return String(rows[0]!.id);
      },
      async patients(clinicId) {
        const { rows } = await sql.query<{ id: string; data: JsonObject }>(
          'SELECT id, data FROM demo_patients WHERE clinic_id = $1 ORDER BY id',
          [clinicId],
        );
        return rows;
      },
      async addPatient(clinicId, id, data) {
        await sql.query('INSERT INTO demo_patients (clinic_id, id, data) VALUES ($1, $2, $3::jsonb)', [
          clinicId,
          id,
          JSON.stringify(data),
        ]);
      },
      async appointments(clinicId) {
        const { rows } = await sql.query<AppointmentRow>(
          'SELECT * FROM demo_appointments WHERE clinic_id = $1 ORDER BY id',
          [clinicId],
        );
        return rows.map(toAppointment);
      },
      addAppointmentIfFree: (clinicId, row) =>
        sql.transaction(async (tx) => {
          await tx.query(lockKey, [`demo|${clinicId}|${row.practitionerId}`]);
          const clash = await tx.query(
            `SELECT 1 FROM demo_appointments WHERE clinic_id = $1 AND practitioner_id = $2
             AND NOT cancelled AND starts_at < $3 AND ends_at > $4 LIMIT 1`,
            [clinicId, row.practitionerId, row.end, row.start],
          );
          if (clash.rows.length > 0) return false;
          await insertAppointment(tx, clinicId, row);
          return true;
        }),
      moveAppointmentIfFree: (clinicId, id, to) =>
        sql.transaction(async (tx) => {
          // Both practitioners' diaries are locked in one order, so two moves cannot deadlock.
          const current = await tx.query<{ practitioner_id: string }>(
            'SELECT practitioner_id FROM demo_appointments WHERE clinic_id = $1 AND id = $2 AND NOT cancelled',
            [clinicId, id],
          );
          const from = current.rows[0]?.practitioner_id;
          if (from === undefined) return false;
          for (const practitionerId of [...new Set([from, to.practitionerId])].sort()) {
            await tx.query(lockKey, [`demo|${clinicId}|${practitionerId}`]);
          }
          const clash = await tx.query(
            `SELECT 1 FROM demo_appointments WHERE clinic_id = $1 AND practitioner_id = $2 AND id <> $5
             AND NOT cancelled AND starts_at < $3 AND ends_at > $4 LIMIT 1`,
            [clinicId, to.practitionerId, to.end, to.start, id],
          );
          if (clash.rows.length > 0) return false;
          const { rowCount } = await tx.query(
            `UPDATE demo_appointments SET practitioner_id = $3, starts_at = $4, ends_at = $5, data = $6::jsonb
             WHERE clinic_id = $1 AND id = $2 AND NOT cancelled`,
            [clinicId, id, to.practitionerId, to.start, to.end, JSON.stringify(to.data)],
          );
          return rowCount > 0;
        }),
      async cancelAppointment(clinicId, id) {
        await sql.query('UPDATE demo_appointments SET cancelled = true WHERE clinic_id = $1 AND id = $2', [
          clinicId,
          id,
        ]);
      },
      async waivers(clinicId) {
        const { rows } = await sql.query<{ appointment_id: string; data: JsonObject }>(
          'SELECT appointment_id, data FROM demo_waivers WHERE clinic_id = $1 ORDER BY appointment_id',
          [clinicId],
        );
        return rows.map((r) => ({ appointmentId: r.appointment_id, data: r.data }));
      },
      async addWaiver(clinicId, appointmentId, data) {
        const { rowCount } = await sql.query(
          `INSERT INTO demo_waivers (clinic_id, appointment_id, data) VALUES ($1, $2, $3::jsonb)
           ON CONFLICT DO NOTHING`,
          [clinicId, appointmentId, JSON.stringify(data)],
        );
        return rowCount > 0;
      },
    },

    async ready() {
      try {
        await sql.query('SELECT 1');
        return true;
      } catch {
        return false;
      }
    },

    async purgeExpired() {
      const at = now();
      await sql.query('DELETE FROM idempotency WHERE keep_until <= $1', [at]);
      await sql.query('DELETE FROM locks WHERE lease_until <= $1', [at - 60_000]);
      await sql.query('DELETE FROM rate_limits WHERE expire IS NOT NULL AND expire <= $1', [at]);
      await sql.query('DELETE FROM upstream_sent WHERE at <= $1', [at - DAY_MS]);
      await sql.query('DELETE FROM upstream_pauses WHERE until <= $1', [at]);
      await sql.query('DELETE FROM ledger WHERE keep_until <= $1', [at]);
      await sqlWebhookOutbox(sql, now).purge(at - DELIVERED_KEPT_MS, ['delivered']);
    },

    close: () => sql.close(),
  };
}

type PendingRow = {
  id: string;
  clinic_id: string;
  data: JsonObject;
  uncertain: boolean;
  check_at: unknown;
  created_at: unknown;
};

function toPending(row: PendingRow): PendingWrite {
  return {
    id: row.id,
    clinicId: row.clinic_id,
    data: row.data,
    uncertain: row.uncertain,
    checkAt: millis(row.check_at),
    createdAt: millis(row.created_at),
  };
}

type AppointmentRow = {
  id: string;
  practitioner_id: string;
  starts_at: unknown;
  ends_at: unknown;
  cancelled: boolean;
  data: JsonObject;
};

function toAppointment(row: AppointmentRow): DemoAppointmentRow {
  return {
    id: row.id,
    practitionerId: row.practitioner_id,
    start: millis(row.starts_at),
    end: millis(row.ends_at),
    cancelled: row.cancelled,
    data: row.data,
  };
}

async function insertAppointment(
  tx: SqlQueryable,
  clinicId: string,
  row: Omit<DemoAppointmentRow, 'cancelled'>,
): Promise<void> {
  await tx.query(
    `INSERT INTO demo_appointments (clinic_id, id, practitioner_id, starts_at, ends_at, data)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb)`,
    [clinicId, row.id, row.practitionerId, row.start, row.end, JSON.stringify(row.data)],
  );
}
