/**
 * The public theme tokens. Each is a CSS custom property `--cb-<name>` on
 * `<clinic-booking>`; a clinic's proxy config may give defaults for any of them, and the
 * host page's own CSS overrides those.
 *
 * No zod here: the widget imports this file, and its bundle stays small.
 */
export const THEME_TOKENS = [
  'color-primary',
  'color-on-primary',
  'color-surface',
  'color-text',
  'color-muted',
  'color-border',
  'color-error',
  'color-success',
  'font-family',
  'radius',
  'space',
] as const;

export type ThemeToken = (typeof THEME_TOKENS)[number];

/** The colour tokens: the ones that change between light and dark. */
export const COLOUR_TOKENS = THEME_TOKENS.filter((t): t is Extract<ThemeToken, `color-${string}`> =>
  t.startsWith('color-'),
);

export type ColourToken = Extract<ThemeToken, `color-${string}`>;

/** Some tokens of a theme, as a clinic's config or a host page gives them. */
export type ThemeValues = Partial<Record<ThemeToken, string>>;

/**
 * A clinic's theme in its proxy config and profile: token values for the light look (the
 * non-colour ones apply in every look), and optionally the colours of its dark look.
 */
export type ClinicTheme = ThemeValues & { dark?: Partial<Record<ColourToken, string>> };

/** The looks the widget's `theme` attribute chooses; anything else is the default look. */
export const COLOUR_SCHEMES = ['light', 'dark', 'auto'] as const;
export type ColourScheme = (typeof COLOUR_SCHEMES)[number];

/**
 * True when `value` is safe to place in a custom property: no way to close the
 * declaration, open a block, load a URL or inject markup.
 */
export function isSafeCssValue(value: string): boolean {
  return value.length <= 200 && !/[;{}<>\\]|url\s*\(|expression\s*\(|@import/i.test(value);
}
