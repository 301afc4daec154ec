/**
 * `GET /readyz` says whether this instance should get traffic: the store answers and the
 * process is not shutting down. `GET /healthz` stays a liveness check.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createApp } from './app.ts';
import { silentLogger } from './logger.ts';
import { createMemoryStore } from './store/memory-store.ts';

describe('readiness', () => {
  it('is ready when the store answers, and not while draining or when the store is down', async () => {
    let draining = false;
    let storeUp = true;
    const store = { ...createMemoryStore(), ready: async () => storeUp };
    const app = createApp({ clinics: [], store, logger: silentLogger, draining: () => draining });
    const ready = await app.request('/readyz');
    assert.equal(ready.status, 200);
    assert.deepEqual(await ready.json(), { ready: true, store: 'ready', draining: false });
    assert.equal(ready.headers.get('Cache-Control'), 'no-store');

    draining = true;
    const leaving = await app.request('/readyz');
    assert.equal(leaving.status, 503);
    assert.deepEqual(await leaving.json(), { ready: false, store: 'ready', draining: true });

    draining = false;
    storeUp = false;
    const down = await app.request('/readyz');
    assert.equal(down.status, 503);
    assert.deepEqual(await down.json(), { ready: false, store: 'unavailable', draining: false });
    assert.equal((await app.request('/healthz')).status, 200, 'alive all the same');
  });
});
