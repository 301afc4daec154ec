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
  'font-size',
  'radius',
  'space',
] as const;

export type ThemeToken = (typeof THEME_TOKENS)[number];

/** The colour tokens: the ones that change between light and dark. */
export const COLOUR_TOKENS = THEME_TOKENS.filter((t): t is Extract<ThemeToken, `color-${string}`> =>
  t.startsWith('color-'),
);

export type ColourToken = Extract<ThemeToken, `color-${string}`>;

/**
 * The page's colours for the dark look: `--cb-dark-color-<name>`. A page's `--cb-color-*`
 * are the light look's (and the default look's); the dark look reads only these, as a
 * clinic's theme gives its dark colours under `dark`.
 */
export const DARK_COLOUR_TOKENS = COLOUR_TOKENS.map((t) => `dark-${t}` as const);
export type DarkColourToken = `dark-${ColourToken}`;

/** Every custom property a page may set on the element, without the `--cb-` prefix, in the docs' order. */
export const PAGE_TOKENS = [
  ...COLOUR_TOKENS,
  ...DARK_COLOUR_TOKENS,
  ...THEME_TOKENS.filter((t) => !t.startsWith('color-')),
] as ReadonlyArray<ThemeToken | DarkColourToken>;

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
