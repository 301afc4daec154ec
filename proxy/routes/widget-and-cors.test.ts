import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createDemoProxy } from '../../test/helpers/demo-proxy.ts';

describe('GET /widget.js', () => {
  it('serves the bundle as JavaScript with caching headers, and 304 for a matching ETag', async () => {
    const { app } = createDemoProxy({ widget: async (file) => file !== 'widget.js' ? null : ({ body: 'console.log(1)', etag: 'abc123' }) });
    const res = await app.request('/widget.js');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('Content-Type') ?? '', /text\/javascript/);
    assert.equal(res.headers.get('ETag'), '"abc123"');
    assert.match(res.headers.get('Cache-Control') ?? '', /max-age=\d+/);
    assert.equal(await res.text(), 'console.log(1)');
    const again = await app.request('/widget.js', { headers: { 'If-None-Match': '"abc123"' } });
    assert.equal(again.status, 304);
  });

  it('serves the lazily loaded chunks for good, and nothing else from the build folder', async () => {
    const built: Record<string, string> = { 'widget.js': 'import("./widget-steps-a1b2.js")', 'widget-steps-a1b2.js': 'export {}' };
    const asked: string[] = [];
    const { app } = createDemoProxy({
      widget: async (file) => {
        asked.push(file);
        return built[file] === undefined ? null : { body: built[file], etag: file };
      },
    });
    const chunk = await app.request('/widget-steps-a1b2.js');
    assert.equal(chunk.status, 200);
    assert.equal(chunk.headers.get('Cache-Control'), 'public, max-age=31536000, immutable');
    assert.equal(await chunk.text(), 'export {}');
    assert.equal((await app.request('/widget-missing-0000.js')).status, 404);
    for (const path of ['/widget-..%2Fpackage.json.js', '/widget.iife.js.map', '/widget-a/b.js']) {
      assert.equal((await app.request(path)).status, 404, path);
    }
    assert.deepEqual(asked, ['widget-steps-a1b2.js', 'widget-missing-0000.js']);
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
