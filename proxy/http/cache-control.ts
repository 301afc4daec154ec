/**
 * HTTP caching for what rarely changes (the clinic profile and catalogue): an ETag so a
 * revalidation costs a 304, and a short public max-age so a patient moving between pages
 * of the clinic's site does not wait for it again.
 */
import type { MiddlewareHandler } from 'hono';
import { etag } from 'hono/etag';

/** `Cache-Control` for catalogue answers: fresh for a minute, usable while revalidating for ten. */
export const CATALOGUE_CACHE_CONTROL = 'public, max-age=60, stale-while-revalidate=600';

function cacheControl(value: string): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (c.res.status === 200 || c.res.status === 304) c.header('Cache-Control', value);
  };
}

const catalogueCacheControl = cacheControl(CATALOGUE_CACHE_CONTROL);
const catalogueEtag = etag();

/** Middleware for cacheable catalogue routes: Cache-Control plus an ETag (304 on a match). */
export const catalogueCaching: MiddlewareHandler = (c, next) =>
  catalogueCacheControl(c, async () => {
    await catalogueEtag(c, next);
  });

/** Middleware for answers that must always be fetched fresh (availability, bookings). */
export const noStore: MiddlewareHandler = cacheControl('no-store');
