/**
 * WCAG 2.2 contrast checks for a theme: whether each text/background pair of the widget's
 * tokens reaches 4.5:1. Used by the theme tests and by `npm run check-theme`.
 */
import { resolvedTheme } from './theme-defaults.ts';
import type { ClinicTheme, ThemeToken } from './theme-tokens.ts';

export type Rgb = [number, number, number];

/** Parses `#rgb`, `#rrggbb`, `rgb(r g b)` / `rgb(r, g, b)`; `null` for anything else. */
export function parseColor(value: string): Rgb | null {
  const v = value.trim().toLowerCase();
  const short = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/.exec(v);
  if (short) return [1, 2, 3].map((i) => parseInt(short[i]!.repeat(2), 16)) as Rgb;
  const long = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/.exec(v);
  if (long) return [1, 2, 3].map((i) => parseInt(long[i]!, 16)) as Rgb;
  const fn = /^rgba?\(\s*(\d{1,3})[\s,]+(\d{1,3})[\s,]+(\d{1,3})\s*(?:[,/]\s*(?:1|1\.0+|100%)\s*)?\)$/.exec(
    v,
  );
  if (fn) {
    const rgb = [1, 2, 3].map((i) => Number(fn[i])) as Rgb;
    return rgb.every((c) => c <= 255) ? rgb : null;
  }
  return null;
}

/** Relative luminance per WCAG 2.2. */
export function luminance([r, g, b]: Rgb): number {
  const channel = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

/** The contrast ratio of two colours, from 1 to 21. */
export function contrastRatio(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * The text pairs the widget draws. `color-muted` also outlines form fields (3:1 needed,
 * WCAG 1.4.11), which its 4.5:1 covers; `color-primary` is the focus ring. `color-border`
 * only edges cards that have other cues, so it has no minimum.
 */
export const CONTRAST_PAIRS: Array<{
  foreground: ThemeToken;
  background: ThemeToken;
  minimum: number;
  use: string;
}> = [
  { foreground: 'color-text', background: 'color-surface', minimum: 4.5, use: 'body text' },
  {
    foreground: 'color-muted',
    background: 'color-surface',
    minimum: 4.5,
    use: 'secondary text, field outlines',
  },
  {
    foreground: 'color-primary',
    background: 'color-surface',
    minimum: 4.5,
    use: 'links, time buttons, focus ring',
  },
  { foreground: 'color-on-primary', background: 'color-primary', minimum: 4.5, use: 'text on buttons' },
  { foreground: 'color-error', background: 'color-surface', minimum: 4.5, use: 'error messages' },
  { foreground: 'color-success', background: 'color-surface', minimum: 4.5, use: 'confirmation messages' },
];

export interface ContrastResult {
  foreground: ThemeToken;
  background: ThemeToken;
  use: string;
  minimum: number;
  /** The ratio, or `null` when a colour is not a plain colour this checker can read. */
  ratio: number | null;
  ok: boolean;
}

/** Checks every pair of a complete theme (the defaults merged with a clinic's overrides). */
export function checkContrast(theme: Partial<Record<ThemeToken, string>>): ContrastResult[] {
  return CONTRAST_PAIRS.map((pair) => {
    const fg = parseColor(theme[pair.foreground] ?? '');
    const bg = parseColor(theme[pair.background] ?? '');
    const ratio = fg && bg ? Math.round(contrastRatio(fg, bg) * 100) / 100 : null;
    return { ...pair, ratio, ok: ratio !== null && ratio >= pair.minimum };
  });
}

/** One look of a clinic's theme and how its pairs fare. */
export interface ThemeReport {
  scheme: 'light' | 'dark';
  results: ContrastResult[];
  ok: boolean;
}

/**
 * Checks a clinic's theme in both looks, each over the built-in values it does not set
 * (the dark look uses only the theme's `dark` colours).
 */
export function checkClinicTheme(theme: ClinicTheme): ThemeReport[] {
  return (['light', 'dark'] as const).map((scheme) => {
    const results = checkContrast(resolvedTheme(theme, scheme));
    return { scheme, results, ok: results.every((r) => r.ok) };
  });
}
