/**
 * The store in this process's memory: the same behaviour as the PostgreSQL store (the
 * conformance suite checks both), for unit tests and for the proxy that runs inside a
 * browser test page. Nothing survives the process, and nothing is shared with another one.
 * No `node:*` imports and no CommonJS packages: it runs wherever the app does, a browser
 * included. Rate limits count fixed windows, as rate-limiter-flexible does in PostgreSQL.
 */
import type { RateDecision, RateLimitRule } from '../security/rate-limiter.ts';
import { DAY_MS, newToken } from './tokens.ts';
import { memoryWebhookOutbox } from './webhook-outbox-memory.ts';
import { DELIVERED_KEPT_MS } from './webhook-outbox.ts';
import type {
  CapacitySignalEvent,
  CapacitySignalState,
  DemoAppointmentRow,
  IdempotencyClaim,
  Json,
  JsonObject,
  Ledger,
  PendingWrite,
  Store,
} from './store.ts';

export interface MemoryStoreOptions {
  now?: () => number;
}

interface IdempotencyRow {
  fingerprint: string;
  state: 'running' | 'done';
  token: string | null;
  leaseUntil: number;
  result: Json;
  keepUntil: number;
}

/** Copies a JSON value, so callers never share the store's own objects. */
function copy<T extends Json>(value: T): T {
  return structuredClone(value);
}

export function createMemoryStore(options: MemoryStoreOptions = {}): Store {
  const now = options.now ?? Date.now;
  const idempotency = new Map<string, IdempotencyRow>();
  const locks = new Map<string, { token: string; leaseUntil: number }>();
  const windows = new Map<string, { points: number; expire: number }>();
  const sent = new Map<string, number[]>();
  const pauses = new Map<string, number>();
  const pending = new Map<string, PendingWrite>();
  const ledgers = new Map<string, Map<string, number>>();
  const signalStates = new Map<string, CapacitySignalState>();
  const signalEvents = new Map<string, CapacitySignalEvent>();
  const webhooks = memoryWebhookOutbox(now);
  const demo = {
    nextId: 7_300_000_000_000_000_001n,
    patients: new Map<string, Map<string, JsonObject>>(),
    appointments: new Map<string, Map<string, DemoAppointmentRow>>(),
    waivers: new Map<string, Map<string, JsonObject>>(),
  };
  const of = <V>(map: Map<string, Map<string, V>>, clinicId: string) => {
    let inner = map.get(clinicId);
    if (!inner) map.set(clinicId, (inner = new Map<string, V>()));
    return inner;
  };

  const ledger = (kind: string): Ledger => {
    const entries = new Map<string, number>();
    ledgers.set(kind, entries);
    return {
      async has(id) {
        return (entries.get(id) ?? 0) > now();
      },
      async add(id, keepUntil) {
        entries.set(id, Math.max(entries.get(id) ?? 0, keepUntil));
      },
    };
  };

  return {
    engine: 'memory',
    now,

    idempotency: {
      async claim(key, fingerprint, leaseMs): Promise<IdempotencyClaim> {
        const at = now();
        const row = idempotency.get(key);
        const expiredDone = row?.state === 'done' && row.keepUntil <= at;
        const deadRun = row?.state === 'running' && row.leaseUntil <= at && row.fingerprint === fingerprint;
        if (!row || expiredDone || deadRun) {
          const token = newToken();
          idempotency.set(key, {
            fingerprint,
            state: 'running',
            token,
            leaseUntil: at + leaseMs,
            result: null,
            keepUntil: at + leaseMs + DAY_MS,
          });
          return { state: 'claimed', token, resumed: deadRun };
        }
        if (row.fingerprint !== fingerprint) return { state: 'mismatch' };
        if (row.state === 'done') return { state: 'done', result: copy(row.result) };
        return { state: 'running', leaseUntil: row.leaseUntil };
      },
      async renew(key, token, leaseMs) {
        const row = idempotency.get(key);
        if (row?.state !== 'running' || row.token !== token) return false;
        row.leaseUntil = now() + leaseMs;
        row.keepUntil = row.leaseUntil + DAY_MS;
        return true;
      },
      async complete(key, token, result, keepUntil, outbox) {
        const row = idempotency.get(key);
        if (row?.state !== 'running' || row.token !== token) return false;
        idempotency.set(key, { ...row, state: 'done', token: null, result: copy(result), keepUntil });
        if (outbox) webhooks.writeNow(outbox);
        return true;
      },
      async release(key, token) {
        const row = idempotency.get(key);
        if (row?.state === 'running' && row.token === token) idempotency.delete(key);
      },
      async read(key) {
        const row = idempotency.get(key);
        if (!row || row.keepUntil <= now()) return null;
        return row.state === 'done'
          ? { state: 'done', result: copy(row.result) }
          : { state: 'running', leaseUntil: row.leaseUntil };
      },
    },

    locks: {
      async acquire(key, leaseMs) {
        const at = now();
        const held = locks.get(key);
        if (held && held.leaseUntil > at) return null;
        const token = newToken();
        locks.set(key, { token, leaseUntil: at + leaseMs });
        return token;
      },
      async renew(key, token, leaseMs) {
        const held = locks.get(key);
        if (held?.token !== token) return false;
        held.leaseUntil = now() + leaseMs;
        return true;
      },
      async release(key, token) {
        if (locks.get(key)?.token === token) locks.delete(key);
      },
    },

    rateLimits: {
      async consume(key, rule: RateLimitRule): Promise<RateDecision> {
        const at = now();
        const id = `${rule.limit}/${rule.windowSeconds}:${key}`;
        let window = windows.get(id);
        if (!window || window.expire <= at) {
          window = { points: 0, expire: at + rule.windowSeconds * 1000 };
          windows.set(id, window);
        }
        window.points += 1;
        if (window.points <= rule.limit) return { allowed: true };
        return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((window.expire - at) / 1000)) };
      },
    },

    budgets: {
      async take(key, limit, windowMs) {
        const at = now();
        const pausedUntil = pauses.get(key) ?? 0;
        if (pausedUntil > at) return pausedUntil - at;
        const times = (sent.get(key) ?? []).filter((t) => t > at - windowMs);
        sent.set(key, times);
        if (times.length >= limit) return Math.max(1, times[0]! + windowMs - at);
        times.push(at);
        return 0;
      },
      async pauseUntil(key, until) {
        pauses.set(key, Math.max(pauses.get(key) ?? 0, until));
      },
      async used(key, windowMs) {
        const at = now();
        return (sent.get(key) ?? []).filter((t) => t > at - windowMs).length;
      },
    },

    pendingWrites: {
      async put(write, outbox) {
        const existing = pending.get(write.id);
        pending.set(write.id, {
          ...structuredClone(write),
          createdAt: existing?.createdAt ?? write.createdAt,
        });
        if (outbox) webhooks.writeNow(outbox);
      },
      async get(id) {
        const write = pending.get(id);
        return write ? structuredClone(write) : null;
      },
      async due(at, limit) {
        return [...pending.values()]
          .filter((w) => w.checkAt <= at)
          .sort((a, b) => a.createdAt - b.createdAt)
          .slice(0, limit)
          .map((w) => structuredClone(w));
      },
      async remove(id, outbox) {
        const removed = pending.delete(id);
        if (removed && outbox) webhooks.writeNow(outbox);
        return removed;
      },
    },

    waivers: ledger('halaxy-waiver'),
    settlements: ledger('cliniko-settled'),
    changes: ledger('manage-changes'),
    webhooks,

    capacitySignals: {
      async load(clinicId, alertKey) {
        const state = signalStates.get(`${clinicId}|${alertKey}`);
        return state ? { ...state } : null;
      },
      async transition(clinicId, alertKey, previous, next, event) {
        const key = `${clinicId}|${alertKey}`;
        const stored = signalStates.get(key);
        if ((stored?.crossings ?? null) !== (previous?.crossings ?? null)) return false;
        signalStates.set(key, { ...next });
        if (event)
          signalEvents.set(event.id, { id: event.id, clinicId, event: copy(event.body), createdAt: now() });
        return true;
      },
      async undelivered(limit) {
        return [...signalEvents.values()]
          .sort((a, b) => a.createdAt - b.createdAt)
          .slice(0, limit)
          .map((e) => ({ ...e, event: copy(e.event) }));
      },
      async delivered(id) {
        signalEvents.delete(id);
      },
    },

    demo: {
      async nextId() {
        const id = demo.nextId;
        demo.nextId += 1n;
        return id.toString();
      },
      async patients(clinicId) {
        return [...of(demo.patients, clinicId)].map(([id, data]) => ({ id, data: copy(data) }));
      },
      async addPatient(clinicId, id, data) {
        of(demo.patients, clinicId).set(id, copy(data));
      },
      async appointments(clinicId) {
        return [...of(demo.appointments, clinicId).values()].map((a) => ({ ...a, data: copy(a.data) }));
      },
      async addAppointmentIfFree(clinicId, row) {
        const rows = of(demo.appointments, clinicId);
        const clash = [...rows.values()].some(
          (a) =>
            !a.cancelled && a.practitionerId === row.practitionerId && a.start < row.end && row.start < a.end,
        );
        if (clash) return false;
        rows.set(row.id, { ...row, cancelled: false, data: copy(row.data) });
        return true;
      },
      async moveAppointmentIfFree(clinicId, id, to) {
        const rows = of(demo.appointments, clinicId);
        const row = rows.get(id);
        if (!row || row.cancelled) return false;
        const clash = [...rows.values()].some(
          (a) =>
            a.id !== id &&
            !a.cancelled &&
            a.practitionerId === to.practitionerId &&
            a.start < to.end &&
            to.start < a.end,
        );
        if (clash) return false;
        Object.assign(row, { ...to, data: copy(to.data) });
        return true;
      },
      async cancelAppointment(clinicId, id) {
        const row = of(demo.appointments, clinicId).get(id);
        if (row) row.cancelled = true;
      },
      async waivers(clinicId) {
        return [...of(demo.waivers, clinicId)].map(([appointmentId, data]) => ({
          appointmentId,
          data: copy(data),
        }));
      },
      async addWaiver(clinicId, appointmentId, data) {
        const waivers = of(demo.waivers, clinicId);
        if (waivers.has(appointmentId)) return false;
        waivers.set(appointmentId, copy(data));
        return true;
      },
    },

    async ready() {
      return true;
    },

    async purgeExpired() {
      const at = now();
      for (const [key, row] of idempotency) if (row.keepUntil <= at) idempotency.delete(key);
      for (const [key, held] of locks) if (held.leaseUntil <= at - 60_000) locks.delete(key);
      for (const [key, until] of pauses) if (until <= at) pauses.delete(key);
      for (const [key, window] of windows) if (window.expire <= at) windows.delete(key);
      for (const [key, times] of sent) if (times.every((t) => t <= at - DAY_MS)) sent.delete(key);
      for (const entries of ledgers.values())
        for (const [id, until] of entries) if (until <= at) entries.delete(id);
      await webhooks.purge(at - DELIVERED_KEPT_MS, ['delivered']);
    },

    async close() {},
  };
}
