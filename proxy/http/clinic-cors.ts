/**
 * CORS for `/api/clinics/:clinicId` and everything under it: cross-origin calls only from
 * the origins listed for the clinic in the path, preflights answered here. Writes into the
 * request's header record (`request-context.ts`) rather than the response, so the answer
 * is built once; `Vary: Origin` is said once.
 */
import type { MiddlewareHandler } from 'hono';
import type { Clinic } from '../clinic.ts';
import type { AppEnv } from '../env.ts';
import { respond, varyWith } from './request-context.ts';

const PREFLIGHT_HEADERS = {
  'Access-Control-Allow-Methods': 'GET,POST,OPTIONS',
  'Access-Control-Allow-Headers': 'Content-Type,Idempotency-Key',
  'Access-Control-Max-Age': '600',
};

/** Mount on `/api/clinics/:clinicId/*` (which also matches the clinic's own path). */
export function clinicCors(clinics: Map<string, Clinic>): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const headers = c.get('responseHeaders');
    const origin = c.req.header('Origin');
    if (origin && clinics.get(c.req.param('clinicId') ?? '')?.config.allowedOrigins.includes(origin)) {
      headers['Access-Control-Allow-Origin'] = origin;
      headers['Access-Control-Expose-Headers'] = 'Retry-After';
    }
    // Answers differ by Origin, so shared caches must keep them apart.
    headers.Vary = varyWith(headers.Vary, 'Origin');
    if (c.req.method === 'OPTIONS') return respond(c, 204, null, PREFLIGHT_HEADERS);
    await next();
  };
}
