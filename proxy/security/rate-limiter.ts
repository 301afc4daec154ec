/**
 * Token buckets in memory: each key may spend `limit` requests at once and earns them back
 * evenly over `windowSeconds`, so a steady user never notices and a burst is cut off.
 *
 * Bounded: at most `maxKeys` buckets; the least recently used go first (a forgotten bucket
 * is a full one, so eviction only ever errs towards letting a request through). One proxy
 * instance counts for itself; several instances each allow the limit.
 */

/** `limit` requests per `windowSeconds`, refilled continuously. */
export interface RateLimitRule {
  limit: number;
  windowSeconds: number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export class RateLimiter {
  readonly #buckets = new Map<string, Bucket>();
  readonly #maxKeys: number;
  readonly #now: () => number;

  constructor(options: { maxKeys?: number; now?: () => number } = {}) {
    this.#maxKeys = options.maxKeys ?? 50_000;
    this.#now = options.now ?? Date.now;
  }

  /** Spends one request from `key`'s bucket under `rule`, or says how long to wait. */
  take(key: string, rule: RateLimitRule): RateDecision {
    const now = this.#now();
    const perMs = rule.limit / (rule.windowSeconds * 1000);
    const bucket = this.#buckets.get(key);
    const tokens = bucket
      ? Math.min(rule.limit, bucket.tokens + (now - bucket.updatedAt) * perMs)
      : rule.limit;
    this.#buckets.delete(key);
    if (tokens < 1) {
      this.#buckets.set(key, { tokens, updatedAt: now });
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / perMs / 1000)) };
    }
    this.#buckets.set(key, { tokens: tokens - 1, updatedAt: now });
    while (this.#buckets.size > this.#maxKeys) {
      const oldest = this.#buckets.keys().next().value;
      if (oldest === undefined) break;
      this.#buckets.delete(oldest);
    }
    return { allowed: true };
  }
}
