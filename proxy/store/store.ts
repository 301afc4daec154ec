/**
 * The proxy's durable, shared state, behind small async interfaces. Everything that makes
 * "exactly once" hold across restarts and instances lives here: idempotency records, leased
 * locks, booking rate limits, upstream request budgets, records of writes whose outcome is
 * not known yet, the Halaxy waiver ledger, the Cliniko settlement records, and the demo
 * clinic's own bookings.
 *
 * Two implementations: `memory-store.ts` (one process, for unit tests and the in-browser
 * test proxy) and `sql-store.ts` over PostgreSQL, a real server or embedded PGlite (see
 * `open-store.ts`). `store-conformance.ts` is the behaviour both must show.
 *
 * Times are epoch milliseconds from the store's own clock (the real one unless a test gives
 * another), never the practice clock: leases and windows are real durations.
 */
import type { RateDecision, RateLimitRule } from '../security/rate-limiter.ts';
import type { OutboxWrite, WebhookOutbox } from './webhook-outbox.ts';

/** A JSON value as the store keeps it. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export type IdempotencyClaim =
  /**
   * This attempt owns the key until its lease ends (renew it while working). `resumed` when
   * an earlier attempt held it and stopped renewing (its process died): its work may be
   * partly done upstream.
   */
  | { state: 'claimed'; token: string; resumed: boolean }
  /** Another attempt is working on it; ask again, or wait, until `leaseUntil`. */
  | { state: 'running'; leaseUntil: number }
  /** Finished: this is the answer it gave. */
  | { state: 'done'; result: Json }
  /** The key was used for a different request body. */
  | { state: 'mismatch' };

/** What a request's `Idempotency-Key` has led to, claimed before any work starts. */
export interface IdempotencyRecords {
  /** Claims `key` for a request whose body hashes to `fingerprint`, atomically, on every instance. */
  claim(key: string, fingerprint: string, leaseMs: number): Promise<IdempotencyClaim>;
  /** Extends a claim's lease; false when the claim is no longer this token's. */
  renew(key: string, token: string, leaseMs: number): Promise<boolean>;
  /**
   * Records the final answer, kept until `keepUntil`; false when the claim was lost. The
   * `outbox` writes (webhook events about the answer) go in the same step, and only when
   * the answer is recorded: neither is ever recorded without the other.
   */
  complete(
    key: string,
    token: string,
    result: Json,
    keepUntil: number,
    outbox?: OutboxWrite,
  ): Promise<boolean>;
  /** Gives the key up after a failure, so the patient's retry runs again. */
  release(key: string, token: string): Promise<void>;
  /** The record as it stands, for the reconciliation sweep. */
  read(
    key: string,
  ): Promise<{ state: 'running'; leaseUntil: number } | { state: 'done'; result: Json } | null>;
}

/** Mutual exclusion across instances, with leases so a dead holder frees the lock. */
export interface Locks {
  /** Takes `key` for `leaseMs` when it is free or its lease has ended; the token, or null. */
  acquire(key: string, leaseMs: number): Promise<string | null>;
  renew(key: string, token: string, leaseMs: number): Promise<boolean>;
  release(key: string, token: string): Promise<void>;
}

/** Fixed-window request counters (rate-limiter-flexible), shared by every instance. */
export interface SharedRateLimits {
  consume(key: string, rule: RateLimitRule): Promise<RateDecision>;
}

/** Each practice-system credential's request budget, shared by every instance. */
export interface UpstreamBudgetStore {
  /**
   * Takes one request from `key`'s budget of `limit` per sliding `windowMs`: 0 when taken,
   * else how long until one frees or the pause ends (nothing is taken then).
   */
  take(key: string, limit: number, windowMs: number): Promise<number>;
  /** Stops every instance sending with this credential until `until` (an upstream 429). */
  pauseUntil(key: string, until: number): Promise<void>;
  /** Requests sent in the last `windowMs`. */
  used(key: string, windowMs: number): Promise<number>;
}

/**
 * A write to a practice system that was started and not yet seen to settle: recorded before
 * the write, so a crash, a lost response or a late commit is found and settled later.
 */
export interface PendingWrite {
  /** `<clinic id>|<idempotency key>`. */
  id: string;
  clinicId: string;
  /** What the sweep needs to recognise and finish the write (removed with the record). */
  data: JsonObject;
  /** True once a write's outcome was unknown (a timeout, a 5xx): keep watching for a late commit. */
  uncertain: boolean;
  /** When the sweep should look at it next. */
  checkAt: number;
  createdAt: number;
}

export interface PendingWrites {
  /**
   * Creates or replaces the record; with `outbox`, writes its webhook events in the same step
   * (the sweep's record that it announced a booking, and the announcement, never one alone).
   */
  put(write: PendingWrite, outbox?: OutboxWrite): Promise<void>;
  get(id: string): Promise<PendingWrite | null>;
  /** Records due for a check at `now`, oldest first. */
  due(now: number, limit: number): Promise<PendingWrite[]>;
  /**
   * Removes the record. With `outbox`, closes it: the events are written in the same step,
   * and only when the record was still there (false when it was not), so two settlers of one
   * write, a request's retry and the sweep, write its events once.
   */
  remove(id: string, outbox?: OutboxWrite): Promise<boolean>;
}

/** A set of ids remembered until a time: "this waiver is stored", "this appointment is settled". */
export interface Ledger {
  has(id: string): Promise<boolean>;
  add(id: string, keepUntil: number): Promise<void>;
}

/** A demo clinic's patient, appointment or waiver, as the demo provider writes it. */
export interface DemoAppointmentRow {
  id: string;
  practitionerId: string;
  start: number;
  end: number;
  cancelled: boolean;
  data: JsonObject;
}

/** The demo clinic's own records, so it behaves like a real clinic across restarts. */
export interface DemoRecordStore {
  nextId(): Promise<string>;
  patients(clinicId: string): Promise<Array<{ id: string; data: JsonObject }>>;
  addPatient(clinicId: string, id: string, data: JsonObject): Promise<void>;
  appointments(clinicId: string): Promise<DemoAppointmentRow[]>;
  /** Adds the appointment unless a live one of the same practitioner overlaps it; false then. */
  addAppointmentIfFree(clinicId: string, row: Omit<DemoAppointmentRow, 'cancelled'>): Promise<boolean>;
  /**
   * Moves a live appointment to this practitioner and time (and replaces its data) unless
   * another live appointment of that practitioner overlaps it; false then, or when it is not live.
   */
  moveAppointmentIfFree(
    clinicId: string,
    id: string,
    to: Pick<DemoAppointmentRow, 'practitionerId' | 'start' | 'end' | 'data'>,
  ): Promise<boolean>;
  cancelAppointment(clinicId: string, id: string): Promise<void>;
  waivers(clinicId: string): Promise<Array<{ appointmentId: string; data: JsonObject }>>;
  /** Stores the appointment's waiver unless it has one; false when it had. */
  addWaiver(clinicId: string, appointmentId: string, data: JsonObject): Promise<boolean>;
}

/** A capacity alert's state as the store keeps it (`capacity/alert-detector.ts`'s `AlertState`). */
export interface CapacitySignalState {
  level: 'low' | 'ok';
  /** Crossings so far, both directions: only ever grows, so it is the state's version. */
  crossings: number;
  /** ISO 8601. */
  changedAt: string;
}

/** A crossing's event waiting to be handed to delivery (a webhook), kept until it was. */
export interface CapacitySignalEvent {
  id: string;
  clinicId: string;
  event: JsonObject;
  createdAt: number;
}

/**
 * "Booked solid" alert states and their events, shared by every instance, so a restart or
 * a second instance neither repeats nor misses a crossing.
 */
export interface CapacitySignalRecords {
  /** The alert's last state, or null when it was never checked. */
  load(clinicId: string, alertKey: string): Promise<CapacitySignalState | null>;
  /**
   * Compare-and-set: stores `next` only while the stored state is still `previous` (null:
   * none stored; compared by `crossings`), and queues `event` in the same step. False when
   * another check changed it first: that check's event is the one, this one is dropped.
   */
  transition(
    clinicId: string,
    alertKey: string,
    previous: CapacitySignalState | null,
    next: CapacitySignalState,
    event: { id: string; body: JsonObject } | null,
  ): Promise<boolean>;
  /** Queued events not yet handed on, oldest first. */
  undelivered(limit: number): Promise<CapacitySignalEvent[]>;
  /** The event was handed on; it leaves the queue. */
  delivered(id: string): Promise<void>;
}

export interface Store {
  readonly engine: 'memory' | 'pglite' | 'postgres';
  readonly idempotency: IdempotencyRecords;
  readonly locks: Locks;
  readonly rateLimits: SharedRateLimits;
  readonly budgets: UpstreamBudgetStore;
  readonly pendingWrites: PendingWrites;
  /** Halaxy: appointments whose waiver note is stored (notes cannot be read back). */
  readonly waivers: Ledger;
  /** Cliniko: appointments whose double-booking conflicts have been settled. */
  readonly settlements: Ledger;
  readonly demo: DemoRecordStore;
  /** Capacity alert states and their queued events (`capacity/alert-monitor.ts`). */
  readonly capacitySignals: CapacitySignalRecords;
  /** Webhook events waiting for delivery, delivered, or given up on (`webhooks/`). */
  readonly webhooks: WebhookOutbox;
  /** Patients' moves: the ids of the changes made to each appointment (`manage/manage-booking.ts`). */
  readonly changes: Ledger;
  /** The store's clock (epoch ms). */
  now(): number;
  /** True when the store answers. */
  ready(): Promise<boolean>;
  /** Drops what has expired: finished idempotency records, ledgers, old counters. */
  purgeExpired(): Promise<void>;
  close(): Promise<void>;
}
