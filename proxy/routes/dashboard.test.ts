import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { errorResponseSchema } from '../../shared/contract.ts';
import { createDemoProxy } from '../../test/helpers/demo-proxy.ts';
import type { WidgetAsset } from './widget.ts';

const built: Record<string, string> = {
  'dashboard/index.html': '<!doctype html><title>Capacity</title>',
  'dashboard/assets/index-Ab12.js': 'console.log(1)',
  'dashboard/assets/index-Cd34.css': 'body{}',
  'dashboard/favicon.svg': '<svg/>',
  'widget.js': 'export {}',
};
const asked: string[] = [];
async function load(file: string): Promise<WidgetAsset | null> {
  asked.push(file);
  return file in built ? { body: built[file]!, etag: `e-${file.length}` } : null;
}

describe('GET /dashboard', () => {
  it('serves the built page, its hashed assets and its icon, each with its type and caching', async () => {
    const { app } = createDemoProxy({ widget: load });
    const cases: Array<[string, string, string]> = [
      ['/dashboard', 'text/html; charset=utf-8', 'no-cache'],
      ['/dashboard/', 'text/html; charset=utf-8', 'no-cache'],
      [
        '/dashboard/assets/index-Ab12.js',
        'text/javascript; charset=utf-8',
        'public, max-age=31536000, immutable',
      ],
      ['/dashboard/assets/index-Cd34.css', 'text/css; charset=utf-8', 'public, max-age=31536000, immutable'],
      ['/dashboard/favicon.svg', 'image/svg+xml', 'public, max-age=86400'],
    ];
    for (const [path, type, cache] of cases) {
      const res = await app.request(path);
      assert.equal(res.status, 200, path);
      assert.equal(res.headers.get('Content-Type'), type, path);
      assert.equal(res.headers.get('Cache-Control'), cache, path);
      assert.match(
        res.headers.get('Content-Security-Policy') ?? '',
        /require-trusted-types-for 'script'/,
        path,
      );
      const again = await app.request(path, { headers: { 'If-None-Match': res.headers.get('ETag')! } });
      assert.equal(again.status, 304, path);
    }
  });

  it('serves nothing else from dist/, however the name is written', async () => {
    const { app } = createDemoProxy({ widget: load });
    asked.length = 0;
    for (const path of [
      '/dashboard/assets/..%2F..%2Fwidget.js',
      '/dashboard/assets/index.html',
      '/dashboard/assets/.env',
      '/dashboard/assets/index-Ef56.js',
      '/dashboard/widget.js',
    ]) {
      const res = await app.request(path);
      assert.equal(res.status, 404, path);
      assert.equal(errorResponseSchema.parse(await res.json()).error.code, 'not_found', path);
    }
    assert.ok(
      asked.every((file) => /^dashboard\/assets\/[\w-]+\.(js|css)$/.test(file)),
      asked.join(', '),
    );
  });

  it('says how to build it when it has not been built', async () => {
    const { app } = createDemoProxy();
    const res = await app.request('/dashboard');
    assert.equal(res.status, 404);
    assert.match(errorResponseSchema.parse(await res.json()).error.message, /npm run build/);
  });
});
