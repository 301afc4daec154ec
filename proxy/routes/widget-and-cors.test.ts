import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createDemoProxy } from '../../test/helpers/demo-proxy.ts';
import { createApp } from '../app.ts';
import { buildClinics } from '../clinic.ts';
import { loadClinicsConfig } from '../config/load-config.ts';
import { silentLogger } from '../logger.ts';

describe('GET /widget.js', () => {
  it('serves the bundle as JavaScript with caching headers, and 304 for a matching ETag', async () => {
    const { app } = createDemoProxy({
      widget: async (file) => (file !== 'widget.js' ? null : { body: 'console.log(1)', etag: 'abc123' }),
    });
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
    const built: Record<string, string> = {
      'widget.js': 'import("./widget-steps-a1b2.js")',
      'widget-steps-a1b2.js': 'export {}',
    };
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

  it('serves the classic-script build and the chunks with the version, loadable from any site', async () => {
    const built: Record<string, string> = {
      'widget.js': 'm',
      'widget.iife.js': '(function(){})()',
      'widget-steps-a1b2.js': 'c',
    };
    const { app } = createDemoProxy({
      widget: async (file) => (built[file] === undefined ? null : { body: built[file], etag: file }),
      widgetVersion: '1.2.3',
    });
    for (const path of ['/widget.js', '/widget.iife.js', '/widget-steps-a1b2.js']) {
      const res = await app.request(path, { headers: { Origin: 'https://any-clinic.example' } });
      assert.equal(res.status, 200, path);
      assert.equal(res.headers.get('X-Widget-Version'), '1.2.3', path);
      assert.equal(res.headers.get('Access-Control-Allow-Origin'), '*', path);
      // A classic <script> is a no-cors load: a same-origin resource policy would block it.
      assert.equal(res.headers.get('Cross-Origin-Resource-Policy'), 'cross-origin', path);
      assert.equal(res.headers.get('X-Content-Type-Options'), 'nosniff', path);
    }
    assert.equal(await (await app.request('/widget.iife.js')).text(), '(function(){})()');
    assert.equal((await app.request('/widget.iife.js')).headers.get('Cache-Control'), 'public, max-age=300');
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
    const res = await app.request('/api/clinics/demo/services', {
      headers: { Origin: 'http://localhost:8787' },
    });
    assert.equal(res.headers.get('Access-Control-Allow-Origin'), 'http://localhost:8787');
    const preflight = await app.request('/api/clinics/demo/bookings', {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://localhost:8787',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type,idempotency-key',
      },
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

  it('grants one clinic’s origins nothing on another clinic’s endpoints', async () => {
    const clinics = buildClinics(
      loadClinicsConfig(
        JSON.stringify({
          clinics: [
            {
              id: 'north',
              name: 'North',
              timezone: 'Australia/Sydney',
              provider: { type: 'demo' },
              allowedOrigins: ['https://north.example'],
            },
            {
              id: 'south',
              name: 'South',
              timezone: 'Australia/Perth',
              provider: { type: 'demo' },
              allowedOrigins: ['https://south.example'],
            },
          ],
        }),
        {},
      ),
      { fetch: globalThis.fetch, now: () => new Date(), logger: silentLogger },
    );
    const app = createApp({ clinics, logger: silentLogger });
    const grant = async (clinic: string, origin: string) =>
      (await app.request(`/api/clinics/${clinic}`, { headers: { Origin: origin } })).headers.get(
        'Access-Control-Allow-Origin',
      );
    assert.equal(await grant('north', 'https://north.example'), 'https://north.example');
    assert.equal(await grant('south', 'https://south.example'), 'https://south.example');
    assert.equal(await grant('north', 'https://south.example'), null);
    assert.equal(await grant('south', 'https://north.example'), null);
    const preflight = await app.request('/api/clinics/south/bookings', {
      method: 'OPTIONS',
      headers: {
        Origin: 'https://north.example',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type,idempotency-key',
      },
    });
    assert.equal(preflight.headers.get('Access-Control-Allow-Origin'), null);
    // Answers differ by Origin, so shared caches must keep them apart.
    for (const path of ['/api/clinics/north', '/api/clinics/north/services', '/api/clinics/nope']) {
      const res = await app.request(path, { headers: { Origin: 'https://north.example' } });
      // Said once: a repeated token is how the duplicate CORS middleware showed.
      assert.equal(res.headers.get('Vary')?.match(/origin/gi)?.length, 1, path);
    }
    const booking = await app.request('/api/clinics/north/bookings', {
      method: 'POST',
      headers: { Origin: 'https://north.example', 'Content-Type': 'application/json' },
      body: '{}',
    });
    assert.equal(booking.headers.get('Vary'), 'Origin');
    assert.equal(booking.headers.get('Access-Control-Allow-Origin'), 'https://north.example');
  });
});
