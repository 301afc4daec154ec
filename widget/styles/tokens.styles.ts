/**
 * The public theme tokens (`--cb-*`, see `shared/theme-tokens.ts`) mapped onto private
 * variables with defaults. Components use only the private `--_*` names, so a token's
 * default lives in one place. By default the widget inherits the host page's font and
 * text colour.
 */
import { css } from 'lit';

export const tokenStyles = css`
  :host {
    --_primary: var(--cb-color-primary, #0a5cad);
    --_on-primary: var(--cb-color-on-primary, #ffffff);
    --_surface: var(--cb-color-surface, #ffffff);
    --_text: var(--cb-color-text, inherit);
    --_muted: var(--cb-color-muted, #52606d);
    --_border: var(--cb-color-border, #c4cdd5);
    /* Field outlines need 3:1 against the surface (WCAG 1.4.11); card borders are decorative. */
    --_border-strong: var(--_muted);
    --_error: var(--cb-color-error, #b42318);
    --_success: var(--cb-color-success, #067647);
    --_font: var(--cb-font-family, inherit);
    --_radius: var(--cb-radius, 8px);
    --_space: var(--cb-space, 16px);
  }
`;
