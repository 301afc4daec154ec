/**
 * The widget's byte budgets (`bench/bundle-size.ts`): at most 25 KB gzip to show step 1
 * (the entry and its static imports), at most 42 KB gzip for every chunk a booking can load,
 * and 6 KB for the manage view's on-demand chunks.
 * `npm test` builds `dist/` first; a lone run of this file builds into a temporary folder.
 *
 * The first tests pin how files are classified, on a hand-made dist with lazily loaded
 * chunks in `dist/` and `dist/assets/`, so the budget keeps meaning the same thing once the
 * widget splits its later steps out.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import {
  BUDGETS,
  budgetRows,
  chunkRows,
  measureBundle,
  staticClosure,
  stepOneShapeProblems,
  withinBudgets,
} from '../bench/bundle-size.ts';
import { table } from '../bench/table.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
}

describe('bundle size: which files count', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'bundle-size-'));
    writeFiles(dir, {
      // Minified as Vite writes it: static imports, a re-export, a dynamic import, and a
      // string that looks like an import but is not one.
      'widget.js':
        'import{a as b}from"./chunk-a.js";export{c}from"./assets/chunk-c.js";' +
        'const t=`import"./assets/decoy.js"`;const s=()=>import("./assets/step-4.js");' +
        'const m=()=>import("./widget-manage-view-x1.js");console.log(b,t,s,m,import.meta.url);',
      'widget-manage-view-x1.js': `export const manage=${JSON.stringify('m'.repeat(1500))};`,
      'chunk-a.js': 'import"./shared.js";export const a=1;',
      'shared.js': 'export const shared=1;',
      'assets/chunk-c.js': 'export const c=1;',
      'assets/decoy.js': 'export const decoy=1;',
      'assets/step-4.js':
        'import{a}from"../chunk-a.js";export const pad=()=>import("./pad.js");console.log(a);',
      'assets/pad.js': `export const pad=${JSON.stringify('x'.repeat(2000))};`,
      'widget.iife.js': `var W=(function(){return ${JSON.stringify('y'.repeat(3000))}})();`,
      'style.css': 'body{}',
    });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('counts the entry and its static imports, transitively, for step 1, and no import() chunk', async () => {
    assert.deepEqual(await staticClosure(dir, 'widget.js'), [
      'assets/chunk-c.js',
      'chunk-a.js',
      'shared.js',
      'widget.js',
    ]);
  });

  it('counts every ES chunk at any depth for the booking journey, but not the classic script', async () => {
    const report = await measureBundle(dir, 'widget.js');
    const byFile = Object.fromEntries(report.chunks.map((c) => [c.file, c]));
    assert.deepEqual(Object.keys(byFile).sort(), [
      'assets/chunk-c.js',
      'assets/decoy.js',
      'assets/pad.js',
      'assets/step-4.js',
      'chunk-a.js',
      'shared.js',
      'widget-manage-view-x1.js',
      'widget.iife.js',
      'widget.js',
    ]);
    const sum = (files: string[]) => files.reduce((total, f) => total + byFile[f]!.gzipBytes, 0);
    assert.equal(report.stepOneGzipBytes, sum(['widget.js', 'chunk-a.js', 'shared.js', 'assets/chunk-c.js']));
    assert.equal(
      report.allGzipBytes,
      sum(Object.keys(byFile).filter((f) => f !== 'widget.iife.js' && f !== 'widget-manage-view-x1.js')),
    );
    assert.equal(byFile['widget.iife.js']!.classic, true);
    assert.equal(byFile['assets/step-4.js']!.stepOne, false);
  });

  it('counts the manage view in its own budget, not the booking journey, unless step 1 imports it', async () => {
    const report = await measureBundle(dir, 'widget.js');
    const manage = report.chunks.find((c) => c.file === 'widget-manage-view-x1.js')!;
    assert.equal(manage.onDemand, true);
    assert.equal(report.onDemandGzipBytes, manage.gzipBytes);

    const eager = mkdtempSync(join(tmpdir(), 'bundle-size-eager-'));
    try {
      writeFiles(eager, {
        'widget.js': 'import{manage}from"./widget-manage-view-x2.js";console.log(manage);',
        'widget-manage-view-x2.js': 'export const manage=1;',
      });
      const eagerReport = await measureBundle(eager, 'widget.js');
      assert.equal(eagerReport.onDemandGzipBytes, 0);
      assert.equal(eagerReport.allGzipBytes, eagerReport.stepOneGzipBytes);
    } finally {
      rmSync(eager, { recursive: true, force: true });
    }
  });

  it('flags a step 1 split into more than two files, or with a tiny static chunk', async () => {
    const report = await measureBundle(dir, 'widget.js');
    assert.deepEqual(stepOneShapeProblems(report), [
      'step 1 loads 4 files (assets/chunk-c.js, chunk-a.js, shared.js, widget.js), more than 2',
      `assets/chunk-c.js (${report.chunks.find((c) => c.file === 'assets/chunk-c.js')!.gzipBytes} gzip bytes) is a separate request before step 1, under 2000`,
      `chunk-a.js (${report.chunks.find((c) => c.file === 'chunk-a.js')!.gzipBytes} gzip bytes) is a separate request before step 1, under 2000`,
      `shared.js (${report.chunks.find((c) => c.file === 'shared.js')!.gzipBytes} gzip bytes) is a separate request before step 1, under 2000`,
    ]);

    const good = mkdtempSync(join(tmpdir(), 'bundle-size-good-'));
    try {
      // Random text, so gzip cannot shrink the shared chunk under the floor.
      const big = Array.from({ length: 4000 }, (_, i) => ((i * 7919) % 9973).toString(36)).join('');
      writeFiles(good, {
        'widget.js': 'import{s}from"./widget-shared-1.js";console.log(s);',
        'widget-shared-1.js': `export const s=${JSON.stringify(big)};`,
      });
      assert.deepEqual(stepOneShapeProblems(await measureBundle(good, 'widget.js')), []);
    } finally {
      rmSync(good, { recursive: true, force: true });
    }
  });

  it('fails loudly when a static import names a missing chunk', async () => {
    const broken = mkdtempSync(join(tmpdir(), 'bundle-size-broken-'));
    try {
      writeFiles(broken, { 'widget.js': 'import{a}from"./gone.js";console.log(a);' });
      await assert.rejects(staticClosure(broken, 'widget.js'), /gone\.js/);
    } finally {
      rmSync(broken, { recursive: true, force: true });
    }
  });

  it('says OVER BUDGET when a figure exceeds its limit', () => {
    const report = {
      chunks: [],
      stepOneGzipBytes: BUDGETS.stepOneGzipBytes + 1,
      allGzipBytes: BUDGETS.allGzipBytes,
      onDemandGzipBytes: BUDGETS.onDemandGzipBytes / 2,
    };
    assert.equal(withinBudgets(report), false);
    assert.deepEqual(
      budgetRows(report).map((r) => r.result),
      ['OVER BUDGET', 'ok (100%)', 'ok (50%)'],
    );
    assert.equal(withinBudgets({ ...report, stepOneGzipBytes: 0 }), true);
    assert.equal(
      withinBudgets({ ...report, stepOneGzipBytes: 0, onDemandGzipBytes: BUDGETS.onDemandGzipBytes + 1 }),
      false,
    );
  });
});

describe('bundle size: the built widget', () => {
  let dist = join(root, 'dist');
  let built: string | null = null;
  before(async () => {
    if (!existsSync(join(dist, 'widget.js'))) {
      built = mkdtempSync(join(tmpdir(), 'widget-dist-'));
      const { build } = await import('vite');
      await build({ root, logLevel: 'silent', build: { outDir: built, emptyOutDir: true } });
      dist = built;
    }
  });
  after(() => {
    if (built) rmSync(built, { recursive: true, force: true });
  });

  it(`shows step 1 within ${BUDGETS.stepOneGzipBytes} gzip bytes, a booking within ${BUDGETS.allGzipBytes}, the manage view within ${BUDGETS.onDemandGzipBytes}`, async (t) => {
    const report = await measureBundle(dist, 'widget.js');
    for (const line of `${table(chunkRows(report))}\n\n${table(budgetRows(report))}`.split('\n'))
      t.diagnostic(line);
    assert.ok(
      report.chunks.some((c) => c.file === 'widget.js' && c.stepOne),
      'dist/widget.js is the entry',
    );
    assert.deepEqual(stepOneShapeProblems(report), [], 'step 1 is the entry and one shared chunk');
    assert.ok(
      report.stepOneGzipBytes <= BUDGETS.stepOneGzipBytes,
      `step 1 is ${report.stepOneGzipBytes} gzip bytes, over ${BUDGETS.stepOneGzipBytes}`,
    );
    assert.ok(
      report.allGzipBytes <= BUDGETS.allGzipBytes,
      `the booking journey is ${report.allGzipBytes} gzip bytes, over ${BUDGETS.allGzipBytes}`,
    );
    assert.ok(
      report.onDemandGzipBytes <= BUDGETS.onDemandGzipBytes,
      `the manage view is ${report.onDemandGzipBytes} gzip bytes, over ${BUDGETS.onDemandGzipBytes}`,
    );
  });
});
