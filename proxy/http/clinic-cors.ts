/**
 * CORS for `/api/clinics/:clinicId` and `/api/practices/:practiceId` and everything under
 * them: cross-origin calls only from the origins listed for the clinic in the path (for a
 * practice, any of its clinics'), preflights answered here. Writes into the request's header
 * record (`request-context.ts`) rather than the response, so the answer is built once;
 * `Vary: Origin` is said once.
 */
import type { MiddlewareHandler } from 'hono';
import type { Clinic } from '../clinic.ts';
import type { ApiRequest, AppEnv } from '../env.ts';
import { practiceOrigins, type Practice } from '../practice.ts';
import { respond, varyWith } from './request-context.ts';

const PREFLIGHT_HEADERS = {
  'Access-Control-Allow-Methods': 'GET,POST,OPTIONS',
  'Access-Control-Allow-Headers': 'Content-Type,Idempotency-Key',
  'Access-Control-Max-Age': '600',
};

/** Says whether a clinic or practice takes cross-origin calls from `origin`. */
export type OriginCheck = (origin: string) => boolean;

const NO_ORIGIN: OriginCheck = () => false;

/** Mount on `/api/clinics/:clinicId/*` (which also matches the clinic's own path). */
export function clinicCors(clinics: Map<string, Clinic>): MiddlewareHandler<AppEnv> {
  const checks = new Map(
    [...clinics].map(([id, clinic]): [string, OriginCheck] => {
      const origins = new Set(clinic.config.allowedOrigins);
      return [id, (origin) => origins.has(origin)];
    }),
  );
  return originCors('clinicId', checks);
}

/** Mount on `/api/practices/:practiceId/*`: the union of the practice's clinics' `allowedOrigins`. */
export function practiceCors(practices: Map<string, Practice>): MiddlewareHandler<AppEnv> {
  const checks = new Map(
    [...practices].map(([id, practice]): [string, OriginCheck] => {
      const origins = practiceOrigins(practice);
      return [id, (origin) => origins.has(origin)];
    }),
  );
  return originCors('practiceId', checks);
}

function originCors(
  param: 'clinicId' | 'practiceId',
  checks: ReadonlyMap<string, OriginCheck>,
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const allows = checks.get(c.req.param(param) ?? '') ?? NO_ORIGIN;
    c.set('allowsOrigin', allows);
    addCorsHeaders(c, allows);
    if (c.req.method === 'OPTIONS') return respond(c, 204, null, PREFLIGHT_HEADERS);
    await next();
  };
}

/**
 * Writes the CORS headers of a request into its header record: routed, or answered from a
 * kept answer with the check its route used.
 */
export function addCorsHeaders(c: ApiRequest, allows: OriginCheck): void {
  const headers = c.get('responseHeaders');
  const origin = c.req.header('Origin');
  if (origin && allows(origin)) {
    headers['Access-Control-Allow-Origin'] = origin;
    headers['Access-Control-Expose-Headers'] = 'Retry-After';
  }
  // Answers differ by Origin, so shared caches must keep them apart.
  headers.Vary = varyWith(headers.Vary, 'Origin');
}
