/**
 * `GET /api/clinics/:clinicId/capacity?from=&to=`: the owner's capacity feed (free and
 * booked minutes, free slots and utilisation per day, practitioner and service), behind
 * the clinic's bearer token. No token configured: 404, as if the route were not there.
 *
 * Checked in this order, so an unauthenticated caller learns nothing about the query: the
 * sender's general allowance (as on every clinic route), the token is configured, the feed's
 * own limits, the token, then the query.
 */
import { Hono } from 'hono';
import { capacityQuerySchema } from '../../shared/capacity-contract.ts';
import { capacityClinicOf } from '../capacity/capacity-reads.ts';
import { capacityReport } from '../capacity/capacity-report.ts';
import { CapacitySnapshots } from '../capacity/capacity-snapshots.ts';
import { requireBearerToken } from '../capacity/capacity-token.ts';
import { capacityWindow } from '../capacity/capacity-window.ts';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../http/api-error.ts';
import { parseQuery } from '../http/validate.ts';
import { spends } from '../security/rate-limit.ts';
import { RateLimiter, type RateLimitRule } from '../security/rate-limiter.ts';
import { clinicToday } from '../time/clinic-time.ts';

/**
 * The feed's own limits: a dashboard refreshing every minute uses one request a minute, so
 * these leave room for several owners and integrations while capping what a leaked or
 * guessed-at token can cost.
 */
export const CAPACITY_RATE_LIMITS: { perClient: RateLimitRule; perClinic: RateLimitRule } = {
  perClient: { limit: 30, windowSeconds: 60 },
  perClinic: { limit: 120, windowSeconds: 60 },
};

/**
 * Spends one request from the sender's feed allowance and from the clinic's or practice's
 * (`scope`); 429 when either is spent. Clinic and practice feeds share the sender's.
 */
export function spendCapacityLimits(
  limiter: Pick<RateLimiter, 'take'>,
  clientAddress: string,
  scope: string,
) {
  for (const [key, rule] of [
    [`capacity|client|${clientAddress}`, CAPACITY_RATE_LIMITS.perClient],
    [`capacity|${scope}`, CAPACITY_RATE_LIMITS.perClinic],
  ] as const) {
    const decision = limiter.take(key, rule);
    if (!decision.allowed) {
      throw new ApiError(429, 'rate_limited', 'Too many requests in a short time. Please wait a moment.', {
        headers: { 'Retry-After': String(decision.retryAfterSeconds) },
      });
    }
  }
}

export interface CapacityRouteDeps {
  now: () => Date;
  /** Shared with the alert checks when they run in the same process. */
  snapshots?: CapacitySnapshots;
  limiter?: Pick<RateLimiter, 'take'>;
}

export function capacityRoutes(deps: CapacityRouteDeps) {
  const snapshots = deps.snapshots ?? new CapacitySnapshots({ now: deps.now });
  const limiter = deps.limiter ?? new RateLimiter({ now: () => deps.now().getTime() });
  return new Hono<AppEnv>().get('/capacity', spends('other'), async (c) => {
    const clinic = c.get('clinic');
    const token = clinic.config.capacity?.token;
    if (!token) throw new ApiError(404, 'not_found', 'Nothing is here.');
    spendCapacityLimits(limiter, c.get('clientAddress'), `clinic|${clinic.config.id}`);
    await requireBearerToken(c.req.header('Authorization'), token);
    const query = parseQuery(capacityQuerySchema, c.req.query());
    const now = deps.now();
    const window = capacityWindow(query, clinicToday(clinic.config.timezone, now));
    const { capacity, expiresAt } = await snapshots.get(capacityClinicOf(clinic), window);
    const maxAgeSeconds = Math.max(0, Math.ceil((expiresAt - now.getTime()) / 1000));
    c.header('Vary', 'Authorization');
    c.header('Cache-Control', 'no-store');
    return c.json(capacityReport([capacity], window, { maxAgeSeconds }), 200);
  });
}
