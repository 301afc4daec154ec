/**
 * A clinic as the proxy runs it: its validated config and the provider that talks to its
 * practice system.
 */
import type { ClinicConfig } from './config/clinic-config.ts';
import type { BookingProvider } from './providers/provider.ts';
import { createProvider, type ProviderDeps } from './providers/registry.ts';

export interface Clinic {
  config: ClinicConfig;
  provider: BookingProvider;
}

/** Builds a provider for each configured clinic. */
export function buildClinics(configs: ClinicConfig[], deps: ProviderDeps): Clinic[] {
  return configs.map((config) => ({ config, provider: createProvider(config.provider, config.timezone, deps) }));
}
