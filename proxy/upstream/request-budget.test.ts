import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from '../http/api-error.ts';
import { createMemoryStore } from '../store/memory-store.ts';
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
    await b.pauseUntil(7000);
    await b.acquire(10_000);
    assert.deepEqual(waits, [7000]);
  });

  it('is shared by clinics that use the same credential, and by budgets on one store', async () => {
    const store = createMemoryStore();
    const budgets = new RequestBudgets({ store: store.budgets });
    const elsewhere = new RequestBudgets({ store: store.budgets });
    await budgets.get('cliniko|key-a', 2).acquire(0);
    await elsewhere.get('cliniko|key-a', 2).acquire(0);
    await assert.rejects(budgets.get('cliniko|key-a', 2).acquire(0), /busy/);
    await budgets.get('cliniko|key-b', 2).acquire(0);
    assert.equal(await budgets.get('cliniko|key-b', 2).used(), 1);
  });
});
