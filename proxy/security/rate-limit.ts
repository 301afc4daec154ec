/**
 * Rate limits on the API, per client address and per clinic, answering 429 `rate_limited`
 * with `Retry-After`. Each route says which limit it spends with {@link spends}, first among
 * its middleware; `createApp` refuses to start when a clinic route says nothing, so a new
 * route cannot silently get a loose limit.
 *
 * - Per client: stops one address flooding bookings (spam, slot squatting) or scraping
 *   availability; counted across all clinics on this proxy. Every booking attempt counts,
 *   refused ones too.
 * - Per clinic: caps what every client together may ask of one clinic, so its practice
 *   system's API budget is not spent by an attack. A booking spends the clinic's allowance
 *   only once it has passed the honeypot, validation and Turnstile: junk from many addresses
 *   cannot lock real patients out.
 *
 * Where the counts live: booking limits, which guard writes, are shared by every instance
 * (the store). Read limits (availability, the catalogue) stay in each instance's memory: a
 * database round trip per read would cost more than the cached answer it guards, and the
 * practice system is protected by the shared upstream budget whatever the read limits allow.
 * With N instances, a client may read N times the per-instance rate.
 *
 * Preflight requests are answered by CORS before these run and are not counted.
 */
import type { MiddlewareHandler } from 'hono';
import type { ApiRequest, AppEnv, AppVariables } from '../env.ts';
import { ApiError } from '../http/api-error.ts';
import type { Logger } from '../logger.ts';
import type { SharedRateLimits } from '../store/store.ts';
import type { RateDecision, RateLimiter, RateLimitRule } from './rate-limiter.ts';

/** The kinds of request that are limited separately. */
export type RouteGroup = 'bookings' | 'availability' | 'manage' | 'other';

/** The groups limited per clinic too. */
export type ClinicRouteGroup = 'bookings' | 'availability';

/** Every limit the proxy applies. */
export interface RateLimitPolicy {
  perClient: Record<RouteGroup, RateLimitRule>;
  /** Per clinic; a clinic's config may override these (`rateLimits` in the clinics file). */
  perClinic: Record<ClinicRouteGroup, RateLimitRule>;
  /**
   * Per change-or-cancel link: however many addresses try one token, it answers only so
   * often (with `manage` per client, this keeps tokens from being guessed at speed).
   */
  perToken: RateLimitRule;
}

/**
 * The defaults: loose enough for many patients behind one mobile carrier's shared address,
 * tight enough that a script cannot book out a clinic or spend its API budget.
 */
export const DEFAULT_RATE_LIMITS: RateLimitPolicy = {
  perClient: {
    bookings: { limit: 10, windowSeconds: 600 },
    availability: { limit: 120, windowSeconds: 60 },
    // A patient opens their link, looks at times and moves or cancels: a few dozen requests.
    manage: { limit: 60, windowSeconds: 600 },
    other: { limit: 300, windowSeconds: 60 },
  },
  perClinic: {
    bookings: { limit: 60, windowSeconds: 600 },
    availability: { limit: 600, windowSeconds: 60 },
  },
  perToken: { limit: 30, windowSeconds: 600 },
};

/** What the limits read from a request: its id, the sender's address and the clinic. */
export interface LimitedRequest {
  get(key: 'requestId' | 'clientAddress'): string;
  get(key: 'clinic'): AppVariables['clinic'];
}

/**
 * Spends requests from the limits; on the context as `limits`. Reads (`availability`,
 * `other`) are counted in this instance's memory and decided synchronously: nothing is
 * returned, and a refusal is thrown at once. Bookings and links are counted in the store.
 */
export interface RateLimitGate {
  /** One request of `group` from the sender's allowance; throws 429 when it is spent. */
  client(c: LimitedRequest, group: RouteGroup): Promise<void> | void;
  /** One request of `group` from the clinic on the context; throws 429 when it is spent. */
  clinic(c: LimitedRequest, group: ClinicRouteGroup): Promise<void> | void;
  /** One request on a change-or-cancel link, named by a hash of its token; throws 429 when spent. */
  token(c: LimitedRequest, tokenHash: string): Promise<void>;
}

export interface RateLimitDeps {
  /** This instance's counters, for reads. */
  local: RateLimiter;
  /** The store's counters, shared by every instance, for bookings. */
  shared: SharedRateLimits;
  policy: RateLimitPolicy;
  logger: Logger;
}

/** Counts nothing: rate limits turned off (benchmarks only). */
export const NO_RATE_LIMITS: RateLimitGate = {
  client: () => {},
  clinic: () => {},
  token: async () => {},
};

export function rateLimitGate(deps: RateLimitDeps): RateLimitGate {
  /** Spends from `key`: reads in memory, at once; writes (and guesses at links) in the store, across instances. */
  const take = (group: RouteGroup, key: string, rule: RateLimitRule, refused: () => void) => {
    if (group !== 'bookings' && group !== 'manage') {
      return check(deps.local.take(key, rule), refused);
    }
    return deps.shared.consume(key, rule).then((decision) => check(decision, refused));
  };
  return {
    async token(c, tokenHash) {
      const decision = await deps.shared.consume(`token|manage|${tokenHash}`, deps.policy.perToken);
      if (!decision.allowed) {
        deps.logger.log('info', 'rate_limited', {
          requestId: c.get('requestId'),
          scope: 'token',
          group: 'manage',
        });
        throw refuse(decision.retryAfterSeconds);
      }
    },
    client(c, group) {
      return take(group, `client|${group}|${c.get('clientAddress')}`, deps.policy.perClient[group], () =>
        // The address itself is personal information: the log says only which limit was hit.
        deps.logger.log('info', 'rate_limited', { requestId: c.get('requestId'), scope: 'client', group }),
      );
    },
    clinic(c, group) {
      const clinic = c.get('clinic').config;
      const rule = clinic.rateLimits?.[group] ?? deps.policy.perClinic[group];
      return take(group, `clinic|${group}|${clinic.id}`, rule, () =>
        deps.logger.log('warn', 'rate_limited', {
          requestId: c.get('requestId'),
          scope: 'clinic',
          group,
          clinicId: clinic.id,
        }),
      );
    },
  };
}

/** Throws 429 (after `refused` logs it) when `decision` refuses. */
function check(decision: RateDecision, refused: () => void): void {
  if (decision.allowed) return;
  refused();
  throw refuse(decision.retryAfterSeconds);
}

/**
 * Spends one request of `group`: the sender's allowance, and for availability the clinic's
 * too. Synchronous for reads (nothing returned, a refusal thrown at once), so a kept answer
 * can be sent without waiting; a promise for writes.
 */
export function spend(c: ApiRequest, group: RouteGroup): Promise<void> | void {
  const limits = c.get('limits');
  const client = limits.client(c, group);
  if (group !== 'availability') return client;
  return client ? client.then(() => limits.clinic(c, group)) : limits.clinic(c, group);
}

const GROUP = Symbol('rate limit group');

/**
 * A route's declaration of the limit it spends, placed first among its middleware: the
 * sender's allowance for `group`, and for reads the clinic's too. A booking route spends the
 * clinic's allowance itself (`c.get('limits').clinic`) once the request has passed its checks.
 */
export function spends(group: RouteGroup): MiddlewareHandler<AppEnv> {
  const middleware: MiddlewareHandler<AppEnv> = async (c, next) => {
    c.set('spent', group);
    const spending = spend(c, group);
    if (spending) await spending;
    await next();
  };
  return Object.assign(middleware, { [GROUP]: group });
}

/** The limit a handler declares, when it is a {@link spends} middleware. */
export function declaredGroup(handler: unknown): RouteGroup | undefined {
  return typeof handler === 'function' ? (handler as { [GROUP]?: RouteGroup })[GROUP] : undefined;
}

/**
 * Throws when a route under `prefix` (other than middleware for every method) does not
 * declare its limit: checked as the app is built, so a route without one never serves.
 */
export function assertRoutesDeclareLimits(
  routes: ReadonlyArray<{ method: string; path: string; handler: unknown }>,
  prefix: string,
): void {
  const declared = new Set<string>();
  const seen = new Set<string>();
  for (const route of routes) {
    if (route.method === 'ALL' || !route.path.startsWith(prefix)) continue;
    const id = `${route.method} ${route.path}`;
    seen.add(id);
    if (declaredGroup(route.handler)) declared.add(id);
  }
  const missing = [...seen].filter((id) => !declared.has(id));
  if (missing.length > 0) {
    throw new Error(
      `These routes do not say which rate limit they spend (add spends(...) first among their middleware): ${missing.join(', ')}`,
    );
  }
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
