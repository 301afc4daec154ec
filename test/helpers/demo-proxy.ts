/**
 * A proxy app on the demo clinic at a fixed time, for in-process tests with
 * `app.request()`, plus builders for valid requests.
 */
import type { BookingRequest, Slot } from '../../shared/contract.ts';
import { createApp, type AppOptions } from '../../proxy/app.ts';
import type { Clinic } from '../../proxy/clinic.ts';
import { CachingProvider } from '../../proxy/providers/caching-provider.ts';
import { clinicConfigSchema } from '../../proxy/config/clinic-config.ts';
import { DEMO_CLINIC } from '../../proxy/config/demo-clinic.ts';
import { DemoProvider } from '../../proxy/providers/demo/demo-provider.ts';
import { createJsonLogger } from '../../proxy/logger.ts';
import { createMemoryStore } from '../../proxy/store/memory-store.ts';
import type { Store } from '../../proxy/store/store.ts';
import { DRAWN_SIGNATURE } from '../fixtures/signature.ts';

/** Monday 23 November 2026, 09:00 in Sydney (AEDT, UTC+11). */
export const FIXED_NOW = new Date('2026-11-22T22:00:00Z');

export interface DemoProxy {
  app: ReturnType<typeof createApp>;
  provider: DemoProvider;
  /** The app's and the demo clinic's shared state. */
  store: Store;
  logs: string[];
  /** Moves the proxy's clock. */
  setNow(now: Date): void;
}

/**
 * @param overrides app options (logger, widget, rate limits …)
 * @param clinicOverrides fields of the demo clinic's config to change, as a clinics file would
 *   write them (e.g. `turnstile`, `rateLimits`, `allowedOrigins`)
 */
export function createDemoProxy(
  overrides: Partial<AppOptions> = {},
  clinicOverrides: Record<string, unknown> = {},
): DemoProxy {
  let now = FIXED_NOW;
  const logs: string[] = [];
  const config = clinicConfigSchema.parse({ ...DEMO_CLINIC, ...clinicOverrides });
  const store = overrides.store ?? createMemoryStore();
  const provider = new DemoProvider({
    clinicId: config.id,
    timezone: config.timezone,
    now: () => now,
    records: store.demo,
  });
  const clinics: Clinic[] = [
    {
      config,
      provider: new CachingProvider(provider, { timezone: config.timezone, now: () => now.getTime() }),
    },
  ];
  const app = createApp({
    clinics,
    now: () => now,
    logger: createJsonLogger({ write: (line) => logs.push(line), now: () => now, minLevel: 'debug' }),
    ...overrides,
    store,
  });
  return {
    app,
    provider,
    store,
    logs,
    setNow(next) {
      now = next;
    },
  };
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
