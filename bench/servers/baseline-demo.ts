/**
 * The demo clinic on the baseline proxy unpacked in BENCH_BASELINE_ROOT (see
 * `../baseline.ts`), set up exactly as `demo.ts` sets up today's: rate limits on, behind
 * the trusted reverse proxy, the clinic's own limits raised. It has no answer compression
 * to give. BENCH_UNCACHED=1 keeps availability for 0 ms, as in `demo.ts`.
 */
import { pathToFileURL } from 'node:url';
import type { ClinicConfig } from '../../proxy/config/clinic-config.ts';
import type { TrustedProxy } from '../../proxy/security/client-address.ts';
import { BENCH_TRUSTED_PROXY, withClinicLimitsRaised } from './behind-cdn.ts';
import { listen } from './listen.ts';

const baseline = process.env.BENCH_BASELINE_ROOT;
if (!baseline) throw new Error('BENCH_BASELINE_ROOT names the unpacked baseline.');
const from = <T>(path: string): Promise<T> => import(pathToFileURL(`${baseline}/${path}`).href) as Promise<T>;

// The baseline's modules, described by just what is used here (it is frozen; today's types move on).
type Logger = object;
type Provider = object;
const { createApp } = await from<{
  createApp: (options: {
    clinics: Array<{ config: ClinicConfig; provider: Provider }>;
    logger: Logger;
    trustedProxy: TrustedProxy;
  }) => {
    fetch: (request: Request) => Response | Promise<Response>;
  };
}>('proxy/app.ts');
const { loadClinicsConfig } = await from<{
  loadClinicsConfig: (text: undefined, env: Record<string, string>) => ClinicConfig[];
}>('proxy/config/load-config.ts');
const { createJsonLogger } = await from<{ createJsonLogger: (options: { minLevel: 'warn' }) => Logger }>(
  'proxy/logger.ts',
);
const { CachingProvider } = await from<{
  CachingProvider: new (
    inner: Provider,
    options: { timezone: string; now: () => number; availabilityTtlMs?: number },
  ) => Provider;
}>('proxy/providers/caching-provider.ts');
const { createProvider } = await from<{
  createProvider: (
    config: ClinicConfig,
    deps: { fetch: typeof fetch; now: () => Date; logger: Logger; budgets: object },
  ) => Provider;
}>('proxy/providers/registry.ts');
const { RequestBudgets } = await from<{ RequestBudgets: new () => object }>(
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
