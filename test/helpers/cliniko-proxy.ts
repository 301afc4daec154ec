/**
 * The real proxy app with one clinic configured for Cliniko, talking to the fake Cliniko
 * through msw, at a fixed time that tests can move (the proxy and the fake share the
 * practice clock; rate limits run on the real clock, as Cliniko's do).
 *
 * The caller owns msw's server: `server.use(...proxy.fake.handlers())`.
 */
import { createApp, type AppOptions } from '../../proxy/app.ts';
import { buildClinics, type Clinic } from '../../proxy/clinic.ts';
import { loadClinicsFile } from '../../proxy/config/load-config.ts';
import { createJsonLogger } from '../../proxy/logger.ts';
import { createMemoryStore } from '../../proxy/store/memory-store.ts';
import type { Store } from '../../proxy/store/store.ts';
import { RequestBudgets } from '../../proxy/upstream/request-budget.ts';
import { ClinikoFake, FAKE_API_KEY, type ClinikoFakeOptions } from '../fakes/cliniko/cliniko-fake.ts';
import { BUSINESS_ID } from '../fakes/cliniko/cliniko-seed.ts';
import { FIXED_NOW } from './demo-proxy.ts';

export const CLINIKO_CLINIC_ID = 'harbour';
export const CLINIKO_USER_AGENT = 'ClinicBookingTests (dev@clinic-booking.example)';
export const CLINIKO_ENV = { CLINIKO_API_KEY: FAKE_API_KEY };

/** The clinics file for a Cliniko clinic, the key as an `env:` reference. */
export function clinikoClinicsFile(
  provider: Record<string, unknown> = {},
  clinic: Record<string, unknown> = {},
): string {
  return JSON.stringify({
    clinics: [
      {
        id: CLINIKO_CLINIC_ID,
        name: 'Harbour Allied Health',
        timezone: 'Australia/Sydney',
        allowedOrigins: ['https://www.harbour.example'],
        provider: {
          type: 'cliniko',
          apiKey: 'env:CLINIKO_API_KEY',
          userAgent: CLINIKO_USER_AGENT,
          businessId: BUSINESS_ID,
          ...provider,
        },
        waiver: {
          id: 'harbour-consent',
          version: '3',
          title: 'Consent to assessment and treatment',
          text: 'I consent to an assessment and to the treatment my practitioner explains.\n\nI understand I can ask questions or stop at any time, and that my information is kept confidential.',
        },
        policy: { minNoticeMinutes: 60, maxDaysAhead: 60 },
        ...clinic,
      },
    ],
  });
}

export interface ClinikoProxy {
  app: ReturnType<typeof createApp>;
  fake: ClinikoFake;
  /** The proxy's shared state; a restarted proxy keeps it, as a database would. */
  store: Store;
  /** The clinics as the app serves them (for the reconciliation sweep). */
  clinics: Clinic[];
  logs: string[];
  now(): Date;
  /** Moves the shared clock forward. */
  advance(ms: number): void;
}

export interface ClinikoProxyOptions {
  fake?: ClinikoFakeOptions;
  /** Another proxy whose Cliniko, clock and store this one shares: a restarted proxy, or a second instance. */
  restartOf?: ClinikoProxy;
  /** The store; default `restartOf`'s, else a new one in memory. */
  store?: Store;
  provider?: Record<string, unknown>;
  /** Other clinic fields, as the clinics file writes them (e.g. `intake`, `rules`, `upstream`). */
  clinic?: Record<string, unknown>;
  env?: Record<string, string>;
  /** Other app options (e.g. `trustedProxy`, `rateLimits`). */
  app?: Partial<AppOptions>;
  /**
   * Count the key's 200-a-minute budget, and the fake's own limit, on the shared clock
   * instead of the real one, for simulations that move the clock minutes in a second. A
   * request that would have to wait for the budget is then refused at once (503): a wait
   * would never end, as the shared clock only moves between a simulation's steps.
   */
  budgetOnSharedClock?: boolean;
}

export function createClinikoProxy(options: ClinikoProxyOptions = {}): ClinikoProxy {
  let now = options.restartOf?.now() ?? FIXED_NOW;
  const shared = options.budgetOnSharedClock ? { rateNow: () => now.getTime() } : {};
  const fake =
    options.restartOf?.fake ?? new ClinikoFake({ now: () => now.getTime(), ...shared, ...options.fake });
  const logs: string[] = [];
  const clinic = options.budgetOnSharedClock
    ? { ...options.clinic, upstream: { maxRateLimitWaitMs: 0 } }
    : options.clinic;
  const { configs, secrets } = loadClinicsFile(clinikoClinicsFile(options.provider, clinic), {
    ...CLINIKO_ENV,
    ...options.env,
  });
  // The logger is not told the secrets: tests check the proxy never hands it one.
  void secrets;
  const logger = createJsonLogger({ write: (line) => logs.push(line), now: () => now, minLevel: 'debug' });
  const store =
    options.store ??
    options.restartOf?.store ??
    createMemoryStore(options.budgetOnSharedClock ? { now: () => now.getTime() } : {});
  const budgets = new RequestBudgets({ store: store.budgets });
  const clinics = buildClinics(configs, {
    fetch: (input, init) => fetch(input, init),
    now: () => now,
    logger,
    store,
    budgets,
  });
  return {
    app: createApp({ clinics, now: () => now, logger, store, ...options.app }),
    fake,
    store,
    clinics,
    logs,
    now: () => now,
    advance(ms) {
      now = new Date(now.getTime() + ms);
    },
  };
}
