import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from '../http/api-error.ts';
import { RequestBudget, RequestBudgets } from './request-budget.ts';

function budget(limit: number) {
  let clock = 0;
  const waits: number[] = [];
  const b = new RequestBudget({
    limit,
    now: () => clock,
    sleep: async (ms) => {
      waits.push(ms);
      clock += ms;
    },
  });
  return { b, waits, advance: (ms: number) => (clock += ms) };
}

describe('RequestBudget', () => {
  it('lets `limit` requests through at once, then waits for the window to free one', async () => {
    const { b, waits } = budget(3);
    for (let i = 0; i < 3; i++) await b.acquire(60_000);
    assert.deepEqual(waits, []);
    await b.acquire(60_000);
    assert.deepEqual(waits, [60_000]);
  });

  it('refuses with 503 and Retry-After when the wait is longer than allowed', async () => {
    const { b, advance } = budget(1);
    await b.acquire(1000);
    advance(10_000);
    await assert.rejects(
      b.acquire(1000),
      (error: unknown) =>
        error instanceof ApiError && error.status === 503 && error.headers?.['Retry-After'] === '50',
    );
  });

  it('pauses everything until an upstream reset', async () => {
    const { b, waits } = budget(100);
    b.pauseUntil(7000);
    await b.acquire(10_000);
    assert.deepEqual(waits, [7000]);
  });

  it('is shared by clinics that use the same credential', () => {
    const budgets = new RequestBudgets();
    assert.equal(budgets.get('key-a', 200), budgets.get('key-a', 200));
    assert.notEqual(budgets.get('key-a', 200), budgets.get('key-b', 200));
  });
});
