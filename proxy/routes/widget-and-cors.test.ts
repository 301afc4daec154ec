import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createDemoProxy } from '../../test/helpers/demo-proxy.ts';

describe('GET /widget.js', () => {
  it('serves the bundle as JavaScript with caching headers, and 304 for a matching ETag', async () => {
    const { app } = createDemoProxy({ widget: async () => ({ body: 'console.log(1)', etag: 'abc123' }) });
    const res = await app.request('/widget.js');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('Content-Type') ?? '', /text\/javascript/);
    assert.equal(res.headers.get('ETag'), '"abc123"');
    assert.match(res.headers.get('Cache-Control') ?? '', /max-age=\d+/);
    assert.equal(await res.text(), 'console.log(1)');
    const again = await app.request('/widget.js', { headers: { 'If-None-Match': '"abc123"' } });
    assert.equal(again.status, 304);
  });

  it('answers a JSON 404 when the widget has not been built', async () => {
    const res = await createDemoProxy({ widget: async () => null }).app.request('/widget.js');
    assert.equal(res.status, 404);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'not_found');
  });
});

describe('CORS', () => {
  it('allows the clinic’s own origins, preflight included', async () => {
    const { app } = createDemoProxy();
    const res = await app.request('/api/clinics/demo/services', { headers: { Origin: 'http://localhost:8787' } });
    assert.equal(res.headers.get('Access-Control-Allow-Origin'), 'http://localhost:8787');
    const preflight = await app.request('/api/clinics/demo/bookings', {
      method: 'OPTIONS',
      headers: { Origin: 'http://localhost:8787', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type,idempotency-key' },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('Access-Control-Allow-Origin'), 'http://localhost:8787');
    assert.match(preflight.headers.get('Access-Control-Allow-Headers') ?? '', /Idempotency-Key/i);
  });

  it('gives no CORS grant to other origins', async () => {
    const { app } = createDemoProxy();
    const res = await app.request('/api/clinics/demo', { headers: { Origin: 'https://evil.example' } });
    assert.equal(res.headers.get('Access-Control-Allow-Origin'), null);
    const preflight = await app.request('/api/clinics/demo/bookings', {
      method: 'OPTIONS',
      headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' },
    });
    assert.equal(preflight.headers.get('Access-Control-Allow-Origin'), null);
  });
});
