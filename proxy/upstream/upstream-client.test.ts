import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { ApiError } from '../http/api-error.ts';
import { createJsonLogger } from '../logger.ts';
import { RequestBudget } from './request-budget.ts';
import { UpstreamClient, type UpstreamClientOptions } from './upstream-client.ts';

const BASE = 'https://upstream.test';
const server = setupServer();
before(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
after(() => server.close());

function client(overrides: Partial<UpstreamClientOptions> = {}) {
  const logs: string[] = [];
  const slept: number[] = [];
  let clock = 1_700_000_000_000;
  const upstream = new UpstreamClient({
    system: 'test',
    clinicId: 'c1',
    fetch: (...args) => fetch(...args),
    logger: createJsonLogger({ write: (l) => logs.push(l), minLevel: 'debug' }),
    auth: { headers: async () => ({ Authorization: 'Basic c2VjcmV0Og==' }) },
    headers: { 'User-Agent': 'Test (ops@test.example)' },
    now: () => clock,
    sleep: async (ms) => {
      slept.push(ms);
      clock += ms;
    },
    random: () => 0.5,
    ...overrides,
  });
  return { upstream, logs, slept };
}

async function rejectsWith(promise: Promise<unknown>, status: number, code: string) {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof ApiError, String(error));
    assert.equal(error.status, status);
    assert.equal(error.code, code);
    return true;
  });
}

describe('UpstreamClient', () => {
  it('sends auth and configured headers, and returns 2xx and ordinary 4xx answers', async () => {
    server.use(
      http.get(`${BASE}/ok`, ({ request }) =>
        HttpResponse.json({
          auth: request.headers.get('authorization'),
          ua: request.headers.get('user-agent'),
        }),
      ),
      http.get(`${BASE}/missing`, () => new HttpResponse(null, { status: 404 })),
    );
    const { upstream } = client();
    assert.deepEqual(await upstream.json({ method: 'GET', url: `${BASE}/ok`, operation: 'ok' }), {
      auth: 'Basic c2VjcmV0Og==',
      ua: 'Test (ops@test.example)',
    });
    assert.equal(
      (await upstream.send({ method: 'GET', url: `${BASE}/missing`, operation: 'missing' })).status,
      404,
    );
  });

  it('retries a failing read with growing, jittered backoff, then succeeds', async () => {
    let calls = 0;
    server.use(
      http.get(`${BASE}/flaky`, () =>
        ++calls < 3 ? new HttpResponse(null, { status: 502 }) : HttpResponse.json({ ok: true }),
      ),
    );
    const { upstream, slept } = client();
    assert.deepEqual(await upstream.json({ method: 'GET', url: `${BASE}/flaky`, operation: 'flaky' }), {
      ok: true,
    });
    assert.equal(calls, 3);
    assert.deepEqual(slept, [150, 300]);
  });

  it('gives up on a read that keeps failing with 503 and Retry-After', async () => {
    let calls = 0;
    server.use(
      http.get(`${BASE}/down`, () => {
        calls++;
        return new HttpResponse(null, { status: 503 });
      }),
    );
    const { upstream } = client();
    const attempt = upstream.send({ method: 'GET', url: `${BASE}/down`, operation: 'down' });
    await rejectsWith(attempt, 503, 'upstream_unavailable');
    await attempt.catch((error: ApiError) => assert.ok(Number(error.headers?.['Retry-After']) > 0));
    assert.equal(calls, 3);
  });

  it('never repeats a write after a 500, and says the outcome is unconfirmed', async () => {
    let calls = 0;
    server.use(
      http.post(`${BASE}/appointments`, () => {
        calls++;
        return new HttpResponse(null, { status: 500 });
      }),
    );
    const { upstream } = client();
    await rejectsWith(
      upstream.send({
        method: 'POST',
        url: `${BASE}/appointments`,
        operation: 'appointments.create',
        body: '{}',
      }),
      503,
      'upstream_unavailable',
    );
    assert.equal(calls, 1);
  });

  it('times out a hanging request, retrying reads but not writes', async () => {
    let reads = 0;
    let writes = 0;
    server.use(
      http.get(`${BASE}/slow`, async () => {
        reads++;
        await new Promise((resolve) => setTimeout(resolve, 500));
        return HttpResponse.json({});
      }),
      http.post(`${BASE}/slow`, async () => {
        writes++;
        await new Promise((resolve) => setTimeout(resolve, 500));
        return HttpResponse.json({});
      }),
    );
    const { upstream } = client({ timeoutMs: 50 });
    await rejectsWith(
      upstream.send({ method: 'GET', url: `${BASE}/slow`, operation: 'slow' }),
      503,
      'upstream_unavailable',
    );
    await rejectsWith(
      upstream.send({ method: 'POST', url: `${BASE}/slow`, operation: 'slow', body: '{}' }),
      503,
      'upstream_unavailable',
    );
    assert.equal(reads, 3);
    assert.equal(writes, 1);
  });

  it('waits until X-RateLimit-Reset on a 429, then retries (writes too: a 429 was not processed)', async () => {
    let calls = 0;
    const { upstream, slept } = client();
    const reset = Math.floor(1_700_000_000_000 / 1000) + 5;
    server.use(
      http.post(`${BASE}/limited`, () =>
        ++calls === 1
          ? new HttpResponse(null, { status: 429, headers: { 'X-RateLimit-Reset': String(reset) } })
          : HttpResponse.json({ ok: true }, { status: 201 }),
      ),
    );
    const res = await upstream.send({
      method: 'POST',
      url: `${BASE}/limited`,
      operation: 'limited',
      body: '{}',
    });
    assert.equal(res.status, 201);
    assert.deepEqual(slept, [5000]);
  });

  it('answers 503 with Retry-After when the rate limit wait is too long', async () => {
    server.use(
      http.get(
        `${BASE}/limited`,
        () => new HttpResponse(null, { status: 429, headers: { 'Retry-After': '120' } }),
      ),
    );
    const { upstream } = client();
    const attempt = upstream.send({ method: 'GET', url: `${BASE}/limited`, operation: 'limited' });
    await rejectsWith(attempt, 503, 'upstream_unavailable');
    await attempt.catch((error: ApiError) => assert.equal(error.headers?.['Retry-After'], '120'));
  });

  it('reads a 429 that names no wait as a minute, and pauses every request on the credential for it', async () => {
    let calls = 0;
    server.use(
      http.get(`${BASE}/limited`, () => {
        calls += 1;
        return new HttpResponse(null, { status: 429 });
      }),
    );
    const clock = 1_700_000_000_000;
    const budget = new RequestBudget({ limit: 100, now: () => clock });
    const { upstream } = client({ budget, now: () => clock });
    const attempt = upstream.send({ method: 'GET', url: `${BASE}/limited`, operation: 'limited' });
    await rejectsWith(attempt, 503, 'upstream_unavailable');
    await attempt.catch((error: ApiError) => assert.equal(error.headers?.['Retry-After'], '60'));
    assert.equal(calls, 1, 'not resent at once');
    // Another request on the same credential (another instance, on a shared store) waits too.
    await assert.rejects(budget.acquire(59_000), /busy/);
  });

  it('gives a hanging practice system one deadline for the whole read, retries included', async () => {
    let attempts = 0;
    server.use(
      http.get(`${BASE}/hang`, async () => {
        attempts += 1;
        await new Promise((resolve) => setTimeout(resolve, 5_000));
        return HttpResponse.json({});
      }),
    );
    // Real sleeps here: the deadline is on the real clock.
    const { upstream } = client({
      timeoutMs: 1_000,
      deadlineMs: 1_600,
      now: Date.now,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    });
    await rejectsWith(
      upstream.send({ method: 'GET', url: `${BASE}/hang`, operation: 'hang' }),
      503,
      'upstream_unavailable',
    );
    assert.equal(attempts, 2, 'one retry fits in the deadline, not two');
  });

  it('maps 401 to a friendly 502 and logs the misconfiguration without the credential', async () => {
    server.use(
      http.get(`${BASE}/private`, () => new HttpResponse('HTTP Basic: Access denied.', { status: 401 })),
    );
    const { upstream, logs } = client();
    await rejectsWith(
      upstream.send({ method: 'GET', url: `${BASE}/private`, operation: 'private' }),
      502,
      'upstream_error',
    );
    assert.ok(logs.some((l) => l.includes('upstream.auth_failed')));
    assert.ok(logs.every((l) => !l.includes('c2VjcmV0') && !l.includes('Access denied')));
  });

  it('renews credentials once on a 401 and retries', async () => {
    let token = 'old';
    server.use(
      http.get(`${BASE}/token`, ({ request }) =>
        request.headers.get('authorization') === 'Bearer new'
          ? HttpResponse.json({ ok: true })
          : new HttpResponse(null, { status: 401 }),
      ),
    );
    const { upstream } = client({
      auth: {
        headers: async () => ({ Authorization: `Bearer ${token}` }),
        refresh: async () => {
          token = 'new';
          return true;
        },
      },
    });
    assert.deepEqual(await upstream.json({ method: 'GET', url: `${BASE}/token`, operation: 'token' }), {
      ok: true,
    });
  });

  it('spends a request budget before sending', async () => {
    server.use(http.get(`${BASE}/ok`, () => HttpResponse.json({})));
    let clock = 0;
    const budget = new RequestBudget({ limit: 2, now: () => clock, sleep: async (ms) => void (clock += ms) });
    const { upstream } = client({ budget, now: () => clock, maxRateLimitWaitMs: 60_000 });
    for (let i = 0; i < 3; i++) await upstream.send({ method: 'GET', url: `${BASE}/ok`, operation: 'ok' });
    assert.equal(clock, 60_000);
  });
});
