/**
 * WCAG 2.2 contrast checks for a theme: whether each text/background pair of the widget's
 * tokens reaches 4.5:1. Used by the theme tests and by `npm run check-theme`.
 */
import { resolvedTheme } from './theme-defaults.ts';
import type { ClinicTheme, ColourToken, ThemeToken } from './theme-tokens.ts';

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
  foreground: ColourToken;
  background: ColourToken;
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
  foreground: ColourToken;
  background: ColourToken;
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

/** A colour with its opacity, 0 to 1. */
export type Rgba = [number, number, number, number];

/** `colour` painted over an opaque `backdrop`. */
export function over([r, g, b, a]: Rgba, backdrop: Rgb): Rgb {
  return [r * a + backdrop[0] * (1 - a), g * a + backdrop[1] * (1 - a), b * a + backdrop[2] * (1 - a)];
}

/** One possible value of a colour token, and where it came from. */
export interface Candidate {
  /** What to write into the widget's CSS (a page's value, `currentColor`, a built-in hex). */
  value: string;
  /** Who gave it: the page (`--cb-*`), the page's own text colour, the clinic's config, or the widget. */
  source: 'page' | 'page text' | 'clinic' | 'built-in';
  /** How to name it to the person who set it, e.g. `--cb-dark-color-primary`. */
  name: string;
  /** The colour itself, or `null` when it cannot be read. */
  rgba: Rgba | null;
}

/** A colour the widget did not use, and why. */
export interface Refusal {
  refused: Candidate;
  token: ColourToken;
  against: Candidate;
  ratio: number | null;
  minimum: number;
  use: string;
}

export interface Settled {
  chosen: Record<ColourToken, Candidate>;
  refused: Refusal[];
}

/** The ratio of a pair as painted: the foreground over the surface, the surface over the page. */
function pairRatio(fg: Candidate, bg: Candidate, backdrop: Rgb): number | null {
  if (!fg.rgba || !bg.rgba) return null;
  const surface = over(bg.rgba, backdrop);
  return Math.round(contrastRatio(over(fg.rgba, surface), surface) * 100) / 100;
}

/**
 * Picks one candidate per colour token, first found, so that every text pair reaches its
 * minimum: while a pair fails, the foreground's candidate is passed over for the next one
 * (its background's, once the foreground is already the built-in one). The built-in looks
 * pass every pair (tested), so this ends with a readable set, using what the page and the
 * clinic gave wherever it is readable. Each list must end with a `built-in` candidate.
 *
 * @param backdrop what a translucent surface is painted over (the page behind the widget)
 */
export function settleColours(
  candidates: Record<ColourToken, Candidate[]>,
  backdrop: Rgb = [255, 255, 255],
): Settled {
  const index = Object.fromEntries(Object.keys(candidates).map((t) => [t, 0])) as Record<ColourToken, number>;
  const chosen = (t: ColourToken) => candidates[t][index[t]]!;
  const refused: Refusal[] = [];
  for (let guard = 0; guard < 64; guard++) {
    const failing = CONTRAST_PAIRS.map((pair) => ({
      pair,
      ratio: pairRatio(chosen(pair.foreground), chosen(pair.background), backdrop),
    })).find(({ pair, ratio }) => ratio === null || ratio < pair.minimum);
    if (!failing) break;
    const { pair, ratio } = failing;
    const fg = chosen(pair.foreground);
    const bg = chosen(pair.background);
    const canMove = (t: ColourToken) => index[t] < candidates[t].length - 1;
    // An unreadable colour goes first; then the foreground, unless it is already the widget's own.
    const order = [
      ...(fg.rgba ? [] : [pair.foreground]),
      ...(bg.rgba ? [] : [pair.background]),
      pair.foreground,
      pair.background,
    ];
    const move = order.find(canMove);
    if (!move) break;
    const refusedOne = move === pair.foreground ? fg : bg;
    refused.push({
      refused: refusedOne,
      token: move,
      against: move === pair.foreground ? bg : fg,
      ratio,
      minimum: pair.minimum,
      use: pair.use,
    });
    index[move] += 1;
  }
  return {
    chosen: Object.fromEntries(Object.keys(candidates).map((t) => [t, chosen(t as ColourToken)])) as Record<
      ColourToken,
      Candidate
    >,
    refused,
  };
}
