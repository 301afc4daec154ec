/**
 * The private custom property each colour token resolves to inside the widget
 * (`tokens.styles.ts` declares them; `look-guard.ts` overrides them when unreadable).
 */
import type { ColourToken } from '../../shared/theme-tokens.ts';

export const PRIVATE_COLOUR: Record<ColourToken, string> = {
  'color-primary': '--_primary',
  'color-on-primary': '--_on-primary',
  'color-surface': '--_surface',
  'color-text': '--_text',
  'color-muted': '--_muted',
  'color-border': '--_border',
  'color-error': '--_error',
  'color-success': '--_success',
};
