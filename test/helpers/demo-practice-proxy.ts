/**
 * The real proxy app on the demo practice (`harbourside-group`: the demo clinic and its Bondi
 * site, each its own demo provider over one store) at a test clock, for in-process tests and
 * for the widget's browser tests. `store.demo.appointments(clinicId)` says where a booking
 * landed.
 */
import type { AppOptions } from '../../proxy/app.ts';
import type { Clinic } from '../../proxy/clinic.ts';
import { clinicConfigSchema } from '../../proxy/config/clinic-config.ts';
import { DEMO_BONDI_CLINIC, DEMO_CLINIC, DEMO_PRACTICE } from '../../proxy/config/demo-clinic.ts';
import type { PracticeConfig } from '../../proxy/config/practice-config.ts';
import { CachingProvider } from '../../proxy/providers/caching-provider.ts';
import { DemoProvider } from '../../proxy/providers/demo/demo-provider.ts';
import { createMemoryStore } from '../../proxy/store/memory-store.ts';
import type { Store } from '../../proxy/store/store.ts';
import { capturedLogger, testClock, testProxy, type TestProxy } from './test-proxy.ts';

export const DEMO_PRACTICE_ID = DEMO_PRACTICE.id;
/** The practice's second location. */
export const DEMO_BONDI_ID = DEMO_BONDI_CLINIC.id;

export interface DemoPracticeProxy extends TestProxy {
  store: Store;
}

export interface DemoPracticeOptions {
  /** Practices to serve instead of the demo one, e.g. a practice of one clinic. */
  practices?: PracticeConfig[];
}

/** The app on both demo sites and the demo practice (or `options.practices`). */
export function createDemoPracticeProxy(
  overrides: Partial<AppOptions> = {},
  options: DemoPracticeOptions = {},
): DemoPracticeProxy {
  const clock = testClock();
  const store = overrides.store ?? createMemoryStore();
  const clinics: Clinic[] = [DEMO_CLINIC, DEMO_BONDI_CLINIC].map((entry) => {
    const config = clinicConfigSchema.parse(entry);
    const provider = new DemoProvider({
      clinicId: config.id,
      timezone: config.timezone,
      now: clock.now,
      records: store.demo,
    });
    return {
      config,
      provider: new CachingProvider(provider, {
        timezone: config.timezone,
        now: () => clock.now().getTime(),
      }),
    };
  });
  const practices = options.practices ?? [{ ...DEMO_PRACTICE, clinicIds: [...DEMO_PRACTICE.clinicIds] }];
  return {
    ...testProxy(clinics, clock, capturedLogger(clock), { ...overrides, store, practices }),
    store,
  };
}
