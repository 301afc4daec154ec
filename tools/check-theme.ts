/**
 * `npm run check-theme -- <clinics.json | theme.json | '{"color-primary":"#…"}' | page.css | page.html | 'clinic-booking { --cb-…: … }'>`:
 * checks that every text colour pair reaches 4.5:1, in the light and the dark look, and
 * names each pair that does not. A clinics file is checked clinic by clinic. A page's CSS
 * (a stylesheet, an HTML page, or the CSS itself) is checked as the widget resolves it: its
 * `--cb-color-*` over the light look, its `--cb-dark-color-*` over the dark one, over the
 * built-in looks or over each theme also given. Without an argument it checks the built-in
 * looks and the demo clinics.
 *
 * Exit status: 0 all pass, 1 a pair fails, 2 the input is not a theme or names an unknown token.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { checkContrast, type ContrastResult } from '../shared/contrast.ts';
import { resolvedTheme, type Palette } from '../shared/theme-defaults.ts';
import { clinicThemeSchema } from '../shared/theme-schema.ts';
import { PAGE_TOKENS, type ClinicTheme, type ColourToken } from '../shared/theme-tokens.ts';
import { DEMO_CLINICS } from '../proxy/config/demo-clinic.ts';

export interface NamedTheme {
  name: string;
  theme: ClinicTheme;
}

const clinicsFileShape = z.object({
  clinics: z.array(z.object({ id: z.string(), theme: z.unknown().optional() })).min(1),
});

/** The themes in a clinics file or a single theme, given as JSON text or a file's path. */
export function themesFrom(
  input: string,
  readFile: (path: string) => string = (p) => readFileSync(p, 'utf8'),
): NamedTheme[] {
  const trimmed = input.trim();
  const text = trimmed.startsWith('{') ? trimmed : readFile(input);
  const json: unknown = JSON.parse(text);
  const file = clinicsFileShape.safeParse(json);
  const entries = file.success
    ? file.data.clinics.map((c) => ({ name: c.id, theme: c.theme ?? {} }))
    : [{ name: 'theme', theme: json }];
  return entries.map(({ name, theme }) => {
    const parsed = clinicThemeSchema.safeParse(theme);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${[name, ...i.path].join('.')}: ${i.message}`);
      throw new Error(problems.join('\n'));
    }
    return { name, theme: parsed.data };
  });
}

/** The built-in looks and the demo clinics' themes. */
export function builtInThemes(): NamedTheme[] {
  return [
    { name: 'defaults', theme: {} },
    ...DEMO_CLINICS.filter((c) => 'theme' in c).map((c) => ({
      name: c.id,
      theme: 'theme' in c ? c.theme : {},
    })),
  ];
}

/** The colours a page's CSS gives the widget, per look, and the ones it puts where no look reads them. */
export interface PageTokens {
  name: string;
  light: Partial<Palette>;
  dark: Partial<Palette>;
  /** `--cb-color-*` set only for a dark colour scheme, where the dark look reads `--cb-dark-color-*`. */
  misplaced: ColourToken[];
}

/** True when the argument is a page's CSS (or a file of it) rather than a theme. */
export function isPageCss(arg: string): boolean {
  return /\.(css|html?)$/i.test(arg.trim()) || (!arg.trim().startsWith('{') && arg.includes('--cb-'));
}

/** The blocks of `css` inside `@media (… prefers-color-scheme: dark …)`, as character ranges. */
function darkMediaRanges(css: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (const match of css.matchAll(/@media[^{]*prefers-color-scheme\s*:\s*dark[^{]*\{/g)) {
    let depth = 1;
    let i = match.index + match[0].length;
    for (; i < css.length && depth > 0; i++) depth += css[i] === '{' ? 1 : css[i] === '}' ? -1 : 0;
    ranges.push([match.index, i]);
  }
  return ranges;
}

/** Reads the `--cb-*` declarations of a page's CSS or HTML; an unknown `--cb-` name is an error. */
export function pageTokensFrom(name: string, css: string): PageTokens {
  const page: PageTokens = { name, light: {}, dark: {}, misplaced: [] };
  const dark = darkMediaRanges(css);
  const known = new Set<string>(PAGE_TOKENS);
  for (const match of css.matchAll(/--cb-([a-z0-9-]+)\s*:\s*([^;{}"]+)/gi)) {
    const token = match[1]!.toLowerCase();
    if (!known.has(token)) throw new Error(`${name}: --cb-${token} is not a token (see docs/theming.md)`);
    const value = match[2]!.trim();
    const inDarkMedia = dark.some(([from, to]) => match.index > from && match.index < to);
    if (token.startsWith('dark-')) page.dark[token.slice('dark-'.length) as ColourToken] = value;
    else if (token.startsWith('color-') && inDarkMedia) page.misplaced.push(token as ColourToken);
    else if (token.startsWith('color-')) page.light[token as ColourToken] = value;
  }
  return page;
}

/** A page's CSS as given: a file's path, or the CSS itself. */
export function pageFrom(
  input: string,
  readFile: (path: string) => string = (p) => readFileSync(p, 'utf8'),
): PageTokens {
  const isFile = /\.(css|html?)$/i.test(input.trim());
  return pageTokensFrom(isFile ? input.trim() : 'page', isFile ? readFile(input.trim()) : input);
}

/** One look of a theme, with a page's colours over it, checked; the page's tokens are named as it wrote them. */
function checkLook(theme: ClinicTheme, scheme: 'light' | 'dark', page?: PageTokens) {
  const own = page?.[scheme] ?? {};
  const results = checkContrast({ ...resolvedTheme(theme, scheme), ...own });
  const prefix = scheme === 'dark' ? '--cb-dark-' : '--cb-';
  const named = (token: ColourToken) => (token in own ? `${prefix}${token}` : token);
  return results.map((r) => ({ ...r, names: [named(r.foreground), named(r.background)] as const }));
}

function describe(r: ContrastResult & { names: readonly [string, string] }): string {
  const pair = `${r.names[0]} on ${r.names[1]} (${r.use})`;
  if (r.ratio === null) return `${pair}: cannot read a colour; use #rrggbb or rgb()`;
  return `${pair}: ${r.ratio.toFixed(2)}:1, needs ${r.minimum}:1`;
}

/**
 * A report, one line per look and one per failing pair, and whether all passed. With
 * pages, each page is checked over each theme (over the built-in looks when none is given).
 */
export function report(themes: NamedTheme[], pages: PageTokens[] = []): { lines: string[]; ok: boolean } {
  const lines: string[] = [];
  let ok = true;
  const checks = pages.length
    ? pages.flatMap((page) =>
        (themes.length ? themes : [{ name: '', theme: {} }]).map((t) => ({
          name: t.name ? `${page.name} over ${t.name}` : page.name,
          theme: t.theme,
          page,
        })),
      )
    : themes.map((t) => ({ ...t, page: undefined }));
  for (const { name, theme, page } of checks) {
    for (const token of page?.misplaced ?? []) {
      ok = false;
      lines.push(
        `FAIL ${name}: --cb-${token} is set for a dark colour scheme, where the dark look reads --cb-dark-${token}`,
      );
    }
    for (const scheme of ['light', 'dark'] as const) {
      const results = checkLook(theme, scheme, page);
      const failing = results.filter((r) => !r.ok);
      ok &&= failing.length === 0;
      const lowest = Math.min(...results.map((r) => r.ratio ?? 0));
      lines.push(
        failing.length === 0
          ? `ok   ${name} ${scheme}: every text pair reaches 4.5:1 (lowest ${lowest.toFixed(2)}:1)`
          : `FAIL ${name} ${scheme}:`,
      );
      for (const r of failing) lines.push(`     ${describe(r)}`);
    }
  }
  return { lines, ok };
}

function main(args: string[]): number {
  let themes: NamedTheme[];
  let pages: PageTokens[];
  try {
    pages = args.filter(isPageCss).map((a) => pageFrom(a));
    const themeArgs = args.filter((a) => !isPageCss(a));
    themes = args.length === 0 ? builtInThemes() : themeArgs.flatMap((a) => themesFrom(a));
  } catch (error) {
    console.error(`check-theme: ${(error as Error).message}`);
    return 2;
  }
  const { lines, ok } = report(themes, pages);
  for (const line of lines) console.log(line);
  return ok ? 0 : 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href)
  process.exitCode = main(process.argv.slice(2));
