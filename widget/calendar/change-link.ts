/**
 * The patient's change-or-cancel link: the page the widget is on, with `?cb-manage=<token>`
 * (`booking.manageToken`) added. The page's other query parameters and its hash are kept, so
 * the link opens the same page, with the same widgets, however the site routes.
 */

/** The query parameter that opens the manage view (`<clinic-booking>` reads it). */
export const MANAGE_PARAM = 'cb-manage';

/** `pageUrl` with the link's token set (replacing an older one). */
export function changeLinkUrl(token: string, pageUrl: string = window.location.href): string {
  const url = new URL(pageUrl);
  url.searchParams.set(MANAGE_PARAM, token);
  return url.href;
}
