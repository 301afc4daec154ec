/**
 * A clinic as the proxy runs it: its validated config and the provider that talks to its
 * practice system, behind the shared cache.
 */
import type { ClinicConfig } from './config/clinic-config.ts';
import { ConfigError } from './config/load-config.ts';
import type { Logger } from './logger.ts';
import { CachingProvider } from './providers/caching-provider.ts';
import type { BookingProvider } from './providers/provider.ts';
import { createProvider, type ProviderDeps } from './providers/registry.ts';
import { createMemoryStore } from './store/memory-store.ts';
import type { Store } from './store/store.ts';
import { RequestBudgets } from './upstream/request-budget.ts';

export interface Clinic {
  config: ClinicConfig;
  provider: BookingProvider;
}

export interface BuildClinicsDeps {
  fetch: typeof fetch;
  now: () => Date;
  logger: Logger;
  /** Shared state (budgets, ledgers, the demo clinic's bookings); default this process's memory. */
  store?: Store;
  /** Request budgets; default the store's. */
  budgets?: RequestBudgets;
}

/**
 * Builds the provider for each configured clinic, each behind its own cache. Throws
 * `ConfigError` when a clinic asks for something its practice system cannot do.
 */
export function buildClinics(configs: ClinicConfig[], deps: BuildClinicsDeps): Clinic[] {
  const store = deps.store ?? createMemoryStore();
  const providerDeps: ProviderDeps = {
    fetch: deps.fetch,
    now: deps.now,
    logger: deps.logger,
    store,
    budgets: deps.budgets ?? new RequestBudgets({ store: store.budgets }),
  };
  return configs.map((config, i) => {
    const provider = createProvider(config, providerDeps);
    const capIndex = config.rules.findIndex((rule) => rule.type === 'cap');
    if (capIndex >= 0 && !provider.countAppointments) {
      throw new ConfigError(
        `clinics[${i}].rules[${capIndex}]: booking caps need a practice system the proxy can count appointments in; the ${config.provider.type} provider cannot yet.`,
      );
    }
    return {
      config,
      provider: new CachingProvider(provider, { timezone: config.timezone, now: () => deps.now().getTime() }),
    };
  });
}
