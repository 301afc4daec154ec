/**
 * Where a booking came from, as the widget reports it with the booking (`source` in the
 * booking request) and the clinic's webhooks pass on to its CRM. Plain constants, no zod, so
 * the widget may import them without growing its bundle.
 */

/** The page URL's query parameters the widget copies into `source`, by the same names. */
export const SOURCE_QUERY_PARAMS = [
  'utm_source',
  'utm_medium',
  'utm_campaign',
  'utm_term',
  'utm_content',
  'gclid',
  'fbclid',
] as const;

/** Every key `source` may hold: the query parameters, the referrer's origin and the page's path. */
export const SOURCE_KEYS = [...SOURCE_QUERY_PARAMS, 'referrer', 'landingPath'] as const;

/** The longest any one `source` value may be, in characters. */
export const MAX_SOURCE_VALUE_LENGTH = 200;

export type SourceKey = (typeof SOURCE_KEYS)[number];

/**
 * The booking's source: every key optional. `referrer` is an origin (`https://www.google.com`,
 * no path), `landingPath` a path (`/physio/book`, no query or fragment).
 */
export type BookingSource = Partial<Record<SourceKey, string>>;
