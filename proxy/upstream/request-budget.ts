/**
 * A per-credential request budget: at most `limit` upstream requests in any `windowMs`.
 * Cliniko allows 200 a minute per API key and Halaxy 500 a minute per client, shared by
 * every patient browsing that clinic, so the proxy spends the budget itself instead of
 * discovering it through 429s. The counts live in the store, so every instance on one
 * database spends one budget, and a 429 pauses them all.
 */
import { ApiError } from '../http/api-error.ts';
import { createMemoryStore } from '../store/memory-store.ts';
import type { UpstreamBudgetStore } from '../store/store.ts';
import { sha256Hex } from '../security/sha256.ts';

export interface RequestBudgetOptions {
  limit: number;
  windowMs?: number;
  /** Where the counts live; default a store of this process's own (with `now`). */
  store?: UpstreamBudgetStore;
  /** The credential's id in the store; never the credential itself (see {@link RequestBudgets}). */
  key?: string | Promise<string>;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export class RequestBudget {
  readonly limit: number;
  readonly #windowMs: number;
  readonly #store: UpstreamBudgetStore;
  readonly #key: string | Promise<string>;
  readonly #sleep: (ms: number) => Promise<void>;

  constructor(options: RequestBudgetOptions) {
    this.limit = options.limit;
    this.#windowMs = options.windowMs ?? 60_000;
    this.#store = options.store ?? createMemoryStore(options.now ? { now: options.now } : {}).budgets;
    this.#key = options.key ?? 'budget';
    this.#sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /**
   * Takes one request from the budget, waiting for the window to free one when it is
   * spent. Refuses with 503 when the wait would exceed `maxWaitMs`: a patient should not
   * watch a spinner for a minute.
   */
  async acquire(maxWaitMs: number): Promise<void> {
    const key = await this.#key;
    for (;;) {
      const wait = await this.#store.take(key, this.limit, this.#windowMs);
      if (wait <= 0) return;
      if (wait > maxWaitMs) throw busy(wait);
      await this.#sleep(wait);
    }
  }

  /** Stops all requests, on every instance, until `until` (epoch ms), as the upstream's 429 asked. */
  async pauseUntil(until: number): Promise<void> {
    await this.#store.pauseUntil(await this.#key, until);
  }

  /** Requests sent in the current window, for metrics and tests. */
  async used(): Promise<number> {
    return this.#store.used(await this.#key, this.#windowMs);
  }
}

function busy(waitMs: number): ApiError {
  return new ApiError(
    503,
    'upstream_unavailable',
    'The clinic’s booking system is busy right now. Please try again in a minute.',
    {
      headers: { 'Retry-After': String(Math.ceil(waitMs / 1000)) },
    },
  );
}

export interface RequestBudgetsOptions {
  /** Where the counts live; default a store of this process's own. */
  store?: UpstreamBudgetStore;
  now?: () => number;
}

/** One budget per credential, so clinics (and instances) that share a key share its limit. */
export class RequestBudgets {
  readonly #budgets = new Map<string, RequestBudget>();
  readonly #store: UpstreamBudgetStore;

  /** @param options the store, or (for simulations) the clock of a store of this process's own */
  constructor(options: RequestBudgetsOptions | (() => number) = {}) {
    const o = typeof options === 'function' ? { now: options } : options;
    this.#store = o.store ?? createMemoryStore(o.now ? { now: o.now } : {}).budgets;
  }

  /**
   * The budget for a credential, named by an opaque identifier (system, base URL and key).
   * The store keeps only a SHA-256 of it, so no credential is written to the database.
   */
  get(credential: string, limit: number): RequestBudget {
    let budget = this.#budgets.get(credential);
    if (!budget) {
      budget = new RequestBudget({ limit, store: this.#store, key: sha256Hex(credential) });
      this.#budgets.set(credential, budget);
    }
    return budget;
  }
}
