import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Hono } from 'hono';
import { availabilityResponseSchema, errorResponseSchema } from '../../shared/contract.ts';
import { bookingFor, createDemoProxy, FIXED_NOW, newKey } from '../../test/helpers/demo-proxy.ts';
import type { AppEnv } from '../env.ts';
import { DEMO_SERVICE_IDS } from '../providers/demo/demo-data.ts';
import { assertRoutesDeclareLimits, spends, type RateLimitPolicy } from './rate-limit.ts';

/** Small limits, so each test needs only a few requests. */
const POLICY: RateLimitPolicy = {
  perClient: {
    bookings: { limit: 2, windowSeconds: 60 },
    availability: { limit: 3, windowSeconds: 60 },
    manage: { limit: 4, windowSeconds: 60 },
    other: { limit: 5, windowSeconds: 60 },
  },
  perClinic: {
    bookings: { limit: 4, windowSeconds: 60 },
    availability: { limit: 5, windowSeconds: 60 },
  },
  perToken: { limit: 3, windowSeconds: 60 },
};

const AVAILABILITY = `/api/clinics/demo/availability?serviceId=${DEMO_SERVICE_IDS.physioInitial}&practitionerId=any&from=2026-11-24&to=2026-11-25`;

/** A demo proxy whose "connection address" is the `x-test-peer` header. */
function proxyWithPeers(clinic: Record<string, unknown> = {}) {
  return createDemoProxy({ rateLimits: POLICY, clientAddress: (c) => c.req.header('x-test-peer') }, clinic);
}

function from(peer: string, init: RequestInit = {}): RequestInit {
  return { ...init, headers: { 'x-test-peer': peer, ...(init.headers as Record<string, string>) } };
}

describe('rate limits', () => {
  it('answers 429 rate_limited with Retry-After once a client spends its availability budget', async () => {
    const { app } = proxyWithPeers();
    for (let i = 0; i < 3; i++)
      assert.equal((await app.request(AVAILABILITY, from('203.0.113.1'))).status, 200);
    const res = await app.request(AVAILABILITY, from('203.0.113.1'));
    assert.equal(res.status, 429);
    assert.equal(errorResponseSchema.parse(await res.json()).error.code, 'rate_limited');
    const retryAfter = Number(res.headers.get('Retry-After'));
    assert.ok(retryAfter >= 1 && retryAfter <= 20, `Retry-After ${retryAfter}`);
    assert.equal(
      (await app.request(AVAILABILITY, from('203.0.113.2'))).status,
      200,
      'another client is not affected',
    );
  });

  it('lets the client back in after Retry-After', async () => {
    const proxy = proxyWithPeers();
    for (let i = 0; i < 3; i++) await proxy.app.request(AVAILABILITY, from('203.0.113.1'));
    const refused = await proxy.app.request(AVAILABILITY, from('203.0.113.1'));
    const wait = Number(refused.headers.get('Retry-After'));
    proxy.setNow(new Date(FIXED_NOW.getTime() + wait * 1000));
    assert.equal((await proxy.app.request(AVAILABILITY, from('203.0.113.1'))).status, 200);
  });

  it('limits bookings per client before reading the body, and books nothing when refused', async () => {
    const proxy = proxyWithPeers();
    const post = () =>
      proxy.app.request(
        '/api/clinics/demo/bookings',
        from('203.0.113.1', {
          method: 'POST',
          body: '{}',
          headers: { 'Content-Type': 'application/json', 'Idempotency-Key': 'key-12345678' },
        }),
      );
    assert.equal((await post()).status, 422);
    assert.equal((await post()).status, 422);
    assert.equal((await post()).status, 429);
    assert.equal((await proxy.provider.records()).appointments.length, 0);
  });

  it('caps what all clients together may ask of one clinic', async () => {
    const { app, logs } = proxyWithPeers();
    const statuses = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await app.request(AVAILABILITY, from(`198.51.100.${i}`))).status);
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429]);
    assert.ok(
      logs.some((line) => line.includes('"event":"rate_limited"') && line.includes('"scope":"clinic"')),
    );
    assert.ok(!logs.some((line) => line.includes('198.51.100.')), 'the log holds no client address');
  });

  it('takes a clinic’s own limit from its config', async () => {
    const { app } = proxyWithPeers({ rateLimits: { availability: { limit: 1, windowSeconds: 60 } } });
    assert.equal((await app.request(AVAILABILITY, from('198.51.100.1'))).status, 200);
    assert.equal((await app.request(AVAILABILITY, from('198.51.100.2'))).status, 429);
  });

  it('counts other API routes per client too, unknown clinics included', async () => {
    const { app } = proxyWithPeers();
    const statuses = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await app.request(`/api/clinics/nope-${i}/services`, from('203.0.113.1'))).status);
    assert.deepEqual(statuses, [404, 404, 404, 404, 404, 429]);
  });

  it('does not believe X-Forwarded-For from a client when no trusted proxy is configured', async () => {
    const { app } = proxyWithPeers();
    const statuses = [];
    for (let i = 0; i < 4; i++) {
      statuses.push(
        (
          await app.request(
            AVAILABILITY,
            from('203.0.113.1', { headers: { 'X-Forwarded-For': `192.0.2.${i}` } }),
          )
        ).status,
      );
    }
    assert.deepEqual(statuses, [200, 200, 200, 429]);
  });

  it('behind a configured trusted proxy, limits each forwarded client separately', async () => {
    const { app } = createDemoProxy({
      rateLimits: POLICY,
      clientAddress: () => '10.0.0.2',
      trustedProxy: { header: 'X-Forwarded-For', hops: 1 },
    });
    const get = (client: string) =>
      app.request(AVAILABILITY, { headers: { 'X-Forwarded-For': `6.6.6.6, ${client}` } });
    for (let i = 0; i < 3; i++) assert.equal((await get('203.0.113.1')).status, 200);
    assert.equal((await get('203.0.113.1')).status, 429);
    assert.equal((await get('203.0.113.2')).status, 200);
  });

  it('lets the widget on an allowed origin read the 429 and its Retry-After', async () => {
    const { app } = proxyWithPeers();
    const cors = { headers: { Origin: 'http://localhost:8787' } };
    for (let i = 0; i < 3; i++) await app.request(AVAILABILITY, from('203.0.113.1', cors));
    const res = await app.request(AVAILABILITY, from('203.0.113.1', cors));
    assert.equal(res.status, 429);
    assert.equal(res.headers.get('Access-Control-Allow-Origin'), 'http://localhost:8787');
    assert.match(res.headers.get('Access-Control-Expose-Headers') ?? '', /Retry-After/i);
  });

  it('applies the defaults when no policy is given', async () => {
    const { app } = createDemoProxy({ clientAddress: () => '203.0.113.1' });
    const statuses = new Set<number>();
    for (let i = 0; i < 121; i++) statuses.add((await app.request(AVAILABILITY)).status);
    assert.deepEqual([...statuses], [200, 429]);
  });

  it('spends the clinic’s booking allowance only on bookings that pass the honeypot, validation and Turnstile', async () => {
    // The defaults: 60 bookings per clinic per 10 minutes, 10 per client.
    const proxy = createDemoProxy({ clientAddress: (c) => c.req.header('x-test-peer') });
    const junk = [
      '{"serviceId":"x"}',
      JSON.stringify({ website: 'https://spam.example', serviceId: 'x' }),
      'not json',
    ];
    for (let i = 0; i < 90; i++) {
      const res = await proxy.app.request(
        '/api/clinics/demo/bookings',
        from(`198.51.100.${i}`, {
          method: 'POST',
          body: junk[i % junk.length],
          headers: { 'Content-Type': 'application/json', 'Idempotency-Key': newKey() },
        }),
      );
      assert.ok(res.status === 400 || res.status === 422, String(res.status));
    }
    const slots = await proxy.app.request(AVAILABILITY, from('203.0.113.50'));
    const [slot] = availabilityResponseSchema.parse(await slots.json()).slots;
    const real = await proxy.app.request(
      '/api/clinics/demo/bookings',
      from('203.0.113.50', {
        method: 'POST',
        body: JSON.stringify(bookingFor(slot!, DEMO_SERVICE_IDS.physioInitial)),
        headers: { 'Content-Type': 'application/json', 'Idempotency-Key': newKey() },
      }),
    );
    assert.equal(real.status, 201, 'the next real patient books');
  });

  it('still counts refused bookings against the sender’s own allowance', async () => {
    const proxy = createDemoProxy({ clientAddress: () => '203.0.113.9' });
    const statuses = [];
    for (let i = 0; i < 11; i++) {
      const res = await proxy.app.request('/api/clinics/demo/bookings', {
        method: 'POST',
        body: '{}',
        headers: { 'Content-Type': 'application/json', 'Idempotency-Key': newKey() },
      });
      statuses.push(res.status);
    }
    assert.deepEqual(statuses, [...Array<number>(10).fill(422), 429]);
  });

  it('refuses to build an app with a clinic route that does not say which limit it spends', () => {
    const app = new Hono<AppEnv>()
      .get('/api/clinics/:clinicId/services', spends('other'), (c) => c.text('ok'))
      .post('/api/clinics/:clinicId/bookings/:id/cancel', (c) => c.text('cancelled'));
    assert.throws(
      () => assertRoutesDeclareLimits(app.routes, '/api/clinics/:clinicId'),
      /POST \/api\/clinics\/:clinicId\/bookings\/:id\/cancel/,
    );
    const fixed = new Hono<AppEnv>().post(
      '/api/clinics/:clinicId/bookings/:id/cancel',
      spends('bookings'),
      (c) => c.text('cancelled'),
    );
    assert.doesNotThrow(() => assertRoutesDeclareLimits(fixed.routes, '/api/clinics/:clinicId'));
  });
});
