/**
 * Runs a request at most once per `Idempotency-Key`, on every instance that shares the
 * store, so a retried or double-clicked booking (or one a load balancer sends to two
 * instances at once) returns the first result instead of booking twice:
 *
 * - the key is claimed in the store before any work starts;
 * - a repeat while the first is still running waits for its record (bounded) and answers
 *   from it; when the first attempt's process died, its lease ends and the repeat takes
 *   over (`resumed`), finishing what was started;
 * - a repeat with a different body is refused (422 `idempotency_key_reused`);
 * - a failed attempt gives the key up, so the patient's retry runs again; the recovery
 *   steps of the booking keep that re-run from duplicating anything.
 */
import { ApiError } from '../http/api-error.ts';
import { keepRenewing } from '../store/leased-lock.ts';
import type { IdempotencyRecords, Json } from '../store/store.ts';
import type { OutboxWrite } from '../store/webhook-outbox.ts';
import { sha256Hex } from '../security/sha256.ts';

export interface RunOnceOptions<T> {
  /** How long a silent attempt keeps the key; renewed while it works. Default 10 s. */
  leaseMs?: number;
  /** Longest wait for another attempt's answer before a 503 asking to retry. */
  waitMs: number;
  /** Until when the finished answer is kept (epoch ms, store clock). */
  keepUntil: (result: T) => number;
  sleep?: (ms: number) => Promise<void>;
  /** Webhook events about the result, recorded in the same step as the result (see `IdempotencyRecords.complete`). */
  outbox?: (result: T) => Promise<OutboxWrite | undefined>;
}

export interface Attempt {
  /** True when an earlier attempt held the key and died: part of its work may be done upstream. */
  resumed: boolean;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function runOnce<T extends Json>(
  records: IdempotencyRecords,
  key: string,
  fingerprint: string,
  task: (attempt: Attempt) => Promise<T>,
  options: RunOnceOptions<T>,
): Promise<T> {
  const leaseMs = options.leaseMs ?? 10_000;
  const sleep = options.sleep ?? realSleep;
  const started = Date.now();
  for (let polls = 0; ; polls += 1) {
    const claim = await records.claim(key, fingerprint, leaseMs);
    if (claim.state === 'mismatch') throw keyReused();
    if (claim.state === 'done') return claim.result as T;
    if (claim.state === 'claimed') {
      const stop = keepRenewing(() => records.renew(key, claim.token, leaseMs), leaseMs);
      let result: T;
      try {
        result = await task({ resumed: claim.resumed });
      } catch (error) {
        stop();
        await records.release(key, claim.token).catch(() => undefined);
        throw error;
      }
      stop();
      const outbox = await options.outbox?.(result);
      await records.complete(key, claim.token, result, options.keepUntil(result), outbox);
      return result;
    }
    if (Date.now() - started >= options.waitMs) throw stillRunning();
    await sleep(Math.min(250, 25 * 2 ** Math.min(polls, 4)));
  }
}

function keyReused(): ApiError {
  return new ApiError(
    422,
    'idempotency_key_reused',
    'This booking request was already used for different details. Please reload and try again.',
  );
}

function stillRunning(): ApiError {
  return new ApiError(
    503,
    'upstream_unavailable',
    'Your booking is still being confirmed with the clinic. Please try again in a moment: you will not be booked twice.',
    { headers: { 'Retry-After': '2' } },
  );
}

/** A SHA-256 hex digest of a value's JSON, to compare request bodies without keeping them. */
export function fingerprintOf(value: unknown): Promise<string> {
  return sha256Hex(JSON.stringify(value));
}
