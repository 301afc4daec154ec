/**
 * What an attempt's result means for the delivery: delivered, try again later, or failed.
 *
 * - 2xx: delivered.
 * - No answer (network error, timeout), 408, 429 and 5xx: tried again with exponential
 *   backoff and full jitter (30 s doubling, each wait at most 6 h), honouring `Retry-After`,
 *   for {@link RETRY_FOR_MS} (27 h, past the day a receiver's outage may last) from the event,
 *   the last attempt at its end.
 * - Any other status (4xx, and 3xx: redirects are not followed), or an address the guard
 *   refuses: tried {@link MAX_REFUSED_ATTEMPTS} times (a mistake being fixed), then failed.
 */
import type { DeliveryOutcome } from '../store/webhook-outbox.ts';
import type { SendResult } from './webhook-sender.ts';

export const FIRST_RETRY_MS = 30_000;
export const MAX_RETRY_WAIT_MS = 6 * 3_600_000;
export const RETRY_FOR_MS = 27 * 3_600_000;
export const MAX_REFUSED_ATTEMPTS = 3;

export interface AttemptContext {
  /** Attempts before this one. */
  attempts: number;
  /** When the event was written (epoch ms). */
  createdAt: number;
  now: number;
  /** 0 ≤ random < 1; `Math.random` by default. */
  random?: () => number;
  /** The first wait's step; {@link FIRST_RETRY_MS} by default (shorter only in tests). */
  firstRetryMs?: number;
}

/** The error code an attempt leaves on the row: `http_503`, `timeout`, … */
export function errorCode(result: SendResult): string {
  return result.kind === 'status' ? `http_${result.status}` : result.code;
}

/** `Retry-After` in seconds or as an HTTP date, as milliseconds from `now`; null if unreadable. */
export function retryAfterMs(value: string | undefined, now: number): number | null {
  if (value === undefined) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

function backoffMs(attempts: number, random: () => number, first = FIRST_RETRY_MS): number {
  const ceiling = Math.min(MAX_RETRY_WAIT_MS, first * 2 ** Math.min(attempts, 20));
  // Full jitter, never under half the step: receivers coming back up are not stampeded.
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export function outcomeOf(result: SendResult, context: AttemptContext): DeliveryOutcome {
  const random = context.random ?? Math.random;
  if (result.kind === 'status' && result.status >= 200 && result.status < 300) return { kind: 'delivered' };
  const error = errorCode(result);
  const transient =
    result.kind === 'error'
      ? result.code !== 'address_refused'
      : result.status === 408 || result.status === 429 || result.status >= 500;
  if (!transient) {
    return context.attempts + 1 >= MAX_REFUSED_ATTEMPTS
      ? { kind: 'failed', error }
      : {
          kind: 'retry',
          error,
          nextAttemptAt: context.now + backoffMs(context.attempts, random, context.firstRetryMs),
        };
  }
  let wait = backoffMs(context.attempts, random, context.firstRetryMs);
  const asked = result.kind === 'status' ? retryAfterMs(result.retryAfter, context.now) : null;
  if (asked !== null) wait = Math.min(MAX_RETRY_WAIT_MS, Math.max(wait, asked));
  const lastChance = context.createdAt + RETRY_FOR_MS;
  if (context.now >= lastChance) return { kind: 'failed', error };
  // The last attempt is made at the end of the period, not skipped for lack of room.
  return { kind: 'retry', error, nextAttemptAt: Math.min(context.now + wait, lastChance) };
}
