/**
 * A clinic's Halaxy settings in the clinics file. Kept apart from the provider so the
 * config schema can be loaded without the provider's code.
 */
import { z } from 'zod';

/** Halaxy's API for practices outside the UK and EU (Australia, New Zealand, …). */
export const HALAXY_AU_BASE_URL = 'https://au-api.halaxy.com/main';
/** Halaxy's API for UK and EU practices. */
export const HALAXY_EU_BASE_URL = 'https://eu-api.halaxy.com/main';

export const halaxyProviderConfigSchema = z.object({
  type: z.literal('halaxy'),
  /** The API key's Client ID (Halaxy: Settings → API keys). Usually `"env:HALAXY_CLIENT_ID"`. */
  clientId: z.string().trim().min(1, 'Give the API key’s Client ID.'),
  /** The API key's Client Secret. Usually `"env:HALAXY_CLIENT_SECRET"`. */
  clientSecret: z.string().min(1, 'Give the API key’s Client Secret.'),
  /**
   * Sent as `User-Agent` on every request, as Halaxy asks: the app's name and a contact
   * email. Halaxy's gateway refuses requests without one (HTTP 403).
   */
  userAgent: z
    .string()
    .trim()
    .regex(
      /^[^()\r\n]+ \([^()\s]+@[^()\s]+\)$/,
      'Write the app’s name and a contact email, e.g. "AcmeBooking (it@acmephysio.com.au)".',
    ),
  /** The clinic (location) to book into: Halaxy's `CL-…` Organization id. */
  organizationId: z
    .string()
    .trim()
    .regex(/^CL-[\w-]+$/, 'Use the clinic’s Halaxy id, which starts with "CL-".'),
  /** The API's base URL; the AU endpoint unless the practice is in the UK or EU. */
  baseUrl: z
    .url({ protocol: /^https?$/, error: `Use ${HALAXY_AU_BASE_URL} or ${HALAXY_EU_BASE_URL}.` })
    .default(HALAXY_AU_BASE_URL)
    .transform((url) => url.replace(/\/+$/, '')),
  /**
   * Medicare's funder id in this Halaxy account (`FD-…`, see Organizations). When set, a
   * patient's Medicare card is saved as a `Coverage`; without it Medicare details are not
   * written to Halaxy.
   */
  medicareFunderId: z
    .string()
    .trim()
    .regex(/^FD-[\w-]+$/, 'Use the funder’s Halaxy id, which starts with "FD-".')
    .optional(),
  /** `final` stores the signed waiver as a published clinical note; `preliminary` as a draft. */
  waiverNoteStatus: z.enum(['final', 'preliminary']).default('final'),
});

export type HalaxyProviderConfig = z.output<typeof halaxyProviderConfigSchema>;
