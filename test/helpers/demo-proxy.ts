/**
 * A proxy app on the demo clinic at a fixed time, for in-process tests with
 * `app.request()`, plus builders for valid requests.
 */
import type { BookingRequest, Slot } from '../../shared/contract.ts';
import type { AppOptions } from '../../proxy/app.ts';
import type { Clinic } from '../../proxy/clinic.ts';
import { CachingProvider } from '../../proxy/providers/caching-provider.ts';
import { clinicConfigSchema } from '../../proxy/config/clinic-config.ts';
import { DEMO_CLINIC } from '../../proxy/config/demo-clinic.ts';
import { DemoProvider } from '../../proxy/providers/demo/demo-provider.ts';
import type { BookingProvider } from '../../proxy/providers/provider.ts';
import { createMemoryStore } from '../../proxy/store/memory-store.ts';
import type { Store } from '../../proxy/store/store.ts';
import { DRAWN_SIGNATURE } from '../fixtures/signature.ts';
import { capturedLogger, FIXED_NOW, testClock, testProxy, type TestProxy } from './test-proxy.ts';

export { FIXED_NOW };

export interface DemoProxy extends TestProxy {
  /** The demo clinic itself, for counting what was booked (`records()`). */
  provider: DemoProvider;
  /** The app's and the demo clinic's shared state. */
  store: Store;
}

export interface DemoProxyOptions {
  /**
   * Puts something between the demo provider and the proxy's cache, as a test double for a
   * practice system's network (the provider conformance suite injects faults here).
   */
  wrap?: (provider: DemoProvider) => BookingProvider;
}

/**
 * @param overrides app options (logger, widget, rate limits …)
 * @param clinicOverrides fields of the demo clinic's config to change, as a clinics file would
 *   write them (e.g. `turnstile`, `rateLimits`, `allowedOrigins`)
 */
export function createDemoProxy(
  overrides: Partial<AppOptions> = {},
  clinicOverrides: Record<string, unknown> = {},
  options: DemoProxyOptions = {},
): DemoProxy {
  const clock = testClock();
  const config = clinicConfigSchema.parse({ ...DEMO_CLINIC, ...clinicOverrides });
  const store = overrides.store ?? createMemoryStore();
  const provider = new DemoProvider({
    clinicId: config.id,
    timezone: config.timezone,
    now: clock.now,
    records: store.demo,
  });
  const served = options.wrap ? options.wrap(provider) : provider;
  const clinics: Clinic[] = [
    {
      config,
      provider: new CachingProvider(served, { timezone: config.timezone, now: () => clock.now().getTime() }),
    },
  ];
  return { ...testProxy(clinics, clock, capturedLogger(clock), { ...overrides, store }), provider, store };
}

export const DEMO_PATIENT = {
  firstName: 'Jordan',
  lastName: 'Taylor',
  email: 'jordan.taylor@example.com',
  phone: '0412 345 678',
  dateOfBirth: '1988-04-12',
} as const;

/** A valid booking request for a slot, with overridable parts. */
export function bookingFor(
  slot: Slot,
  serviceId: string,
  overrides: Partial<BookingRequest> = {},
): BookingRequest {
  return {
    serviceId,
    practitionerId: slot.practitionerId,
    start: slot.start,
    patient: { ...DEMO_PATIENT },
    waiver: { version: '1', accepted: true, signatureSvg: DRAWN_SIGNATURE },
    ...overrides,
  };
}

let keyCounter = 0;
/** A fresh Idempotency-Key. */
export function newKey(): string {
  keyCounter += 1;
  return `test-key-${Date.now()}-${keyCounter}`;
}

/** POSTs a booking with an Idempotency-Key. */
export async function postBooking(
  app: DemoProxy['app'],
  body: unknown,
  key: string = newKey(),
  clinicId = 'demo',
) {
  return app.request(`/api/clinics/${clinicId}/bookings`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}
