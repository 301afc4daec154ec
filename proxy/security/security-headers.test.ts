import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { errorResponseSchema } from '../../shared/contract.ts';
import { createDemoProxy } from '../../test/helpers/demo-proxy.ts';
import { MAX_BODY_BYTES } from '../app.ts';
import { clinicConfigSchema } from '../config/clinic-config.ts';
import { DEMO_CLINIC } from '../config/demo-clinic.ts';
import type { BookingProvider } from '../providers/provider.ts';
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { API_SECURE_HEADERS_OPTIONS, API_SECURITY_HEADERS } from './security-headers.ts';

const SECRET = 'sk_live_do-not-leak-4242';

/** A provider whose every call throws an error carrying a secret and a file path. */
const explodingProvider = new Proxy({} as BookingProvider, {
  get: () => async () => {
    throw new Error(`connect failed with key ${SECRET} at /srv/proxy/providers/cliniko.ts:42`);
  },
});

function assertApiHeaders(res: Response, what: string) {
  assert.match(res.headers.get('Content-Security-Policy') ?? '', /default-src 'none'/, what);
  assert.match(res.headers.get('Content-Security-Policy') ?? '', /frame-ancestors 'none'/, what);
  assert.equal(res.headers.get('X-Content-Type-Options'), 'nosniff', what);
  assert.equal(res.headers.get('X-Frame-Options'), 'DENY', what);
  assert.equal(res.headers.get('Referrer-Policy'), 'no-referrer', what);
  assert.match(res.headers.get('Strict-Transport-Security') ?? '', /max-age=\d+/, what);
  assert.equal(res.headers.get('X-Powered-By'), null, what);
}

describe('security headers', () => {
  it('are on every API answer: success, 404, 413, 422 and 500', async () => {
    const { app } = createDemoProxy();
    assertApiHeaders(await app.request('/api/clinics/demo/services'), 'services');
    assertApiHeaders(await app.request('/healthz'), 'healthz');
    assertApiHeaders(await app.request('/api/clinics/nope'), '404 clinic');
    assertApiHeaders(await app.request('/api/nothing-here'), '404 path');
    const big = await app.request('/api/clinics/demo/bookings', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': 'key-12345678' },
      body: 'x'.repeat(MAX_BODY_BYTES + 1),
    });
    assert.equal(big.status, 413);
    assertApiHeaders(big, '413');
    const invalid = await app.request('/api/clinics/demo/bookings', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': 'key-12345678' },
      body: '{}',
    });
    assert.equal(invalid.status, 422);
    assertApiHeaders(invalid, '422');
  });

  it('are on answers a route builds itself with c.json, and on preflights', async () => {
    const { app } = createDemoProxy();
    app.get('/api/clinics/:clinicId/extra', (c) => c.json({ ok: true }, 200));
    const res = await app.request('/api/clinics/demo/extra', {
      headers: { Origin: 'http://localhost:8787' },
    });
    assert.equal(res.status, 200);
    assertApiHeaders(res, 'c.json');
    assert.equal(res.headers.get('Access-Control-Allow-Origin'), 'http://localhost:8787');
    assert.equal(res.headers.get('Vary'), 'Origin');
    assert.match(res.headers.get('X-Request-Id') ?? '', /^[\w-]+$/);
    const preflight = await app.request('/api/clinics/demo/bookings', {
      method: 'OPTIONS',
      headers: { Origin: 'http://localhost:8787', 'Access-Control-Request-Method': 'POST' },
    });
    assertApiHeaders(preflight, 'preflight');
  });

  it('for the API are one record equal to what hono/secure-headers sets for it', async () => {
    const reference = new Hono()
      .use(secureHeaders(API_SECURE_HEADERS_OPTIONS))
      .get('/', (c) => c.body(null, 204));
    const expected = Object.fromEntries((await reference.request('/')).headers);
    const actual = Object.fromEntries(
      Object.entries(API_SECURITY_HEADERS).map(([k, v]) => [k.toLowerCase(), v]),
    );
    assert.deepEqual(actual, expected);
  });

  it('let clinics’ sites load /widget.js cross-origin', async () => {
    const { app } = createDemoProxy({
      widget: async (file) => (file !== 'widget.js' ? null : { body: 'console.log(1)', etag: 'abc' }),
    });
    const res = await app.request('/widget.js');
    assert.equal(res.headers.get('Cross-Origin-Resource-Policy'), 'cross-origin');
    assert.equal(res.headers.get('X-Content-Type-Options'), 'nosniff');
  });

  it('give pages a CSP that allows the widget, this proxy and Turnstile, and nothing inline', async () => {
    const { app } = createDemoProxy({ assets: async (c) => c.html('<!doctype html><title>x</title>') });
    const res = await app.request('/');
    const csp = res.headers.get('Content-Security-Policy') ?? '';
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /script-src 'self' https:\/\/challenges\.cloudflare\.com(;|$)/);
    assert.match(csp, /frame-src https:\/\/challenges\.cloudflare\.com/);
    assert.match(csp, /object-src 'none'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.equal(res.headers.get('X-Frame-Options'), 'DENY');
  });
});

describe('unexpected failures', () => {
  it('answer a JSON 500 with a generic message: no stack, no path, no secret', async () => {
    const config = clinicConfigSchema.parse(DEMO_CLINIC);
    const proxy = createDemoProxy({ clinics: [{ config, provider: explodingProvider }] });
    const res = await proxy.app.request('/api/clinics/demo/services');
    assert.equal(res.status, 500);
    const text = await res.text();
    const { error } = errorResponseSchema.parse(JSON.parse(text));
    assert.equal(error.code, 'internal_error');
    assert.match(error.message, /try again/i);
    for (const leak of [SECRET, '/srv/', 'cliniko.ts', 'at ', 'Error:'])
      assert.ok(!text.includes(leak), `response holds ${leak}`);
    assertApiHeaders(res, '500');
    const logged = proxy.logs.join('\n');
    assert.match(logged, /"code":"internal_error"/);
    assert.ok(!logged.includes(SECRET), 'the log holds no secret');
  });
});
