/**
 * The webhooks outbox on PostgreSQL (a real server or PGlite). A claim is one statement:
 * the due rows are picked `FOR UPDATE SKIP LOCKED` (instances claiming at once take
 * different rows, never the same) and leased in the same update.
 */
import { millis, type SqlQueryable, type SqlRow } from './sql-client.ts';
import type { JsonObject } from './store.ts';
import { newToken } from './tokens.ts';
import type {
  ClaimedDelivery,
  NewWebhookDelivery,
  OutboxWrite,
  WebhookDelivery,
  WebhookDeliveryFilter,
  WebhookDeliveryStatus,
  WebhookOutbox,
} from './webhook-outbox.ts';

interface DeliveryRow extends SqlRow {
  event_id: string;
  endpoint: string;
  clinic_id: string;
  type: string;
  payload: JsonObject | null;
  status: WebhookDeliveryStatus;
  attempts: unknown;
  next_attempt_at: unknown;
  last_error: string | null;
  created_at: unknown;
  updated_at: unknown;
  lease_token?: string | null;
}

const COLUMNS =
  'event_id, endpoint, clinic_id, type, payload, status, attempts, next_attempt_at, last_error, created_at, updated_at';

function toDelivery(row: DeliveryRow): WebhookDelivery {
  return {
    eventId: row.event_id,
    endpoint: row.endpoint,
    clinicId: row.clinic_id,
    type: row.type,
    payload: row.payload,
    status: row.status,
    attempts: Number(row.attempts),
    nextAttemptAt: millis(row.next_attempt_at),
    lastError: row.last_error,
    createdAt: millis(row.created_at),
    updatedAt: millis(row.updated_at),
  };
}

/** Writes deliveries not written yet, on `sql` (the client, or the transaction of the step they belong to). */
export async function enqueueDeliveries(
  sql: SqlQueryable,
  deliveries: readonly NewWebhookDelivery[],
  at: number,
): Promise<number> {
  let added = 0;
  for (const d of deliveries) {
    const { rowCount } = await sql.query(
      `INSERT INTO webhook_deliveries (event_id, endpoint, clinic_id, type, payload, status, attempts, next_attempt_at, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5::jsonb, 'pending', 0, $6, $6, $6)
       ON CONFLICT (event_id, endpoint) DO NOTHING`,
      [d.eventId, d.endpoint, d.clinicId, d.type, JSON.stringify(d.payload), at],
    );
    added += rowCount;
  }
  return added;
}

/** Writes a step's outbox part (its deliveries, the booking's contact) on `sql`, the step's transaction. */
export async function writeOutbox(sql: SqlQueryable, write: OutboxWrite, at: number): Promise<number> {
  const { contact } = write;
  if (contact)
    await sql.query(
      `INSERT INTO webhook_contacts (clinic_id, appointment_id, data, keep_until) VALUES ($1, $2, $3::jsonb, $4)
       ON CONFLICT (clinic_id, appointment_id) DO UPDATE SET data = EXCLUDED.data, keep_until = EXCLUDED.keep_until`,
      [contact.clinicId, contact.appointmentId, JSON.stringify(contact.data), contact.keepUntil],
    );
  return enqueueDeliveries(sql, write.deliveries, at);
}

function where(filter: WebhookDeliveryFilter, params: unknown[]): string {
  const parts: string[] = [];
  const add = (column: string, value: string | undefined) => {
    if (value === undefined) return;
    params.push(value);
    parts.push(`${column} = $${params.length}`);
  };
  add('status', filter.status);
  add('clinic_id', filter.clinicId);
  add('event_id', filter.eventId);
  return parts.length > 0 ? parts.join(' AND ') : 'true';
}

export function sqlWebhookOutbox(sql: SqlQueryable, now: () => number): WebhookOutbox {
  return {
    enqueue: (deliveries) => enqueueDeliveries(sql, deliveries, now()),

    async contactOf(clinicId, appointmentId) {
      const { rows } = await sql.query<{ data: JsonObject }>(
        'SELECT data FROM webhook_contacts WHERE clinic_id = $1 AND appointment_id = $2 AND keep_until > $3',
        [clinicId, appointmentId, now()],
      );
      return rows[0]?.data ?? null;
    },

    async claim(limit, leaseMs, endpoints) {
      const at = now();
      const token = newToken();
      const { rows } = await sql.query<DeliveryRow>(
        `UPDATE webhook_deliveries AS w SET lease_token = $1, lease_until = $2
         FROM (
           SELECT event_id, endpoint FROM webhook_deliveries
           WHERE status = 'pending' AND next_attempt_at <= $3 AND (lease_until IS NULL OR lease_until <= $3)
             AND ($5::text[] IS NULL OR endpoint = ANY($5::text[]))
           ORDER BY next_attempt_at, created_at, event_id
           LIMIT $4
           FOR UPDATE SKIP LOCKED
         ) AS due
         WHERE w.event_id = due.event_id AND w.endpoint = due.endpoint
         RETURNING ${COLUMNS.split(', ')
           .map((c) => `w.${c}`)
           .join(', ')}`,
        [token, at + leaseMs, at, limit, endpoints ? [...endpoints] : null],
      );
      return rows
        .map((row): ClaimedDelivery => ({ ...toDelivery(row), payload: row.payload ?? {}, token }))
        .sort((a, b) => a.nextAttemptAt - b.nextAttemptAt || a.createdAt - b.createdAt);
    },

    async settle(eventId, endpoint, token, outcome) {
      const at = now();
      const key = [eventId, endpoint, token, at];
      const { rowCount } =
        outcome.kind === 'delivered'
          ? await sql.query(
              `UPDATE webhook_deliveries SET status = 'delivered', payload = NULL, attempts = attempts + 1,
                 last_error = NULL, lease_token = NULL, lease_until = NULL, updated_at = $4
               WHERE event_id = $1 AND endpoint = $2 AND lease_token = $3 AND status = 'pending'`,
              key,
            )
          : outcome.kind === 'retry'
            ? await sql.query(
                `UPDATE webhook_deliveries SET attempts = attempts + 1, last_error = $5, next_attempt_at = $6,
                   lease_token = NULL, lease_until = NULL, updated_at = $4
                 WHERE event_id = $1 AND endpoint = $2 AND lease_token = $3 AND status = 'pending'`,
                [...key, outcome.error, outcome.nextAttemptAt],
              )
            : await sql.query(
                `UPDATE webhook_deliveries SET status = 'failed', attempts = attempts + 1, last_error = $5,
                   lease_token = NULL, lease_until = NULL, updated_at = $4
                 WHERE event_id = $1 AND endpoint = $2 AND lease_token = $3 AND status = 'pending'`,
                [...key, outcome.error],
              );
      return rowCount > 0;
    },

    async list(filter, limit) {
      const params: unknown[] = [];
      const condition = where(filter, params);
      params.push(limit);
      const { rows } = await sql.query<DeliveryRow>(
        `SELECT ${COLUMNS} FROM webhook_deliveries WHERE ${condition}
         ORDER BY created_at DESC, event_id DESC, endpoint LIMIT $${params.length}`,
        params,
      );
      return rows.map(toDelivery);
    },

    async retry(filter) {
      const params: unknown[] = [now()];
      const condition = where({ ...filter, status: 'failed' }, params);
      const { rowCount } = await sql.query(
        `UPDATE webhook_deliveries SET status = 'pending', attempts = 0, next_attempt_at = $1, updated_at = $1,
           lease_token = NULL, lease_until = NULL
         WHERE ${condition} AND payload IS NOT NULL`,
        params,
      );
      return rowCount;
    },

    async failUnknown(clinicIds, known, dueBefore, error) {
      const at = now();
      const { rowCount } = await sql.query(
        `UPDATE webhook_deliveries SET status = 'failed', last_error = $4, updated_at = $3
         WHERE status = 'pending' AND clinic_id = ANY($1::text[]) AND NOT (endpoint = ANY($2::text[]))
           AND next_attempt_at < $5 AND (lease_until IS NULL OR lease_until <= $3)`,
        [[...clinicIds], [...known], at, error, dueBefore],
      );
      return rowCount;
    },

    async purge(before, statuses = ['delivered', 'failed'], clinicId) {
      const at = now();
      await sql.query('DELETE FROM webhook_contacts WHERE keep_until <= $1', [at]);
      const { rowCount } = await sql.query(
        `DELETE FROM webhook_deliveries WHERE status = ANY($1::text[]) AND updated_at < $2
           AND ($3::text IS NULL OR clinic_id = $3)
           AND (status <> 'pending' OR lease_until IS NULL OR lease_until <= $4)`,
        [[...statuses], before, clinicId ?? null, at],
      );
      return rowCount;
    },
  };
}
