/**
 * A patient's appointments at one start, looked up once and shared for a few seconds. For
 * "any practitioner" the booking service asks `findAppointment` once per practitioner; a
 * practice system that answers all of a patient's appointments in one search (Cliniko,
 * Halaxy) then makes that search once. A failed lookup is not kept, and a provider forgets a
 * patient's lookups whenever it books for them, so a later retry asks afresh.
 */

/** How long a lookup is reused. */
export const LOOKUP_REUSE_MS = 10_000;

export class SharedLookups<T> {
  readonly #now: () => number;
  readonly #reuseMs: number;
  /** In flight or just made, by patient and start. */
  readonly #entries = new Map<string, { at: number; result: Promise<T> }>();

  constructor(now: () => number, reuseMs = LOOKUP_REUSE_MS) {
    this.#now = now;
    this.#reuseMs = reuseMs;
  }

  /** The patient's lookup at `start`: the one made in the last few seconds, or `load()` now. */
  get(patientId: string, start: Date, load: () => Promise<T>): Promise<T> {
    const key = keyOf(patientId, start);
    const now = this.#now();
    const entry = this.#entries.get(key);
    if (entry && now - entry.at <= this.#reuseMs) return entry.result;
    for (const [k, e] of this.#entries) if (now - e.at > this.#reuseMs) this.#entries.delete(k);
    const result = load();
    this.#entries.set(key, { at: now, result });
    result.catch(() => this.#entries.delete(key));
    return result;
  }

  /** Drops the patient's lookup at `start`, so the next asks again. */
  forget(patientId: string, start: Date): void {
    this.#entries.delete(keyOf(patientId, start));
  }

  /** Drops every lookup of the patient: after booking for them, what was found is out of date. */
  forgetPatient(patientId: string): void {
    for (const key of this.#entries.keys()) if (key.startsWith(`${patientId}|`)) this.#entries.delete(key);
  }
}

function keyOf(patientId: string, start: Date): string {
  return `${patientId}|${start.getTime()}`;
}
