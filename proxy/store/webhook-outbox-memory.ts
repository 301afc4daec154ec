/**
 * The webhooks outbox in this process's memory, behaving as `webhook-outbox-sql.ts` does
 * (the store conformance suite checks both). No `node:*` imports: it runs in a browser too.
 */
import type { JsonObject } from './store.ts';
import { newToken } from './tokens.ts';
import type {
  BookingContact,
  NewWebhookDelivery,
  OutboxWrite,
  WebhookDelivery,
  WebhookDeliveryFilter,
  WebhookOutbox,
} from './webhook-outbox.ts';

interface Row extends WebhookDelivery {
  leaseToken: string | null;
  leaseUntil: number;
}

export interface MemoryWebhookOutbox extends WebhookOutbox {
  /** Writes synchronously, so a step of the memory store does it in one go. */
  writeNow(write: OutboxWrite): number;
}

const keyOf = (eventId: string, endpoint: string) => `${eventId}\u0000${endpoint}`;
const copy = (payload: JsonObject | null) => (payload === null ? null : structuredClone(payload));

function matches(row: Row, filter: WebhookDeliveryFilter): boolean {
  return (
    (filter.status === undefined || row.status === filter.status) &&
    (filter.clinicId === undefined || row.clinicId === filter.clinicId) &&
    (filter.eventId === undefined || row.eventId === filter.eventId)
  );
}

function publicRow({ leaseToken: _t, leaseUntil: _u, ...row }: Row): WebhookDelivery {
  return { ...row, payload: copy(row.payload) };
}

export function memoryWebhookOutbox(now: () => number): MemoryWebhookOutbox {
  const rows = new Map<string, Row>();
  let order = 0;
  const sequence = new Map<string, number>();
  const contacts = new Map<string, BookingContact>();

  const enqueueNow = (deliveries: readonly NewWebhookDelivery[]) => {
    let added = 0;
    const at = now();
    for (const d of deliveries) {
      const key = keyOf(d.eventId, d.endpoint);
      if (rows.has(key)) continue;
      rows.set(key, {
        ...d,
        payload: copy(d.payload),
        status: 'pending',
        attempts: 0,
        nextAttemptAt: at,
        lastError: null,
        createdAt: at,
        updatedAt: at,
        leaseToken: null,
        leaseUntil: 0,
      });
      sequence.set(key, (order += 1));
      added += 1;
    }
    return added;
  };

  const oldestFirst = (a: Row, b: Row) =>
    a.nextAttemptAt - b.nextAttemptAt ||
    a.createdAt - b.createdAt ||
    (sequence.get(keyOf(a.eventId, a.endpoint)) ?? 0) - (sequence.get(keyOf(b.eventId, b.endpoint)) ?? 0);

  return {
    writeNow({ deliveries, contact }) {
      if (contact)
        contacts.set(keyOf(contact.clinicId, contact.appointmentId), {
          ...contact,
          data: structuredClone(contact.data),
        });
      return enqueueNow(deliveries);
    },
    enqueue: async (deliveries) => enqueueNow(deliveries),
    async contactOf(clinicId, appointmentId) {
      const contact = contacts.get(keyOf(clinicId, appointmentId));
      return contact && contact.keepUntil > now() ? structuredClone(contact.data) : null;
    },

    async claim(limit, leaseMs, endpoints) {
      const at = now();
      const token = newToken();
      const due = [...rows.values()]
        .filter((r) => r.status === 'pending' && r.nextAttemptAt <= at && r.leaseUntil <= at)
        .filter((r) => endpoints === undefined || endpoints.includes(r.endpoint))
        .sort(oldestFirst)
        .slice(0, limit);
      for (const row of due) {
        row.leaseToken = token;
        row.leaseUntil = at + leaseMs;
      }
      return due.map((row) => ({ ...publicRow(row), payload: copy(row.payload) ?? {}, token }));
    },

    async settle(eventId, endpoint, token, outcome) {
      const row = rows.get(keyOf(eventId, endpoint));
      if (!row || row.status !== 'pending' || row.leaseToken !== token) return false;
      row.attempts += 1;
      row.updatedAt = now();
      row.leaseToken = null;
      row.leaseUntil = 0;
      if (outcome.kind === 'delivered') {
        row.status = 'delivered';
        row.payload = null;
        row.lastError = null;
      } else if (outcome.kind === 'retry') {
        row.lastError = outcome.error;
        row.nextAttemptAt = outcome.nextAttemptAt;
      } else {
        row.status = 'failed';
        row.lastError = outcome.error;
      }
      return true;
    },

    async list(filter, limit) {
      return [...rows.values()]
        .filter((r) => matches(r, filter))
        .sort(
          (a, b) =>
            b.createdAt - a.createdAt ||
            (a.eventId < b.eventId ? 1 : a.eventId > b.eventId ? -1 : 0) ||
            (a.endpoint < b.endpoint ? -1 : a.endpoint > b.endpoint ? 1 : 0),
        )
        .slice(0, limit)
        .map(publicRow);
    },

    async retry(filter) {
      const at = now();
      let count = 0;
      for (const row of rows.values()) {
        if (!matches(row, { ...filter, status: 'failed' }) || row.payload === null) continue;
        Object.assign(row, { status: 'pending', attempts: 0, nextAttemptAt: at, updatedAt: at });
        row.leaseToken = null;
        row.leaseUntil = 0;
        count += 1;
      }
      return count;
    },

    async failUnknown(clinicIds, known, dueBefore, error) {
      const at = now();
      let count = 0;
      for (const row of rows.values()) {
        if (row.status !== 'pending' || !clinicIds.includes(row.clinicId) || known.includes(row.endpoint))
          continue;
        if (row.nextAttemptAt >= dueBefore || row.leaseUntil > at) continue;
        Object.assign(row, { status: 'failed', lastError: error, updatedAt: at });
        count += 1;
      }
      return count;
    },

    async purge(before, statuses = ['delivered', 'failed'], clinicId) {
      const at = now();
      let count = 0;
      for (const [key, contact] of contacts) if (contact.keepUntil <= at) contacts.delete(key);
      for (const [key, row] of rows) {
        if (!statuses.includes(row.status) || row.updatedAt >= before) continue;
        if (clinicId !== undefined && row.clinicId !== clinicId) continue;
        if (row.status === 'pending' && row.leaseUntil > at) continue;
        rows.delete(key);
        sequence.delete(key);
        count += 1;
      }
      return count;
    },
  };
}
