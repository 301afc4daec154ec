/**
 * The widget's files are served from the set read at start-up: real files with their ETag,
 * a made-up chunk name a 404 that costs nothing. Memory stays flat over 50,000 requests for
 * made-up names (the loader before this kept an entry per name asked for, for ever).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createApp } from './app.ts';
import { silentLogger } from './logger.ts';
import { loadWidgetFiles } from './widget-files.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

describe('widget files', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'widget-files-'));
    writeFileSync(join(dir, 'widget.js'), 'export const widget = 1;');
    writeFileSync(join(dir, 'widget-steps-1a2b3c.js'), 'export const steps = 2;');
    writeFileSync(join(dir, 'index.html'), '<p>not a widget file</p>');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('serves the files built at start and nothing else', async () => {
    const { load, files } = await loadWidgetFiles(dir);
    assert.deepEqual(files, ['widget-steps-1a2b3c.js', 'widget.js']);
    const app = createApp({ clinics: [], widget: load, logger: silentLogger });
    const entry = await app.request('/widget.js');
    assert.equal(entry.status, 200);
    assert.equal(await entry.text(), 'export const widget = 1;');
    assert.match(entry.headers.get('ETag') ?? '', /^"[0-9a-f]{16}"$/);
    assert.equal((await app.request('/widget-steps-1a2b3c.js')).status, 200);
    // Written after start: not part of the set, so not served.
    writeFileSync(join(dir, 'widget-late-999.js'), 'export {};');
    assert.equal((await app.request('/widget-late-999.js')).status, 404);
  });

  it('keeps memory flat over 50,000 requests for made-up chunk names', async () => {
    const { load } = await loadWidgetFiles(dir);
    const app = createApp({ clinics: [], widget: load, logger: silentLogger });
    const ask = async (from: number, count: number) => {
      for (let i = from; i < from + count; i++) {
        const res = await app.request(`/widget-made-up-${i.toString(36)}-${'x'.repeat(40)}.js`);
        assert.equal(res.status, 404);
        await res.arrayBuffer();
      }
    };
    await ask(0, 2_000); // warm up: compiled code, caches of Hono's router
    gc();
    const before = process.memoryUsage().heapUsed;
    await ask(2_000, 50_000);
    gc();
    const grown = process.memoryUsage().heapUsed - before;
    // An entry per name would be well over 10 MB here; allow noise of a couple of MB.
    assert.ok(grown < 2 * 1024 * 1024, `heap grew by ${(grown / 1024 / 1024).toFixed(1)} MB`);
  });
});
