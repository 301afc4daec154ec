/**
 * The demo clinic on the baseline proxy unpacked in BENCH_BASELINE_ROOT (see
 * `../baseline.ts`), set up exactly as `demo.ts` sets up today's: rate limits on, behind
 * the trusted reverse proxy, the clinic's own limits raised. It has no answer compression
 * to give. BENCH_UNCACHED=1 keeps availability for 0 ms, as in `demo.ts`.
 */
import type { createApp as CreateApp } from '../../proxy/app.ts';
import type { loadClinicsConfig as LoadClinicsConfig } from '../../proxy/config/load-config.ts';
import type { createJsonLogger as CreateJsonLogger } from '../../proxy/logger.ts';
import type { CachingProvider as CachingProviderClass } from '../../proxy/providers/caching-provider.ts';
import type { createProvider as CreateProvider } from '../../proxy/providers/registry.ts';
import type { RequestBudgets as RequestBudgetsClass } from '../../proxy/upstream/request-budget.ts';
import { pathToFileURL } from 'node:url';
import { BENCH_TRUSTED_PROXY, withClinicLimitsRaised } from './behind-cdn.ts';
import { listen } from './listen.ts';

const baseline = process.env.BENCH_BASELINE_ROOT;
if (!baseline) throw new Error('BENCH_BASELINE_ROOT names the unpacked baseline.');
const from = <T>(path: string): Promise<T> => import(pathToFileURL(`${baseline}/${path}`).href) as Promise<T>;

// Typed by today's modules: the few options used here have not changed since the baseline.
const { createApp } = await from<{ createApp: typeof CreateApp }>('proxy/app.ts');
const { loadClinicsConfig } = await from<{ loadClinicsConfig: typeof LoadClinicsConfig }>(
  'proxy/config/load-config.ts',
);
const { createJsonLogger } = await from<{ createJsonLogger: typeof CreateJsonLogger }>('proxy/logger.ts');
const { CachingProvider } = await from<{ CachingProvider: typeof CachingProviderClass }>(
  'proxy/providers/caching-provider.ts',
);
const { createProvider } = await from<{ createProvider: typeof CreateProvider }>(
  'proxy/providers/registry.ts',
);
const { RequestBudgets } = await from<{ RequestBudgets: typeof RequestBudgetsClass }>(
  'proxy/upstream/request-budget.ts',
);

const uncached = process.env.BENCH_UNCACHED === '1';
const logger = createJsonLogger({ minLevel: 'warn' });
const now = () => new Date();
const clinics = loadClinicsConfig(undefined, {}).map((config) => ({
  config: withClinicLimitsRaised(config),
  provider: new CachingProvider(
    createProvider(config, { fetch: globalThis.fetch, now, logger, budgets: new RequestBudgets() }),
    { timezone: config.timezone, now: Date.now, ...(uncached ? { availabilityTtlMs: 0 } : {}) },
  ),
}));
listen(createApp({ clinics, logger, trustedProxy: BENCH_TRUSTED_PROXY }).fetch);
