/**
 * The capacity dashboard's headers (`/dashboard`): the strictest policy the page can run
 * under. Its script, stylesheet and icon come from this origin; it talks only to this
 * proxy's feed; it builds its DOM without HTML strings, so Trusted Types allow no policy at
 * all; no form may submit anywhere (the sign-in is handled in the page, and a failed script
 * must not put the token in a URL); nothing may frame it; no referrer leaves it.
 */
import { secureHeaders } from 'hono/secure-headers';

export const DASHBOARD_CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'none'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'"],
  connectSrc: ["'self'"],
  baseUri: ["'none'"],
  formAction: ["'none'"],
  frameAncestors: ["'none'"],
  requireTrustedTypesFor: ["'script'"],
  trustedTypes: ["'none'"],
};

/** The paths the dashboard is served on. */
export function isDashboardPath(path: string): boolean {
  return path === '/dashboard' || path.startsWith('/dashboard/');
}

export const dashboardHeaders = secureHeaders({
  contentSecurityPolicy: DASHBOARD_CONTENT_SECURITY_POLICY,
  strictTransportSecurity: 'max-age=31536000; includeSubDomains',
  xFrameOptions: 'DENY',
  crossOriginResourcePolicy: 'same-origin',
  crossOriginOpenerPolicy: 'same-origin',
  referrerPolicy: 'no-referrer',
  permissionsPolicy: { camera: [], microphone: [], geolocation: [], payment: [], usb: [] },
});
