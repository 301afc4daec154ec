/**
 * The dashboard's byte budget: an owner opens it on a phone, often on mobile data, so its
 * page, script and stylesheet together stay under 12 KB gzip. `npm test` builds `dist/`
 * first; a lone run of this file builds the dashboard into a temporary folder.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { after, describe, it } from 'node:test';

const DASHBOARD_BUDGET_GZIP_BYTES = 12 * 1024;

const root = fileURLToPath(new URL('..', import.meta.url));
let temporary: string | null = null;
after(() => temporary && rmSync(temporary, { recursive: true, force: true }));

async function builtDashboard(): Promise<string> {
  const dist = join(root, 'dist', 'dashboard');
  if (existsSync(join(dist, 'index.html'))) return dist;
  temporary = mkdtempSync(join(tmpdir(), 'dashboard-dist-'));
  const { build } = await import('vite');
  await build({
    configFile: join(root, 'vite.config.ts'),
    mode: 'dashboard',
    logLevel: 'silent',
    build: { outDir: temporary },
  });
  return temporary;
}

describe('dashboard size', () => {
  it('ships a page, one script and one stylesheet, under 12 KB gzip together', async () => {
    const dir = await builtDashboard();
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) =>
      /\.(html|js|css)$/.test(f),
    );
    assert.deepEqual(files.map((f) => f.replace(/-[\w-]{8}\./, '-<hash>.')).sort(), [
      'assets/index-<hash>.css',
      'assets/index-<hash>.js',
      'index.html',
    ]);
    const gzip = files.reduce((sum, f) => sum + gzipSync(readFileSync(join(dir, f)), { level: 9 }).length, 0);
    assert.ok(gzip <= DASHBOARD_BUDGET_GZIP_BYTES, `${gzip} bytes gzip`);
  });
});
