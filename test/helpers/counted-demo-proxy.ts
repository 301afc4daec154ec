/**
 * A demo-clinic proxy for the answer-cache tests: calls into the demo practice system and
 * compressions are counted, the clock moves, and a second app over the same clinic computes
 * every answer afresh, for comparing the two byte for byte.
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
import { FIXED_NOW } from './demo-proxy.ts';

export interface CountedDemoProxy {
  /** The proxy, keeping answers. */
  app: ReturnType<typeof createApp>;
  /** The same clinic (same caches, same practice system) with answers computed afresh each time. */
  uncached: ReturnType<typeof createApp>;
  clinic: Clinic;
  /** The practice system behind the cache, for changes the proxy does not make (reception, other channels). */
  practice: DemoProvider;
  /** Calls into the practice system, by method. */
  upstream: Record<string, number>;
  /** Compressions made, by coding. */
  compressions: Record<string, number>;
  now(): Date;
  setNow(now: Date): void;
  advance(ms: number): void;
}

export function createCountedDemoProxy(
  clinicOverrides: Record<string, unknown> = {},
  options: Partial<AppOptions> = {},
): CountedDemoProxy {
  let now = FIXED_NOW;
  const config = clinicConfigSchema.parse({ ...DEMO_CLINIC, ...clinicOverrides });
  const practice = new DemoProvider({ timezone: config.timezone, now: () => now });
  const upstream: Record<string, number> = {};
  const counted = new Proxy(practice, {
    get(target, name: string) {
      const value: unknown = Reflect.get(target, name);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        upstream[name] = (upstream[name] ?? 0) + 1;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  }) as BookingProvider;
  const clinic: Clinic = {
    config,
    provider: new CachingProvider(counted, { timezone: config.timezone, now: () => now.getTime() }),
  };
  const compressions: Record<string, number> = {};
  const compression: Compression = {
    codings: nodeCompression.codings,
    compress(coding, body) {
      compressions[coding] = (compressions[coding] ?? 0) + 1;
      return nodeCompression.compress(coding, body);
    },
  };
  const shared: AppOptions = {
    clinics: [clinic],
    now: () => now,
    logger: silentLogger,
    rateLimits: false,
    compression,
    ...options,
  };
  return {
    app: createApp(shared),
    uncached: createApp({ ...shared, compression: nodeCompression, cacheAnswers: false }),
    clinic,
    practice,
    upstream,
    compressions,
    now: () => now,
    setNow(next) {
      now = next;
    },
    advance(ms) {
      now = new Date(now.getTime() + ms);
    },
  };
}
