/**
 * Security headers on every response, chosen by what the response is:
 *
 * - API answers (`/api/*`, `/healthz`, errors): JSON that no browser should render,
 *   frame or run; `default-src 'none'`, no referrer.
 * - The widget's files (`/widget.js`, `/widget.iife.js`, `/widget-*.js`): loaded by
 *   clinics' own sites, so they may be used cross-origin
 *   (`Cross-Origin-Resource-Policy: cross-origin`; a classic script is a no-cors load).
 * - The owner's capacity dashboard (`/dashboard`): a stricter policy of its own
 *   (`dashboard-headers.ts`).
 * - Pages (the demo clinic's site and other static files): a CSP that lets the widget run,
 *   call this proxy and show Cloudflare Turnstile, and nothing else.
 *
 * Built on `hono/secure-headers` (HSTS, nosniff, frame options, COOP, and so on). API
 * answers are the hot path: their headers are one constant record
 * ({@link API_SECURITY_HEADERS}) that the request context puts into each answer as it is
 * built (`http/request-context.ts`), instead of a middleware rewriting every response after
 * the handler; a test keeps it equal to what `secureHeaders` would set.
 */
import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { isWidgetPath } from '../routes/widget.ts';
import { dashboardHeaders, isDashboardPath } from './dashboard-headers.ts';

type SecureHeadersOptions = NonNullable<Parameters<typeof secureHeaders>[0]>;

/** Where Cloudflare Turnstile's script and challenge frame come from. */
export const TURNSTILE_ORIGIN = 'https://challenges.cloudflare.com';

const common: Partial<SecureHeadersOptions> = {
  strictTransportSecurity: 'max-age=31536000; includeSubDomains',
  xFrameOptions: 'DENY',
  permissionsPolicy: { camera: [], microphone: [], geolocation: [], payment: [], usb: [] },
};

/** The `secureHeaders` options for API answers (JSON no browser should render, frame or run). */
export const API_SECURE_HEADERS_OPTIONS: Partial<SecureHeadersOptions> = {
  ...common,
  contentSecurityPolicy: {
    defaultSrc: ["'none'"],
    frameAncestors: ["'none'"],
    baseUri: ["'none'"],
    formAction: ["'none'"],
  },
  crossOriginResourcePolicy: 'cross-origin',
  referrerPolicy: 'no-referrer',
};

/** What {@link API_SECURE_HEADERS_OPTIONS} sets, as one record written into every API answer. */
export const API_SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Content-Security-Policy':
    "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'cross-origin',
  'Origin-Agent-Cluster': '?1',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
  'Referrer-Policy': 'no-referrer',
  'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
  'X-Content-Type-Options': 'nosniff',
  'X-DNS-Prefetch-Control': 'off',
  'X-Download-Options': 'noopen',
  'X-Frame-Options': 'DENY',
  'X-Permitted-Cross-Domain-Policies': 'none',
  'X-XSS-Protection': '0',
});

const widgetHeaders = secureHeaders({
  ...common,
  contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
  crossOriginResourcePolicy: 'cross-origin',
  referrerPolicy: 'no-referrer',
});

/**
 * The pages' policy. Lit's styles are constructable stylesheets, which `style-src` does not
 * govern; the drawn signature preview is a `data:` image; Turnstile needs its script and
 * frame origin.
 */
export const PAGE_CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'", TURNSTILE_ORIGIN],
  frameSrc: [TURNSTILE_ORIGIN],
  connectSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

const pageHeaders = secureHeaders({
  ...common,
  contentSecurityPolicy: PAGE_CONTENT_SECURITY_POLICY,
  crossOriginResourcePolicy: 'same-origin',
  // Turnstile's challenge frame needs to know which site embeds it.
  referrerPolicy: 'strict-origin-when-cross-origin',
});

/** True for the paths that answer JSON: the API and the health check. */
export function isApiPath(path: string): boolean {
  return path.startsWith('/api/') || path === '/api' || path === '/healthz';
}

/**
 * Picks the header set by path for the widget's files and pages; mount it first so errors
 * and 404s get headers too. API paths pass: their headers come with the request context.
 */
export function securityHeaders(): MiddlewareHandler {
  return (c, next) => {
    const path = c.req.path;
    if (isWidgetPath(path)) return widgetHeaders(c, next);
    if (isDashboardPath(path)) return dashboardHeaders(c, next);
    if (isApiPath(path)) return next();
    return pageHeaders(c, next);
  };
}
