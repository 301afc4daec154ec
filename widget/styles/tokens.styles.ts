/**
 * The public theme tokens (`--cb-*`, see `shared/theme-tokens.ts`) mapped onto private
 * variables. Components use only the private `--_*` names. Each one resolves, first found:
 *
 * 1. the host page's `--cb-<token>` (set on `clinic-booking` or any ancestor); in the dark
 *    look, `--cb-dark-<token>` for colours;
 * 2. `--_clinic-<token>` (`--_clinic-dark-<token>` in the dark look): the clinic's defaults
 *    from its proxy config, set by `clinic-theme.ts` in a stylesheet of their own;
 * 3. the built-in look (`shared/theme-defaults.ts`).
 *
 * The `theme` attribute picks the look: none (light colours, text and font from the page),
 * `light`, `dark`, or `auto` (`prefers-color-scheme`). `look-guard.ts` then checks what
 * this resolved to and overrides any colour that would not be readable.
 */
import { css, unsafeCSS } from 'lit';
import { DARK_PALETTE, LIGHT_PALETTE, SHAPE_DEFAULTS, type Palette } from '../../shared/theme-defaults.ts';
import { COLOUR_TOKENS, THEME_TOKENS } from '../../shared/theme-tokens.ts';
import { PRIVATE_COLOUR } from '../theme/private-names.ts';

type Scheme = 'light' | 'dark';

function colours(scheme: Scheme, text?: string): string {
  const palette: Palette = scheme === 'dark' ? DARK_PALETTE : LIGHT_PALETTE;
  const prefix = scheme === 'dark' ? 'dark-' : '';
  return COLOUR_TOKENS.map((token) => {
    const fallback = token === 'color-text' && text ? text : palette[token];
    return `${PRIVATE_COLOUR[token]}: var(--cb-${prefix}${token}, var(--_clinic-${prefix}${token}, ${fallback}));`;
  }).join('\n');
}

function shape(token: Exclude<(typeof THEME_TOKENS)[number], `color-${string}`>, name: string): string {
  return `${name}: var(--cb-${token}, var(--_clinic-${token}, ${SHAPE_DEFAULTS[token]}));`;
}

// A page that happens to set one of these names must not leak into the widget.
const resetClinic = [
  ...THEME_TOKENS.map((t) => `--_clinic-${t}`),
  ...COLOUR_TOKENS.map((t) => `--_clinic-dark-${t}`),
]
  .map((name) => `${name}: initial;`)
  .join('\n');

const dark = unsafeCSS(`${colours('dark')} color-scheme: dark;`);

export const tokenStyles = css`
  :host {
    ${unsafeCSS(resetClinic)}
    /* The default look: light colours, but text keeps the page's colour (currentColor on
       'color' is the inherited colour). */
    ${unsafeCSS(colours('light', 'currentColor'))}
    ${unsafeCSS(shape('font-family', '--_font'))}
    ${unsafeCSS(shape('font-size', '--_font-size'))}
    ${unsafeCSS(shape('radius', '--_radius'))}
    ${unsafeCSS(shape('space', '--_space'))}
    /* Field outlines need 3:1 against the surface (WCAG 1.4.11); card borders are decorative. */
    --_border-strong: var(--_muted);
  }
  :host([theme='light']),
  :host([theme='auto']) {
    ${unsafeCSS(colours('light'))}
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
