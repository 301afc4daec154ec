/**
 * `GET /api/practices/:practiceId/capacity?from=&to=`: the owner's capacity feed across a
 * practice's locations (one row set per clinic, services merged, totals over them all),
 * behind the practice's own bearer token (`practices[].capacity.token`). No token
 * configured: 404, as if the route were not there.
 *
 * Checked in the clinic feed's order: the sender's general allowance, the token is
 * configured, the feeds' own limits (the sender's shared with the clinic feeds), the token,
 * then the query. Each clinic's snapshot is the one its own feed and alerts use.
 */
import { Hono } from 'hono';
import { capacityQuerySchema } from '../../shared/capacity-contract.ts';
import { CapacitySnapshots } from '../capacity/capacity-snapshots.ts';
import { requireBearerToken } from '../capacity/capacity-token.ts';
import { capacityWindow } from '../capacity/capacity-window.ts';
import { practiceCapacity } from '../capacity/practice-capacity.ts';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../http/api-error.ts';
import { parseQuery } from '../http/validate.ts';
import { spends } from '../security/rate-limit.ts';
import { RateLimiter } from '../security/rate-limiter.ts';
import { clinicToday } from '../time/clinic-time.ts';
import { spendCapacityLimits, type CapacityRouteDeps } from './capacity.ts';

export function practiceCapacityRoutes(deps: CapacityRouteDeps) {
  const snapshots = deps.snapshots ?? new CapacitySnapshots({ now: deps.now });
  const limiter = deps.limiter ?? new RateLimiter({ now: () => deps.now().getTime() });
  return new Hono<AppEnv>().get('/capacity', spends('other'), async (c) => {
    const practice = c.get('practice');
    const token = practice.config.capacity?.token;
    if (!token) throw new ApiError(404, 'not_found', 'Nothing is here.');
    spendCapacityLimits(limiter, c.get('clientAddress'), `practice|${practice.config.id}`);
    await requireBearerToken(c.req.header('Authorization'), token, 'practice');
    const query = parseQuery(capacityQuerySchema, c.req.query());
    const now = deps.now();
    // "Today" is the first location's; a practice's sites normally share a zone.
    const window = capacityWindow(query, clinicToday(practice.clinics[0]!.config.timezone, now));
    const body = await practiceCapacity(practice.clinics, window, snapshots, now);
    c.header('Vary', 'Authorization');
    c.header('Cache-Control', 'no-store');
    return c.json(body, 200);
  });
}
