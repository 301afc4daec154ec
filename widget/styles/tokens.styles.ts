/**
 * The public theme tokens (`--cb-*`, see `shared/theme-tokens.ts`) mapped onto private
 * variables. Components use only the private `--_*` names. Each one resolves, first found:
 *
 * 1. `--cb-<token>` from the host page (set on `clinic-booking` or any ancestor);
 * 2. `--_clinic-<token>` (`--_clinic-dark-<token>` in the dark look): the clinic's defaults
 *    from its proxy config, set by `clinic-theme.ts` in a stylesheet of their own;
 * 3. the built-in look (`shared/theme-defaults.ts`).
 *
 * The `theme` attribute picks the look: none (light colours, text and font from the page),
 * `light`, `dark`, or `auto` (`prefers-color-scheme`).
 */
import { css, unsafeCSS } from 'lit';
import { DARK_PALETTE, LIGHT_PALETTE, SHAPE_DEFAULTS, type Palette } from '../../shared/theme-defaults.ts';
import { COLOUR_TOKENS, THEME_TOKENS, type ColourToken } from '../../shared/theme-tokens.ts';

/** The private name each colour token maps to. */
const PRIVATE: Record<ColourToken, string> = {
  'color-primary': '--_primary',
  'color-on-primary': '--_on-primary',
  'color-surface': '--_surface',
  'color-text': '--_text',
  'color-muted': '--_muted',
  'color-border': '--_border',
  'color-error': '--_error',
  'color-success': '--_success',
};

function colours(palette: Palette, clinicPrefix: string, text: string = palette['color-text']): string {
  return COLOUR_TOKENS.map((token) => {
    const fallback = token === 'color-text' ? text : palette[token];
    return `${PRIVATE[token]}: var(--cb-${token}, var(${clinicPrefix}${token}, ${fallback}));`;
  }).join('\n');
}

// A page that happens to set one of these names must not leak into the widget.
const resetClinic = [
  ...THEME_TOKENS.map((t) => `--_clinic-${t}`),
  ...COLOUR_TOKENS.map((t) => `--_clinic-dark-${t}`),
]
  .map((name) => `${name}: initial;`)
  .join('\n');

const light = unsafeCSS(colours(LIGHT_PALETTE, '--_clinic-'));
const dark = unsafeCSS(`${colours(DARK_PALETTE, '--_clinic-dark-')} color-scheme: dark;`);

export const tokenStyles = css`
  :host {
    ${unsafeCSS(resetClinic)}
    /* The default look: light colours, but text keeps the page's colour (currentColor on
       'color' is the inherited colour). */
    ${unsafeCSS(colours(LIGHT_PALETTE, '--_clinic-', 'currentColor'))}
    --_font: var(--cb-font-family, var(--_clinic-font-family, ${unsafeCSS(SHAPE_DEFAULTS['font-family'])}));
    --_radius: var(--cb-radius, var(--_clinic-radius, ${unsafeCSS(SHAPE_DEFAULTS.radius)}));
    --_space: var(--cb-space, var(--_clinic-space, ${unsafeCSS(SHAPE_DEFAULTS.space)}));
    /* Field outlines need 3:1 against the surface (WCAG 1.4.11); card borders are decorative. */
    --_border-strong: var(--_muted);
  }
  :host([theme='light']),
  :host([theme='auto']) {
    ${light}
    color-scheme: light;
  }
  :host([theme='dark']) {
    ${dark}
  }
  @media (prefers-color-scheme: dark) {
    :host([theme='auto']) {
      ${dark}
    }
  }
`;
