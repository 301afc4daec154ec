/**
 * How browsers and shared caches may keep the proxy's answers.
 *
 * - The clinic profile and catalogue rarely change: fresh for a minute, usable while
 *   revalidating for ten, and revalidated with the ETag for a 304.
 * - Availability may be kept but never used without asking (`no-cache`): each use is a
 *   revalidation, answered 304 only while the proxy's own answer is byte for byte the same,
 *   so no stale time reaches a patient and an unchanged week costs a few hundred bytes.
 */

/** `Cache-Control` for catalogue answers: fresh for a minute, usable while revalidating for ten. */
export const CATALOGUE_CACHE_CONTROL = 'public, max-age=60, stale-while-revalidate=600';

/** `Cache-Control` for availability: keep it, but revalidate before every use. */
export const AVAILABILITY_CACHE_CONTROL = 'no-cache';
