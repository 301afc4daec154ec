/**
 * Rate limits on the API, per client address and per clinic, answering 429 `rate_limited`
 * with `Retry-After`.
 *
 * - Per client: stops one address from flooding bookings (spam, slot squatting) or
 *   scraping availability; counted across all clinics on this proxy.
 * - Per clinic: caps what every client together may ask of one clinic, so its practice
 *   system's API budget (Cliniko: 200 requests a minute per key) is not spent by an attack.
 *
 * Preflight requests are answered by CORS before these run and are not counted.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../http/api-error.ts';
import type { Logger } from '../logger.ts';
import type { RateLimiter, RateLimitRule } from './rate-limiter.ts';

/** The kinds of request that are limited separately. */
export type RouteGroup = 'bookings' | 'availability' | 'other';

/** Every limit the proxy applies. */
export interface RateLimitPolicy {
  perClient: Record<RouteGroup, RateLimitRule>;
  /** Per clinic; a clinic's config may override these (`rateLimits` in the clinics file). */
  perClinic: Record<Exclude<RouteGroup, 'other'>, RateLimitRule>;
}

/**
 * The defaults: loose enough for many patients behind one mobile carrier's shared address,
 * tight enough that a script cannot book out a clinic or spend its API budget.
 */
export const DEFAULT_RATE_LIMITS: RateLimitPolicy = {
  perClient: {
    bookings: { limit: 10, windowSeconds: 600 },
    availability: { limit: 120, windowSeconds: 60 },
    other: { limit: 300, windowSeconds: 60 },
  },
  perClinic: {
    bookings: { limit: 60, windowSeconds: 600 },
    availability: { limit: 600, windowSeconds: 60 },
  },
};

/** Which limit a request counts against. */
export function routeGroupOf(c: Context): RouteGroup {
  const last = c.req.path.replace(/\/+$/, '').split('/').pop();
  if (c.req.method === 'POST' && last === 'bookings') return 'bookings';
  if (last === 'availability') return 'availability';
  return 'other';
}

function refuse(retryAfterSeconds: number): ApiError {
  return new ApiError(
    429,
    'rate_limited',
    'Too many requests in a short time. Please wait a moment and try again.',
    {
      headers: { 'Retry-After': String(retryAfterSeconds) },
    },
  );
}

export interface RateLimitDeps {
  limiter: RateLimiter;
  policy: RateLimitPolicy;
  logger: Logger;
}

/** Limits per client address (`clientAddress` on the context); runs before the clinic is looked up, so unknown clinics count too. */
export function limitPerClient(deps: RateLimitDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const group = routeGroupOf(c);
    const decision = deps.limiter.take(
      `client|${group}|${c.get('clientAddress')}`,
      deps.policy.perClient[group],
    );
    if (!decision.allowed) {
      // The address itself is personal information: the log says only which limit was hit.
      deps.logger.log('info', 'rate_limited', { requestId: c.get('requestId'), scope: 'client', group });
      throw refuse(decision.retryAfterSeconds);
    }
    await next();
  };
}

/** Limits per clinic; runs after the clinic middleware has put the clinic on the context. */
export function limitPerClinic(deps: RateLimitDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const group = routeGroupOf(c);
    if (group !== 'other') {
      const clinic = c.get('clinic').config;
      const rule = clinic.rateLimits?.[group] ?? deps.policy.perClinic[group];
      const decision = deps.limiter.take(`clinic|${group}|${clinic.id}`, rule);
      if (!decision.allowed) {
        deps.logger.log('warn', 'rate_limited', {
          requestId: c.get('requestId'),
          scope: 'clinic',
          group,
          clinicId: clinic.id,
        });
        throw refuse(decision.retryAfterSeconds);
      }
    }
    await next();
  };
}
