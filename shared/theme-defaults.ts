/**
 * The widget's built-in looks. `widget/styles/tokens.styles.ts` writes its CSS from these
 * values, and the contrast check reads the same ones, so what is checked is what ships.
 */
import type { ClinicTheme, ColourToken, ThemeToken, ThemeValues } from './theme-tokens.ts';

export type Palette = Record<ColourToken, string>;

/**
 * The light look. In the default look (no `theme` attribute) text keeps the host page's
 * colour; `color-text` here is what `theme="light"` uses, and what the check assumes.
 */
export const LIGHT_PALETTE: Palette = {
  'color-primary': '#0a5cad',
  'color-on-primary': '#ffffff',
  'color-surface': '#ffffff',
  'color-text': '#1f2933',
  'color-muted': '#52606d',
  'color-border': '#c4cdd5',
  'color-error': '#b42318',
  'color-success': '#067647',
};

/** The dark look (`theme="dark"`, or `theme="auto"` when the device prefers dark). */
export const DARK_PALETTE: Palette = {
  'color-primary': '#7cc0ff',
  'color-on-primary': '#0b1d33',
  'color-surface': '#1c2128',
  'color-text': '#e6edf3',
  'color-muted': '#a3b1bf',
  'color-border': '#454d57',
  'color-error': '#ff9b93',
  'color-success': '#6fdc9c',
};

/** Defaults of the tokens that are not colours, the same in every look. */
export const SHAPE_DEFAULTS: Record<Exclude<ThemeToken, ColourToken>, string> = {
  'font-family': 'inherit',
  // The browser's default size (16px unless the patient changed it), whatever the page's
  // root font size: a 62.5% root does not shrink the widget, a larger setting grows it.
  'font-size': 'medium',
  radius: '8px',
  space: '16px',
};

/** The full set of token values a clinic's theme gives in one look, over the built-in ones. */
export function resolvedTheme(theme: ClinicTheme, scheme: 'light' | 'dark'): Required<ThemeValues> {
  const { dark, ...light } = theme;
  const colours =
    scheme === 'dark' ? { ...DARK_PALETTE, ...dark } : { ...LIGHT_PALETTE, ...pickColours(light) };
  return { ...SHAPE_DEFAULTS, ...light, ...colours };
}

function pickColours(values: ThemeValues): Partial<Palette> {
  return Object.fromEntries(Object.entries(values).filter(([k]) => k.startsWith('color-')));
}
