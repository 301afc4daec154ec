/**
 * The public theme tokens. Each is a CSS custom property `--cb-<name>` on
 * `<clinic-booking>`; a clinic's proxy config may give defaults for any of them, and the
 * host page's own CSS overrides those.
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

/**
 * True when `value` is safe to place in a custom property: no way to close the
 * declaration, open a block, load a URL or inject markup.
 */
export function isSafeCssValue(value: string): boolean {
  return value.length <= 200 && !/[;{}<>\\]|url\s*\(|expression\s*\(|@import/i.test(value);
}
