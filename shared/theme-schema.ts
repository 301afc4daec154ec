/**
 * The zod schema of a clinic's theme, for the proxy's config and the contract. Kept apart
 * from `theme-tokens.ts` so the widget's bundle does not pull in zod.
 */
import { z } from 'zod';
import { COLOUR_TOKENS, THEME_TOKENS, isSafeCssValue, type ClinicTheme } from './theme-tokens.ts';

const cssValue = z.string().trim().min(1).refine(isSafeCssValue, 'Not a safe CSS value.');

function tokenObject<T extends readonly string[]>(tokens: T) {
  return z.strictObject(
    Object.fromEntries(tokens.map((t) => [t, cssValue.optional()])) as Record<
      T[number],
      z.ZodOptional<typeof cssValue>
    >,
  );
}

/** `{ "color-primary": "#0f4c5c", …, "dark": { "color-primary": "#7fd1e0", … } }`; unknown tokens are refused. */
export const clinicThemeSchema: z.ZodType<ClinicTheme> = tokenObject(THEME_TOKENS).extend({
  dark: tokenObject(COLOUR_TOKENS).optional(),
});
