/**
 * Remembers the outcome of each booking request by its `Idempotency-Key`, so a retried or
 * double-clicked booking returns the first result instead of booking twice.
 *
 * - A repeat while the first is still running waits for the same promise.
 * - A repeat with a different body is refused (422 `idempotency_key_reused`).
 * - A failed attempt is forgotten, so the patient's retry runs again; the provider's own
 *   lookups (existing patient, existing appointment) keep that re-run from duplicating.
 * - Bounded in size and time: the oldest entries go first.
 */
import { ApiError } from '../http/api-error.ts';
import { sha256Hex } from '../security/sha256.ts';

interface Entry<T> {
  fingerprint: string;
  result: Promise<T>;
  expiresAt: number;
}

export interface IdempotencyStoreOptions {
  maxEntries?: number;
  ttlMs?: number;
  now?: () => Date;
}

export class IdempotencyStore<T> {
  readonly #entries = new Map<string, Entry<T>>();
  readonly #maxEntries: number;
  readonly #ttlMs: number;
  readonly #now: () => Date;

  constructor(options: IdempotencyStoreOptions = {}) {
    this.#maxEntries = options.maxEntries ?? 10_000;
    this.#ttlMs = options.ttlMs ?? 24 * 60 * 60 * 1000;
    this.#now = options.now ?? (() => new Date());
  }

  /** Runs `task` for a new key, or returns the remembered result for a repeated one. */
  run(key: string, fingerprint: string, task: () => Promise<T>): Promise<T> {
    const now = this.#now().getTime();
    const existing = this.#entries.get(key);
    if (existing && existing.expiresAt > now) {
      if (existing.fingerprint !== fingerprint) {
        return Promise.reject(
          new ApiError(
            422,
            'idempotency_key_reused',
            'This booking request was already used for different details. Please reload and try again.',
          ),
        );
      }
      return existing.result;
    }
    const result = task();
    this.#entries.delete(key);
    this.#entries.set(key, { fingerprint, result, expiresAt: now + this.#ttlMs });
    result.catch(() => {
      if (this.#entries.get(key)?.result === result) this.#entries.delete(key);
    });
    while (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) break;
      this.#entries.delete(oldest);
    }
    return result;
  }
}

/** A SHA-256 hex digest of a value's JSON, to compare request bodies without keeping them. */
export function fingerprintOf(value: unknown): Promise<string> {
  return sha256Hex(JSON.stringify(value));
}
