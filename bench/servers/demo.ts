/**
 * The proxy on the built-in demo clinics, rate limits on, behind a trusted reverse proxy
 * (see `behind-cdn.ts`).
 *
 * BENCH_UNCACHED=1 serves the uncached path: the provider keeps availability for 0 ms, so
 * every availability request computes its answer from the demo practice system, as a cache
 * miss does.
 */
import { createApp } from '../../proxy/app.ts';
import { loadClinicsConfig } from '../../proxy/config/load-config.ts';
import { createJsonLogger } from '../../proxy/logger.ts';
import { CachingProvider } from '../../proxy/providers/caching-provider.ts';
import { createProvider } from '../../proxy/providers/registry.ts';
import { createMemoryStore } from '../../proxy/store/memory-store.ts';
import { RequestBudgets } from '../../proxy/upstream/request-budget.ts';
import { BENCH_TRUSTED_PROXY, withClinicLimitsRaised } from './behind-cdn.ts';
import { listen } from './listen.ts';
import { benchCompression } from './compression.ts';

const uncached = process.env.BENCH_UNCACHED === '1';
const logger = createJsonLogger({ minLevel: 'warn' });
const now = () => new Date();
// In memory: a warm answer never reads the store (read limits are per instance), so the
// embedded PostgreSQL `npm start` opens would change nothing measured here.
const store = createMemoryStore();
const clinics = loadClinicsConfig(undefined, {}).map((config) => {
  const provider = createProvider(config, {
    fetch: globalThis.fetch,
    now,
    logger,
    store,
    budgets: new RequestBudgets({ store: store.budgets }),
  });
  return {
    config: withClinicLimitsRaised(config),
    provider: new CachingProvider(provider, {
      timezone: config.timezone,
      now: Date.now,
      ...(uncached ? { availabilityTtlMs: 0 } : {}),
    }),
  };
});
listen(createApp({ clinics, logger, store, trustedProxy: BENCH_TRUSTED_PROXY, ...benchCompression() }).fetch);
