/**
 * `custom-elements.json` is generated from the element's JSDoc and committed; the tables of
 * tokens and parts (docs/theming.md), events (docs/booking-flow.md) and attributes
 * (docs/embedding.md) must say what it says, and the parts it lists must be the ones the
 * element exposes.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { DARK_PALETTE, LIGHT_PALETTE, SHAPE_DEFAULTS } from '../shared/theme-defaults.ts';
import { PAGE_TOKENS, type ColourToken } from '../shared/theme-tokens.ts';
import { pageFrom, report, themesFrom } from '../tools/check-theme.ts';
import { STEP_PARTS } from '../widget/flow/step-registry.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const read = (path: string) => readFileSync(join(root, path), 'utf8');

interface Named {
  name: string;
  description?: string;
}
interface ElementDeclaration {
  tagName: string;
  cssProperties: Named[];
  cssParts: Named[];
  events: Named[];
  attributes: Named[];
}

const manifest = JSON.parse(read('custom-elements.json')) as {
  modules: Array<{ declarations: ElementDeclaration[] }>;
};
const element = manifest.modules.flatMap((m) => m.declarations).find((d) => d.tagName === 'clinic-booking')!;
/** The rows (cells, backticks stripped) of the first table after a heading of a docs page. */
function tableAfter(page: string, heading: string): string[][] {
  const text = `\n${read(page)}`;
  const start = text.indexOf(`\n${heading}\n`);
  assert.ok(start >= 0, `${page} has "${heading}"`);
  const lines = text.slice(start).split('\n');
  const first = lines.findIndex((l) => l.startsWith('|'));
  const rows: string[][] = [];
  for (const line of lines.slice(first + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(
      line
        .slice(1, -1)
        .split(' | ')
        .map((cell) => cell.trim().replace(/^`([^`]*)`$/, '$1')),
    );
  }
  return rows;
}

describe('custom-elements.json', () => {
  it('is what the analyzer writes from the JSDoc now (run npm run manifest after changing it)', () => {
    const packageJson = read('package.json');
    const out = mkdtempSync(join(tmpdir(), 'cem-'));
    try {
      const cli = join(root, 'node_modules/@custom-elements-manifest/analyzer/cem.js');
      const run = spawnSync(process.execPath, [cli, 'analyze', '--outdir', relative(root, out)], {
        cwd: root,
        encoding: 'utf8',
      });
      assert.equal(run.status, 0, run.stderr);
      assert.deepEqual(
        JSON.parse(readFileSync(join(out, 'custom-elements.json'), 'utf8')),
        JSON.parse(read('custom-elements.json')),
      );
      assert.equal(read('package.json'), packageJson, 'the analyzer leaves package.json alone');
      assert.equal(
        (JSON.parse(packageJson) as { customElements: string }).customElements,
        'custom-elements.json',
      );
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('lists every token a page can set, and only those', () => {
    assert.deepEqual(
      element.cssProperties.map((p) => p.name),
      PAGE_TOKENS.map((t) => `--cb-${t}`),
    );
  });

  it('lists exactly the parts the element exposes to the page: its own and its steps’ (the registry’s)', () => {
    const source = read('widget/clinic-booking/clinic-booking.ts');
    const exposed = new Set<string>(STEP_PARTS);
    for (const [, parts] of source.matchAll(/\b(?:export)?parts?="([^"$]+)"/g))
      for (const p of parts!.split(/[\s,]+/)) if (p) exposed.add(p);
    assert.deepEqual([...exposed].sort(), element.cssParts.map((p) => p.name).sort());
  });
});

describe('the docs agree with custom-elements.json', () => {
  it('token table: names, descriptions, and the built-in defaults', () => {
    const rows = tableAfter('docs/theming.md', '## Tokens');
    assert.deepEqual(
      rows.map((r) => [r[0], r[2]]),
      element.cssProperties.map((p) => [p.name, p.description]),
    );
    for (const [name, value] of rows) {
      const token = name!.replace(/^--cb-/, '');
      const expected = token.startsWith('dark-')
        ? DARK_PALETTE[token.slice('dark-'.length) as ColourToken]
        : token.startsWith('color-')
          ? LIGHT_PALETTE[token as ColourToken]
          : SHAPE_DEFAULTS[token as keyof typeof SHAPE_DEFAULTS];
      assert.equal(value, expected, name);
    }
  });

  it('parts table: names and descriptions', () => {
    assert.deepEqual(
      tableAfter('docs/theming.md', '## Parts').map((r) => [r[0], r[1]]),
      element.cssParts.map((p) => [p.name, p.description]),
    );
  });

  it('events table: the same events', () => {
    assert.deepEqual(
      tableAfter('docs/booking-flow.md', '## Events').map((r) => r[0]),
      element.events.map((e) => e.name),
    );
  });

  it('attribute table: the same attributes', () => {
    // Sorted: the analyzer lists JSDoc `@attr`s (the `utm-*`) before the properties, and the
    // table keeps `clinic` first.
    assert.deepEqual(
      tableAfter('docs/embedding.md', '# Embedding')
        .map((r) => r[0])
        .sort(),
      element.attributes.map((a) => a.name).sort(),
    );
  });

  it('the check-theme example prints what the tool prints', () => {
    const block = /npm run check-theme -- '(\{[^']+\})'[\s\S]*?```\s*```\n([\s\S]*?)```/.exec(
      read('docs/theming.md'),
    );
    assert.ok(block, 'docs/theming.md shows a check-theme run');
    assert.deepEqual(report(themesFrom(block[1]!)).lines, block[2]!.trimEnd().split('\n'));
  });

  it('the check-theme example for a page’s CSS prints what the tool prints', () => {
    const block = /npm run check-theme -- '(clinic-booking \{[^']+\})'[\s\S]*?```\s*```\n([\s\S]*?)```/.exec(
      read('docs/theming.md'),
    );
    assert.ok(block, 'docs/theming.md shows a check-theme run on a page’s CSS');
    assert.deepEqual(report([], [pageFrom(block[1]!)]).lines, block[2]!.trimEnd().split('\n'));
  });
});
