/**
 * Running work under a store lock: waits for the lock (bounded), renews its lease while the
 * work runs, and releases it after. A holder that dies stops renewing, and the lease ends
 * within `leaseMs`, so a kill -9 never leaves a slot locked for good.
 */
import { ApiError } from '../http/api-error.ts';
import type { Locks } from './store.ts';

export interface LeasedLockOptions {
  /** How long a silent holder keeps the lock; default 10 s, renewed every third of it. */
  leaseMs?: number;
  /** Longest wait for the lock before answering 503; default 10 s. */
  waitMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_LEASE_MS = 10_000;

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Waits for the lock on `key`; returns its token, or throws 503 after `waitMs`. */
export async function acquireLock(
  locks: Locks,
  key: string,
  leaseMs: number,
  waitMs: number,
  sleep: (ms: number) => Promise<void> = realSleep,
): Promise<string> {
  const started = Date.now();
  for (let attempt = 0; ; attempt += 1) {
    const token = await locks.acquire(key, leaseMs);
    if (token) return token;
    if (Date.now() - started >= waitMs) throw busy();
    // Short at first (a slot re-check takes milliseconds), then backing off, with jitter.
    await sleep(Math.min(250, 10 * 2 ** Math.min(attempt, 5)) * (0.5 + Math.random()));
  }
}

/** Renews `token`'s lease every third of `leaseMs` until the returned stop is called. */
export function keepRenewing(renew: () => Promise<boolean>, leaseMs: number): () => void {
  const timer = setInterval(() => void renew().catch(() => false), Math.max(50, Math.floor(leaseMs / 3)));
  // A renewal timer must never keep a process alive that has nothing else to do.
  (timer as { unref?: () => void }).unref?.();
  return () => clearInterval(timer);
}

/** Runs `task` holding the lock on `key`. */
export async function withLock<T>(
  locks: Locks,
  key: string,
  task: () => Promise<T>,
  options: LeasedLockOptions = {},
): Promise<T> {
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const token = await acquireLock(locks, key, leaseMs, options.waitMs ?? 10_000, options.sleep);
  const stop = keepRenewing(() => locks.renew(key, token, leaseMs), leaseMs);
  try {
    return await task();
  } finally {
    stop();
    await locks.release(key, token).catch(() => undefined);
  }
}

function busy(): ApiError {
  return new ApiError(
    503,
    'upstream_unavailable',
    'The clinic’s booking system is busy right now. Please try again in a moment: you will not be booked twice.',
    { headers: { 'Retry-After': '2' } },
  );
}
