/**
 * CORS for `/api/clinics/:clinicId` and `/api/practices/:practiceId` and everything under
 * them: cross-origin calls only from the origins listed for the clinic in the path (for a
 * practice, any of its clinics'), preflights answered here. Writes into the request's header
 * record (`request-context.ts`) rather than the response, so the answer is built once;
 * `Vary: Origin` is said once.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { Clinic } from '../clinic.ts';
import type { AppEnv } from '../env.ts';
import { practiceOrigins, type Practice } from '../practice.ts';
import { respond, varyWith } from './request-context.ts';

const PREFLIGHT_HEADERS = {
  'Access-Control-Allow-Methods': 'GET,POST,OPTIONS',
  'Access-Control-Allow-Headers': 'Content-Type,Idempotency-Key',
  'Access-Control-Max-Age': '600',
};

/** Mount on `/api/clinics/:clinicId/*` (which also matches the clinic's own path). */
export function clinicCors(clinics: Map<string, Clinic>): MiddlewareHandler<AppEnv> {
  return originCors(
    (c, origin) =>
      clinics.get(c.req.param('clinicId') ?? '')?.config.allowedOrigins.includes(origin) ?? false,
  );
}

/** Mount on `/api/practices/:practiceId/*`: the union of the practice's clinics' `allowedOrigins`. */
export function practiceCors(practices: Map<string, Practice>): MiddlewareHandler<AppEnv> {
  const origins = new Map([...practices].map(([id, practice]) => [id, practiceOrigins(practice)]));
  return originCors((c, origin) => origins.get(c.req.param('practiceId') ?? '')?.has(origin) ?? false);
}

function originCors(allows: (c: Context<AppEnv>, origin: string) => boolean): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const headers = c.get('responseHeaders');
    const origin = c.req.header('Origin');
    if (origin && allows(c, origin)) {
      headers['Access-Control-Allow-Origin'] = origin;
      headers['Access-Control-Expose-Headers'] = 'Retry-After';
    }
    // Answers differ by Origin, so shared caches must keep them apart.
    headers.Vary = varyWith(headers.Vary, 'Origin');
    if (c.req.method === 'OPTIONS') return respond(c, 204, null, PREFLIGHT_HEADERS);
    await next();
  };
}
