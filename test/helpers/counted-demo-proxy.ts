/**
 * A demo-clinic proxy for the answer-cache tests: calls into the demo practice system and
 * compressions are counted, and a second app over the same clinic (same caches, same
 * practice system, same clock) computes every answer afresh, for comparing the two byte for
 * byte. Node only: it compresses with `node:zlib`, as the Node entry does.
 */
import { createApp, type AppOptions } from '../../proxy/app.ts';
import type { Clinic } from '../../proxy/clinic.ts';
import { clinicConfigSchema } from '../../proxy/config/clinic-config.ts';
import { DEMO_CLINIC } from '../../proxy/config/demo-clinic.ts';
import type { Compression } from '../../proxy/http/compression.ts';
import { nodeCompression } from '../../proxy/http/node-compression.ts';
import { silentLogger } from '../../proxy/logger.ts';
import { CachingProvider } from '../../proxy/providers/caching-provider.ts';
import { DemoProvider } from '../../proxy/providers/demo/demo-provider.ts';
import type { BookingProvider } from '../../proxy/providers/provider.ts';
import type { Slot } from '../../shared/contract.ts';
import { capturedLogger, testClock, testProxy, type TestProxy } from './test-proxy.ts';

export interface CountedDemoProxy extends TestProxy {
  /** The same clinic with answers computed afresh each time. */
  uncached: ReturnType<typeof createApp>;
  /** The clinic as the proxy runs it, behind its cache (for `appointmentChanged`). */
  cached: Clinic;
  /** The practice system behind the cache, for changes the proxy does not make (reception, other channels). */
  practice: DemoProvider;
  /** Calls into the practice system, by method. */
  upstream: Record<string, number>;
  /** Compressions made, by coding. */
  compressions: Record<string, number>;
  /**
   * Books `slot` in the practice system itself, as reception would, so the proxy does not know;
   * false when the time is already taken.
   */
  bookBehindTheProxy(slot: Slot, serviceId: string): Promise<boolean>;
}

/** `provider` with every method call counted in `calls`. */
function counting(provider: DemoProvider, calls: Record<string, number>): BookingProvider {
  return new Proxy(provider, {
    get(target, name: string) {
      const value: unknown = Reflect.get(target, name);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls[name] = (calls[name] ?? 0) + 1;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

export function createCountedDemoProxy(
  clinicOverrides: Record<string, unknown> = {},
  options: Partial<AppOptions> = {},
): CountedDemoProxy {
  const clock = testClock();
  const config = clinicConfigSchema.parse({ ...DEMO_CLINIC, ...clinicOverrides });
  const practice = new DemoProvider({ timezone: config.timezone, now: clock.now });
  const upstream: Record<string, number> = {};
  const cached: Clinic = {
    config,
    provider: new CachingProvider(counting(practice, upstream), {
      timezone: config.timezone,
      now: () => clock.now().getTime(),
    }),
  };
  const compressions: Record<string, number> = {};
  const compression: Compression = {
    codings: nodeCompression.codings,
    compress(coding, body) {
      compressions[coding] = (compressions[coding] ?? 0) + 1;
      return nodeCompression.compress(coding, body);
    },
  };
  const proxy = testProxy([cached], clock, capturedLogger(clock), {
    rateLimits: false,
    compression,
    ...options,
  });
  const uncached = createApp({
    clinics: [cached],
    now: clock.now,
    logger: silentLogger,
    rateLimits: false,
    compression: nodeCompression,
    cacheAnswers: false,
  });
  const bookBehindTheProxy = async (slot: Slot, serviceId: string) => {
    const patient = await practice.findOrCreatePatient({
      firstName: 'Front',
      lastName: 'Desk',
      email: 'front.desk@example.com',
      phone: '+61400000001',
      dateOfBirth: '1970-01-01',
    });
    try {
      await practice.createAppointment({
        patientId: patient.id,
        practitionerId: slot.practitionerId,
        serviceId,
        start: new Date(slot.start),
        end: new Date(slot.end),
      });
      return true;
    } catch {
      return false;
    }
  };
  return { ...proxy, uncached, cached, practice, upstream, compressions, bookBehindTheProxy };
}
