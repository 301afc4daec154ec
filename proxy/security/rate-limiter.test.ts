import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RateLimiter } from './rate-limiter.ts';

const TEN_A_MINUTE = { limit: 10, windowSeconds: 60 };

/** A limiter on a clock the test moves. */
function limiterAt(start = 0, maxKeys?: number) {
  const clock = { now: start };
  const limiter = new RateLimiter({ now: () => clock.now, ...(maxKeys ? { maxKeys } : {}) });
  return { limiter, clock };
}

function spendAll(limiter: RateLimiter, key: string, times: number) {
  return Array.from({ length: times }, () => limiter.take(key, TEN_A_MINUTE).allowed);
}

describe('RateLimiter', () => {
  it('lets a burst of the limit through, then refuses with how long to wait', () => {
    const { limiter } = limiterAt();
    assert.deepEqual(spendAll(limiter, 'a', 10), Array(10).fill(true));
    assert.deepEqual(limiter.take('a', TEN_A_MINUTE), { allowed: false, retryAfterSeconds: 6 });
  });

  it('earns requests back evenly over the window, never more than the limit', () => {
    const { limiter, clock } = limiterAt();
    spendAll(limiter, 'a', 10);
    clock.now += 6_000; // one request's worth
    assert.equal(limiter.take('a', TEN_A_MINUTE).allowed, true);
    assert.equal(limiter.take('a', TEN_A_MINUTE).allowed, false);
    clock.now += 3_600_000;
    assert.equal(spendAll(limiter, 'a', 11).filter(Boolean).length, 10);
  });

  it('counts each key apart', () => {
    const { limiter } = limiterAt();
    spendAll(limiter, 'a', 10);
    assert.equal(limiter.take('b', TEN_A_MINUTE).allowed, true);
    assert.equal(limiter.take('a', TEN_A_MINUTE).allowed, false);
  });

  it('keeps at most maxKeys buckets, forgetting first one not spent since it last went to the back', () => {
    const { limiter } = limiterAt(0, 3);
    spendAll(limiter, 'old', 10);
    spendAll(limiter, 'busy', 10);
    limiter.take('once', TEN_A_MINUTE);
    // Room for 'new': 'old' and 'busy' were spent again after they were added, so they go to
    // the back; 'once' was not, and is forgotten.
    limiter.take('new', TEN_A_MINUTE);
    // 'busy' is spent again, 'old' is not: room for one more forgets 'old'.
    assert.equal(limiter.take('busy', TEN_A_MINUTE).allowed, false);
    limiter.take('newer', TEN_A_MINUTE);
    assert.equal(limiter.take('busy', TEN_A_MINUTE).allowed, false, 'the busy key is still counted');
    // A forgotten bucket is a full one.
    assert.equal(limiter.take('old', TEN_A_MINUTE).allowed, true);
  });

  it('keeps counting a key spent by every request while thousands of one-off keys pass', () => {
    // A clinic's shared allowance beside each patient's own: the clinic key must not be
    // forgotten however many patients come and go, or its limit would reset.
    const { limiter } = limiterAt(0, 100);
    const clinicRule = { limit: 5_000, windowSeconds: 60 };
    let clinicAllowed = 0;
    for (let i = 0; i < 6_000; i++) {
      limiter.take(`client|${i}`, TEN_A_MINUTE);
      if (limiter.take('clinic|demo', clinicRule).allowed) clinicAllowed += 1;
    }
    assert.equal(clinicAllowed, 5_000);
  });
});
