/**
 * A per-credential request budget: at most `limit` upstream requests in any `windowMs`.
 * Cliniko allows 200 a minute per API key and Halaxy 500 a minute per client, shared by
 * every patient browsing that clinic, so the proxy spends the budget itself instead of
 * discovering it through 429s.
 */
import { ApiError } from '../http/api-error.ts';

export interface RequestBudgetOptions {
  limit: number;
  windowMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export class RequestBudget {
  readonly limit: number;
  readonly #windowMs: number;
  readonly #now: () => number;
  readonly #sleep: (ms: number) => Promise<void>;
  /** Start times of the requests in the current window, oldest first. */
  readonly #sent: number[] = [];
  #pausedUntil = 0;

  constructor(options: RequestBudgetOptions) {
    this.limit = options.limit;
    this.#windowMs = options.windowMs ?? 60_000;
    this.#now = options.now ?? Date.now;
    this.#sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /**
   * Takes one request from the budget, waiting for the window to free one when it is
   * spent. Refuses with 503 when the wait would exceed `maxWaitMs`: a patient should not
   * watch a spinner for a minute.
   */
  async acquire(maxWaitMs: number): Promise<void> {
    for (;;) {
      const now = this.#now();
      while (this.#sent.length > 0 && this.#sent[0]! <= now - this.#windowMs) this.#sent.shift();
      const wait = Math.max(
        this.#pausedUntil - now,
        this.#sent.length >= this.limit ? this.#sent[0]! + this.#windowMs - now : 0,
      );
      if (wait <= 0) {
        this.#sent.push(now);
        return;
      }
      if (wait > maxWaitMs) throw busy(wait);
      await this.#sleep(wait);
    }
  }

  /** Stops all requests until `until` (epoch ms), as the upstream's 429 asked. */
  pauseUntil(until: number): void {
    this.#pausedUntil = Math.max(this.#pausedUntil, until);
  }

  /** Requests sent in the current window, for metrics and tests. */
  used(): number {
    const now = this.#now();
    return this.#sent.filter((t) => t > now - this.#windowMs).length;
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

/** One budget per credential, so clinics that share a key share its limit. */
export class RequestBudgets {
  readonly #budgets = new Map<string, RequestBudget>();
  readonly #now: (() => number) | undefined;

  constructor(now?: () => number) {
    this.#now = now;
  }

  /** The budget for `key` (an opaque credential identifier, never logged). */
  get(key: string, limit: number): RequestBudget {
    let budget = this.#budgets.get(key);
    if (!budget) {
      budget = new RequestBudget({ limit, ...(this.#now ? { now: this.#now } : {}) });
      this.#budgets.set(key, budget);
    }
    return budget;
  }
}
