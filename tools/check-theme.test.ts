import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { checkClinicTheme } from '../shared/contrast.ts';
import { DARK_PALETTE, LIGHT_PALETTE } from '../shared/theme-defaults.ts';
import { builtInThemes, pageFrom, report, themesFrom } from './check-theme.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

function runCli(...args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'tools/check-theme.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
  });
  return { status: result.status, out: result.stdout + result.stderr };
}

describe('theme contrast', () => {
  it('the default light and dark looks and every demo brand pass 4.5:1 for every text pair', () => {
    const themes = builtInThemes();
    assert.deepEqual(
      themes.map((t) => t.name),
      ['defaults', 'demo-coastal', 'demo-northside'],
    );
    for (const { name, theme } of themes) {
      for (const look of checkClinicTheme(theme)) {
        const failing = look.results
          .filter((r) => !r.ok)
          .map((r) => `${r.foreground}/${r.background} ${r.ratio}`);
        assert.deepEqual(failing, [], `${name} ${look.scheme}`);
      }
    }
  });

  it('checks the dark look with the dark palette, not the light one', () => {
    const [light, dark] = checkClinicTheme({});
    const text = (r: typeof light) => r!.results.find((x) => x.foreground === 'color-text')!;
    assert.notEqual(LIGHT_PALETTE['color-surface'], DARK_PALETTE['color-surface']);
    assert.equal(text(light).ratio, 14.76);
    assert.equal(text(dark).ratio, 13.7);
    // A clinic's light colours do not leak into its dark look.
    const [, darkOfBrand] = checkClinicTheme({ 'color-surface': '#000000', 'color-text': '#ffffff' });
    assert.equal(text(darkOfBrand).ratio, 13.7);
  });

  it('names the pair that fails, in which look, with its ratio', () => {
    const { lines, ok } = report(themesFrom('{"color-muted":"#999999","dark":{"color-primary":"#3b3b3b"}}'));
    assert.equal(ok, false);
    assert.deepEqual(lines, [
      'FAIL theme light:',
      '     color-muted on color-surface (secondary text, field outlines): 2.85:1, needs 4.5:1',
      'FAIL theme dark:',
      '     color-primary on color-surface (links, time buttons, focus ring): 1.44:1, needs 4.5:1',
      '     color-on-primary on color-primary (text on buttons): 1.51:1, needs 4.5:1',
    ]);
  });

  it('reads a clinics file clinic by clinic', () => {
    const file = JSON.stringify({
      clinics: [
        { id: 'good', theme: { 'color-primary': '#0f4c5c' } },
        { id: 'pale', theme: { 'color-primary': '#8ecae6' } },
        { id: 'plain' },
      ],
    });
    const themes = themesFrom('clinics.json', (path) => (path === 'clinics.json' ? file : ''));
    assert.deepEqual(
      themes.map((t) => t.name),
      ['good', 'pale', 'plain'],
    );
    const { lines } = report(themes);
    assert.deepEqual(
      lines.filter((l) => l.startsWith('FAIL')),
      ['FAIL pale light:'],
    );
  });
});

describe('a page’s tokens', () => {
  it('checks --cb-color-* in the light look and --cb-dark-color-* in the dark one, naming the page’s tokens', () => {
    const page = pageFrom(
      'clinic-booking { --cb-color-primary: #0f4c5c; --cb-dark-color-primary: #0f4c5c; --cb-radius: 4px; }',
    );
    const { lines, ok } = report([], [page]);
    assert.equal(ok, false);
    assert.deepEqual(lines, [
      'ok   page light: every text pair reaches 4.5:1 (lowest 5.69:1)',
      'FAIL page dark:',
      '     --cb-dark-color-primary on color-surface (links, time buttons, focus ring): 1.70:1, needs 4.5:1',
      '     color-on-primary on --cb-dark-color-primary (text on buttons): 1.78:1, needs 4.5:1',
    ]);
  });

  it('checks a page over each clinic theme given with it, as the widget layers them', () => {
    const themes = themesFrom('{"color-surface":"#1b1b1b","color-text":"#f5f5f5","color-muted":"#c0c0c0"}');
    const { lines } = report(themes, [pageFrom('clinic-booking { --cb-color-primary: #0f4c5c }')]);
    assert.deepEqual(lines.slice(0, 2), [
      'FAIL page over theme light:',
      '     --cb-color-primary on color-surface (links, time buttons, focus ring): 1.81:1, needs 4.5:1',
    ]);
  });

  it('reads a stylesheet or an HTML page, and refuses light tokens set for a dark colour scheme', () => {
    const html = `<style>
      clinic-booking { --cb-color-primary: #0f4c5c; }
      @media (prefers-color-scheme: dark) { clinic-booking { --cb-color-primary: #7fd1e0; } }
    </style><clinic-booking style="--cb-dark-color-primary: #7fd1e0"></clinic-booking>`;
    const page = pageFrom('site.html', (path) => (path === 'site.html' ? html : ''));
    assert.deepEqual(page.light, { 'color-primary': '#0f4c5c' });
    assert.deepEqual(page.dark, { 'color-primary': '#7fd1e0' });
    const { lines, ok } = report([], [page]);
    assert.equal(ok, false);
    assert.equal(
      lines[0],
      'FAIL site.html: --cb-color-primary is set for a dark colour scheme, where the dark look reads --cb-dark-color-primary',
    );
  });

  it('refuses a --cb- name that is not a token', () => {
    assert.throws(
      () => pageFrom('clinic-booking { --cb-colour-primary: red }'),
      /--cb-colour-primary is not a token/,
    );
  });
});

describe('npm run check-theme', () => {
  it('passes the built-in themes with status 0', () => {
    const { status, out } = runCli();
    assert.equal(status, 0, out);
    assert.match(out, /ok {3}demo-northside dark/);
  });

  it('exits 1 and names the pair for a failing theme', () => {
    const { status, out } = runCli('{"color-on-primary":"#1d4f80"}');
    assert.equal(status, 1);
    assert.match(
      out,
      /FAIL theme light:\n\s+color-on-primary on color-primary \(text on buttons\): \d\.\d\d:1, needs 4\.5:1/,
    );
  });

  it('checks the demo site’s stylesheet, and exits 1 for a page whose dark colours fail', () => {
    const demo = runCli('demo/site.css');
    assert.equal(demo.status, 0, demo.out);
    assert.match(demo.out, /ok {3}demo\/site\.css dark/);
    const pale = runCli('clinic-booking { --cb-dark-color-surface: #fffdf9 }');
    assert.equal(pale.status, 1);
    assert.match(pale.out, /color-text on --cb-dark-color-surface \(body text\): 1\.16:1/);
  });

  it('exits 2 for a token it does not know or an unsafe value', () => {
    const unknown = runCli('{"colour-primary":"#000000"}');
    assert.equal(unknown.status, 2);
    assert.match(unknown.out, /Unrecognized key: "colour-primary"/);
    const unsafe = runCli('{"color-primary":"red;}body{display:none"}');
    assert.equal(unsafe.status, 2);
    assert.match(unsafe.out, /color-primary: Not a safe CSS value/);
  });
});
