/**
 * `npm run check-theme -- <clinics.json | theme.json | '{"color-primary":"#…"}'>`: checks
 * that every text colour pair of a theme reaches 4.5:1, in the light and the dark look, and
 * names each pair that does not. A clinics file is checked clinic by clinic. Without an
 * argument it checks the built-in looks and the demo clinics.
 *
 * Exit status: 0 all pass, 1 a pair fails, 2 the input is not a theme.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { checkClinicTheme, type ContrastResult } from '../shared/contrast.ts';
import { clinicThemeSchema } from '../shared/theme-schema.ts';
import type { ClinicTheme } from '../shared/theme-tokens.ts';
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

function describe(r: ContrastResult): string {
  const pair = `${r.foreground} on ${r.background} (${r.use})`;
  if (r.ratio === null) return `${pair}: cannot read a colour; use #rrggbb or rgb()`;
  return `${pair}: ${r.ratio.toFixed(2)}:1, needs ${r.minimum}:1`;
}

/** A report, one line per look and one per failing pair, and whether all passed. */
export function report(themes: NamedTheme[]): { lines: string[]; ok: boolean } {
  const lines: string[] = [];
  let ok = true;
  for (const { name, theme } of themes) {
    for (const look of checkClinicTheme(theme)) {
      const failing = look.results.filter((r) => !r.ok);
      ok &&= failing.length === 0;
      const lowest = Math.min(...look.results.map((r) => r.ratio ?? 0));
      lines.push(
        failing.length === 0
          ? `ok   ${name} ${look.scheme}: every text pair reaches 4.5:1 (lowest ${lowest.toFixed(2)}:1)`
          : `FAIL ${name} ${look.scheme}:`,
      );
      for (const r of failing) lines.push(`     ${describe(r)}`);
    }
  }
  return { lines, ok };
}

function main(args: string[]): number {
  let themes: NamedTheme[];
  try {
    themes = args.length === 0 ? builtInThemes() : args.flatMap((a) => themesFrom(a));
  } catch (error) {
    console.error(`check-theme: ${(error as Error).message}`);
    return 2;
  }
  const { lines, ok } = report(themes);
  for (const line of lines) console.log(line);
  return ok ? 0 : 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href)
  process.exitCode = main(process.argv.slice(2));
