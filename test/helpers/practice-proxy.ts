/**
 * The real proxy app with one clinic on a practice system's fake (msw), at a fixed time that
 * tests can move: the proxy and the fake share the clock, so a token's 15 minutes or a
 * cache's 30 seconds pass for both. Rate limits run on the real clock, as the real systems'
 * do, unless a simulation asks for the shared one.
 *
 * Provider-agnostic: a `PracticeSystem` (`cliniko-proxy.ts`, `halaxy-proxy.ts`) says how its
 * clinics file reads and how its fake is made. The caller owns msw's server:
 * `server.use(...proxy.fake.handlers())`.
 */
import type { AppOptions } from '../../proxy/app.ts';
import { buildClinics, type Clinic } from '../../proxy/clinic.ts';
import { loadClinicsFile } from '../../proxy/config/load-config.ts';
import { createMemoryStore } from '../../proxy/store/memory-store.ts';
import type { Store } from '../../proxy/store/store.ts';
import { RequestBudgets } from '../../proxy/upstream/request-budget.ts';
import {
  capturedLogger,
  FIXED_NOW,
  testClock,
  testProxy,
  type TestClock,
  type TestProxy,
} from './test-proxy.ts';

/** How tests run a clinic on one practice system's fake. */
export interface PracticeSystem<Fake, FakeOptions> {
  /** The clinics file for one clinic on this system, secrets as `env:` references. */
  clinicsFile(provider?: Record<string, unknown>, clinic?: Record<string, unknown>): string;
  /** The values of the clinics file's `env:` references. */
  env: Record<string, string>;
  /**
   * A fresh fake on the clock. `rateNow`, when given, is the clock the fake's own rate
   * limit counts on (otherwise the real one).
   */
  createFake(now: () => number, options: FakeOptions | undefined, rateNow?: () => number): Fake;
}

export interface PracticeProxy<Fake> extends TestProxy {
  fake: Fake;
  /** The proxy's shared state; a restarted proxy keeps it, as a database would. */
  store: Store;
  /** The clinics as the app serves them (for the reconciliation sweep). */
  clinics: Clinic[];
}

export interface PracticeProxyOptions<Fake, FakeOptions> {
  fake?: FakeOptions;
  /** Another proxy whose practice system, clock and store this one shares: a restarted proxy, or a second instance. */
  restartOf?: PracticeProxy<Fake>;
  /** The store; default `restartOf`'s, else a new one in memory. */
  store?: Store;
  provider?: Record<string, unknown>;
  /** Other clinic fields, as the clinics file writes them (e.g. `intake`, `rules`, `upstream`). */
  clinic?: Record<string, unknown>;
  /** Environment values to add or replace (e.g. a wrong key). */
  env?: Record<string, string>;
  /** Other app options (e.g. `trustedProxy`, `rateLimits`). */
  app?: Partial<AppOptions>;
  /**
   * Count the key's budget, and the fake's own limit, on the shared clock instead of the
   * real one, for simulations that move the clock minutes in a second. A request that would
   * have to wait for the budget is then refused at once (503): a wait would never end, as
   * the shared clock only moves between a simulation's steps.
   */
  budgetOnSharedClock?: boolean;
}

export function createPracticeProxy<Fake, FakeOptions>(
  system: PracticeSystem<Fake, FakeOptions>,
  options: PracticeProxyOptions<Fake, FakeOptions> = {},
): PracticeProxy<Fake> {
  const clock: TestClock = options.restartOf?.clock ?? testClock(FIXED_NOW);
  const ms = () => clock.now().getTime();
  const shared = options.budgetOnSharedClock === true;
  const fake = options.restartOf?.fake ?? system.createFake(ms, options.fake, shared ? ms : undefined);
  const clinic = shared ? { ...options.clinic, upstream: { maxRateLimitWaitMs: 0 } } : options.clinic;
  const { configs, practices, secrets } = loadClinicsFile(system.clinicsFile(options.provider, clinic), {
    ...system.env,
    ...options.env,
  });
  // The logger is not told the secrets: tests check the proxy never hands it one.
  void secrets;
  const capture = capturedLogger(clock);
  const store = options.store ?? options.restartOf?.store ?? createMemoryStore(shared ? { now: ms } : {});
  const clinics = buildClinics(configs, {
    fetch: (input, init) => fetch(input, init),
    now: clock.now,
    logger: capture.logger,
    store,
    budgets: new RequestBudgets({ store: store.budgets }),
  });
  return {
    ...testProxy(clinics, clock, capture, { store, practices, ...options.app }),
    fake,
    store,
    clinics,
  };
}

/** Who a test clinic is; the rest (zone, waiver text, policy) every test clinic shares. */
export interface TestClinic {
  id: string;
  name: string;
  origin: string;
  waiver: { id: string; version: string };
}

/** The clinics file for one test clinic on `provider`, with other clinic fields as given. */
export function oneClinicFile(
  who: TestClinic,
  provider: Record<string, unknown>,
  clinic: Record<string, unknown>,
): string {
  return JSON.stringify({
    clinics: [
      {
        id: who.id,
        name: who.name,
        timezone: 'Australia/Sydney',
        allowedOrigins: [who.origin],
        provider,
        waiver: {
          ...who.waiver,
          title: 'Consent to assessment and treatment',
          text: 'I consent to an assessment and to the treatment my practitioner explains.\n\nI understand I can ask questions or stop at any time, and that my information is kept confidential.',
        },
        policy: { minNoticeMinutes: 60, maxDaysAhead: 60 },
        ...clinic,
      },
    ],
  });
}
