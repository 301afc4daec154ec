/**
 * A clinic's Cliniko settings in the clinics file, and where its API lives. Kept apart
 * from the provider so the config schema can be loaded without the provider's code.
 */
import { z } from 'zod';

/** Cliniko's shard when a key has no suffix (very old keys). */
export const DEFAULT_SHARD = 'au1';
const SHARD = /^[a-z]{2}\d{1,2}$/i;

export const clinikoProviderConfigSchema = z.object({
  type: z.literal('cliniko'),
  /**
   * The API key (Cliniko: My info → Manage API keys). Usually `"env:CLINIKO_API_KEY"`. Its
   * suffix after the last `-` (e.g. `-au2`) names the account's shard.
   */
  apiKey: z
    .string()
    .trim()
    .min(1, 'Give the Cliniko API key.')
    // The key is the Basic-auth user name, which cannot hold a colon.
    .regex(/^[^\s:]+$/, 'A Cliniko API key has no spaces or colons.'),
  /**
   * Sent as `User-Agent` on every request, as Cliniko requires: the app's name and a valid
   * contact email, or Cliniko may block the key's requests.
   */
  userAgent: z
    .string()
    .trim()
    .regex(
      /^[^()\r\n]+ \([^()\s]+@[^()\s]+\)$/,
      'Write the app’s name and a contact email, e.g. "Acme Physio Booking (ops@acme.example)".',
    ),
  /** The business (location) to book into. Optional when the account has a single business. */
  businessId: z
    .string()
    .trim()
    .regex(/^\d{1,20}$/, 'Use the business’s Cliniko id: digits only.')
    .optional(),
  /** Overrides the API's address, which otherwise comes from the key's shard. */
  baseUrl: z
    .url({ protocol: /^https?$/, error: 'Use the API’s address, e.g. https://api.au2.cliniko.com/v1.' })
    .transform((url) => url.replace(/\/+$/, ''))
    .optional(),
});

export type ClinikoProviderConfig = z.output<typeof clinikoProviderConfigSchema>;

/** The shard a key belongs to: the text after its last `-` when it looks like one, else au1. */
export function shardOf(apiKey: string): string {
  const at = apiKey.lastIndexOf('-');
  const suffix = at > 0 ? apiKey.slice(at + 1) : '';
  return SHARD.test(suffix) ? suffix.toLowerCase() : DEFAULT_SHARD;
}

/** `https://api.<shard>.cliniko.com/v1`, or the configured `baseUrl`. */
export function clinikoBaseUrl(config: Pick<ClinikoProviderConfig, 'apiKey' | 'baseUrl'>): string {
  return config.baseUrl ?? `https://api.${shardOf(config.apiKey)}.cliniko.com/v1`;
}
