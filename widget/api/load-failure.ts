/**
 * What the widget says when it cannot load its clinic, told apart by cause: the page's
 * setup (an origin the clinic does not allow, an `api` that is not the proxy, a clinic id
 * the proxy does not know) or the network and the proxy themselves. A setup problem is
 * for the site's developer, who reads the console; the patient is told the form is not
 * set up yet and, when the page gives one, the clinic's phone number.
 */
import { BookingApiError, type BookingApi } from './booking-api.ts';

/** What the patient reads when the page's setup, not the network, stops the widget. */
export const NOT_SET_UP_MESSAGE = 'This booking form is not set up for this website yet.';

export interface LoadFailure {
  /** For the patient, in the widget's alert. */
  message: string;
  /** For the site's developer, in the console: what is wrong and how to fix it. */
  hint?: string;
}

export interface LoadContext {
  api: BookingApi;
  /** The proxy address the widget called (its `api`, or where the script came from). */
  apiBase: string;
  /** The clinic's id, or the practice's (`kind`). */
  clinic: string;
  /** What failed to load: a clinic (its bootstrap) or a practice (its locations). */
  kind?: 'clinic' | 'practice';
  /** The page's origin, the one the clinic's `allowedOrigins` must list. */
  origin: string;
  signal: AbortSignal;
}

/**
 * Explains a failed bootstrap. A request that got no answer is probed once more on the
 * proxy's `/healthz`, which every origin may read: if that answers, the proxy is up and
 * the browser refused the clinic's answers for this page's origin (CORS).
 */
export async function explainLoadFailure(error: unknown, context: LoadContext): Promise<LoadFailure> {
  const { apiBase, clinic, origin } = context;
  const kind = context.kind ?? 'clinic';
  const element = `<clinic-booking ${kind}="${clinic}">`;
  if (!(error instanceof BookingApiError)) return { message: 'Online booking is unavailable right now.' };
  if (error.code === `${kind}_not_found`) {
    return {
      message: NOT_SET_UP_MESSAGE,
      hint: `${element}: the booking service at ${apiBase} has no ${kind} "${clinic}". Check the ${kind} attribute: it is the ${kind}'s id in the proxy's clinics file.`,
    };
  }
  if ((error.status === 404 && !error.fromProxy) || error.code === 'not_found') {
    return {
      message: NOT_SET_UP_MESSAGE,
      hint: `${element}: ${apiBase} answered 404 for the clinic, so it is not the booking proxy. Set api="https://…" on the element to the proxy's address, the one widget.js is loaded from.`,
    };
  }
  if (error.code === 'network_error') {
    if (await context.api.isReachable(context.signal)) {
      return {
        message: NOT_SET_UP_MESSAGE,
        hint: `${element}: the booking service at ${apiBase} does not allow this website's origin, ${origin}. Add "${origin}" to allowedOrigins for ${kind === 'practice' ? 'a clinic of the practice' : 'the clinic'} "${clinic}" in the proxy's clinics file (list the www and the bare domain if the site answers on both).`,
      };
    }
    return {
      message: error.message,
      hint: `${element}: no answer from ${apiBase}. If this lasts, check the api attribute and that the proxy is running.`,
    };
  }
  return { message: error.message };
}

/** The clinic's phone, from a `tel:` link in the element's own fallback content. */
export function fallbackPhone(host: Element): { text: string; href: string } | null {
  const link = host.querySelector<HTMLAnchorElement>('a[href^="tel:"]');
  const href = link?.getAttribute('href') ?? '';
  const text = link?.textContent?.trim() ?? '';
  return /^tel:[+\d\s().-]{3,30}$/.test(href) && text ? { text, href } : null;
}
