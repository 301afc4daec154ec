/**
 * Where the visit came from, read once when `<clinic-booking>` connects and sent with the
 * booking as `source`: the page URL's campaign parameters and click ids, the referrer's
 * origin (never its path or query, which can carry a search or another site's data) and
 * the page's path. Nothing is stored: a new page view reads it again.
 *
 * The page may name the campaign itself with `utm-*` attributes (a site that keeps the
 * first visit's campaign across pages, or a page that is the campaign). When it sets any of
 * them, the five `utm_*` come from the attributes only and the URL's are ignored, so one
 * campaign's source is never mixed with another's medium. Click ids, referrer and path
 * always come from the page.
 *
 * The proxy refuses a booking whose `source` breaks its rules (`bookingSourceSchema`), so
 * what could not pass is left out here: a booking never fails over where it came from.
 */
import {
  MAX_SOURCE_VALUE_LENGTH,
  SOURCE_QUERY_PARAMS,
  type BookingSource,
  type SourceKey,
} from '../../shared/booking-source.ts';

/** Controls, line breaks, bidi controls, the BOM and lone surrogates: refused by the proxy. */
const NOT_PLAIN =
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export interface VisitPage {
  /** The page's URL (`location.href`). */
  url: string;
  /** `document.referrer`: empty when there is none or the referring site withheld it. */
  referrer: string;
  /** The element's attribute by name, `null` when absent (`el.getAttribute`). */
  attribute(name: string): string | null;
}

/** The visit's source: at least the page's path, when it is one the proxy takes. */
export function visitSource(page: VisitPage): BookingSource {
  const url = new URL(page.url);
  const source: BookingSource = {};
  /** Cuts a long value (a long campaign name must not cost the booking), or with `whole`, drops it. */
  const set = (key: SourceKey, value: string | null | undefined, whole?: boolean) => {
    let text = value?.trim() ?? '';
    if (text.length > MAX_SOURCE_VALUE_LENGTH) {
      if (whole) return;
      // Never half of a character made of two UTF-16 units.
      text = text
        .slice(0, MAX_SOURCE_VALUE_LENGTH)
        .replace(/[\ud800-\udbff]$/, '')
        .trim();
    }
    if (text && !NOT_PLAIN.test(text)) source[key] = text;
  };
  const utm = SOURCE_QUERY_PARAMS.slice(0, 5);
  const attribute = (key: string) => page.attribute(key.replace('_', '-'));
  const fromPage = utm.some((key) => attribute(key) !== null);
  SOURCE_QUERY_PARAMS.forEach((key, i) =>
    set(key, fromPage && i < utm.length ? attribute(key) : url.searchParams.get(key)),
  );
  try {
    const referrer = new URL(page.referrer);
    // Only another site is a source: a link within the site says nothing of how the visit began.
    if (/^https?:$/.test(referrer.protocol) && referrer.origin !== url.origin)
      set('referrer', referrer.origin, true);
  } catch {
    // No referrer, or not a URL.
  }
  // A path as the proxy takes it: one leading slash (`//x` would read as another host).
  if (!url.pathname.startsWith('//')) set('landingPath', url.pathname, true);
  return source;
}
