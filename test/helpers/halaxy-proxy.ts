/**
 * The real proxy app with one clinic configured for Halaxy, talking to the fake Halaxy
 * through msw, at a fixed time that tests can move (the proxy and the fake share the
 * clock, so a token's 15 minutes pass for both).
 *
 * The caller owns msw's server: `server.use(...proxy.fake.handlers())`.
 */
import { createApp, type AppOptions } from '../../proxy/app.ts';
import { buildClinics } from '../../proxy/clinic.ts';
import { loadClinicsConfig } from '../../proxy/config/load-config.ts';
import { createJsonLogger } from '../../proxy/logger.ts';
import { createMemoryStore } from '../../proxy/store/memory-store.ts';
import type { Store } from '../../proxy/store/store.ts';
import { RequestBudgets } from '../../proxy/upstream/request-budget.ts';
import {
  FAKE_CLIENT,
  HalaxyFake,
  HALAXY_PUBLIC_BASE,
  type HalaxyFakeOptions,
} from '../fakes/halaxy/halaxy-fake.ts';
import { CLINIC_ID, MEDICARE_FUNDER_ID } from '../fakes/halaxy/halaxy-seed.ts';
import { FIXED_NOW } from './demo-proxy.ts';

export const HALAXY_CLINIC_ID = 'northside';
export const HALAXY_USER_AGENT = 'ClinicBookingTests (dev@clinic-booking.example)';

/** The clinics file for a Halaxy clinic, secrets as `env:` references. */
export function halaxyClinicsFile(
  baseUrl: string,
  provider: Record<string, unknown> = {},
  clinic: Record<string, unknown> = {},
): string {
  return JSON.stringify({
    clinics: [
      {
        id: HALAXY_CLINIC_ID,
        name: 'Northside Allied Health',
        timezone: 'Australia/Sydney',
        allowedOrigins: ['https://www.northside.example'],
        provider: {
          type: 'halaxy',
          clientId: 'env:HALAXY_CLIENT_ID',
          clientSecret: 'env:HALAXY_CLIENT_SECRET',
          userAgent: HALAXY_USER_AGENT,
          organizationId: CLINIC_ID,
          medicareFunderId: MEDICARE_FUNDER_ID,
          baseUrl,
          ...provider,
        },
        waiver: {
          id: 'northside-consent',
          version: '4',
          title: 'Consent to assessment and treatment',
          text: 'I consent to an assessment and to the treatment my practitioner explains.\n\nI understand I can ask questions or stop at any time, and that my information is kept confidential.',
        },
        policy: { minNoticeMinutes: 60, maxDaysAhead: 60 },
        ...clinic,
      },
    ],
  });
}

export const HALAXY_ENV = { HALAXY_CLIENT_ID: FAKE_CLIENT.id, HALAXY_CLIENT_SECRET: FAKE_CLIENT.secret };

export interface HalaxyProxy {
  app: ReturnType<typeof createApp>;
  fake: HalaxyFake;
  /** The proxy's shared state; a restarted proxy keeps it, as a database would. */
  store: Store;
  logs: string[];
  now(): Date;
  /** Moves the shared clock forward. */
  advance(ms: number): void;
}

export interface HalaxyProxyOptions {
  fake?: HalaxyFakeOptions;
  /** Another proxy whose Halaxy (and clock) this one shares: a restarted proxy. */
  restartOf?: HalaxyProxy;
  /** The store; default `restartOf`'s, else a new one in memory. */
  store?: Store;
  provider?: Record<string, unknown>;
  /** Other clinic fields, as the clinics file writes them (e.g. `intake`). */
  clinic?: Record<string, unknown>;
  /** Other app options (e.g. `trustedProxy`, `rateLimits`). */
  app?: Partial<AppOptions>;
  /**
   * Count Halaxy's 500-a-minute budget on the shared clock instead of the real one, for
   * simulations that move the clock minutes in a second. A request that would have to wait
   * for the budget is then refused at once (503): a wait would never end, as the shared
   * clock only moves between a simulation's steps.
   */
  budgetOnSharedClock?: boolean;
}

export function createHalaxyProxy(options: HalaxyProxyOptions = {}): HalaxyProxy {
  let now = options.restartOf?.now() ?? FIXED_NOW;
  const fake = options.restartOf?.fake ?? new HalaxyFake({ now: () => now.getTime(), ...options.fake });
  const logs: string[] = [];
  const logger = createJsonLogger({ write: (line) => logs.push(line), now: () => now, minLevel: 'debug' });
  const clinic = options.budgetOnSharedClock
    ? { ...options.clinic, upstream: { maxRateLimitWaitMs: 0 } }
    : options.clinic;
  const configs = loadClinicsConfig(
    halaxyClinicsFile(HALAXY_PUBLIC_BASE, options.provider, clinic),
    HALAXY_ENV,
  );
  const store =
    options.store ??
    options.restartOf?.store ??
    createMemoryStore(options.budgetOnSharedClock ? { now: () => now.getTime() } : {});
  const clinics = buildClinics(configs, {
    fetch: (input, init) => fetch(input, init),
    now: () => now,
    logger,
    store,
    budgets: new RequestBudgets({ store: store.budgets }),
  });
  return {
    app: createApp({ clinics, now: () => now, logger, store, ...options.app }),
    fake,
    store,
    logs,
    now: () => now,
    advance(ms) {
      now = new Date(now.getTime() + ms);
    },
  };
}
