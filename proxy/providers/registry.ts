/**
 * Which practice systems a clinic may use, how each is configured, and how to build one.
 * Adding a provider means adding its config schema to the union and a case to
 * `createProvider`.
 */
import { z } from 'zod';
import type { ClinicConfig } from '../config/clinic-config.ts';
import type { Logger } from '../logger.ts';
import type { Store } from '../store/store.ts';
import type { RequestBudgets } from '../upstream/request-budget.ts';
import { clinikoProviderConfigSchema } from './cliniko/config.ts';
import { ClinikoProvider } from './cliniko/cliniko-provider.ts';
import { DemoProvider } from './demo/demo-provider.ts';
import { halaxyProviderConfigSchema } from './halaxy/config.ts';
import { HalaxyProvider } from './halaxy/halaxy-provider.ts';
import type { BookingProvider } from './provider.ts';

export const demoProviderConfigSchema = z.object({ type: z.literal('demo') });

export const providerConfigSchema = z.discriminatedUnion('type', [
  demoProviderConfigSchema,
  clinikoProviderConfigSchema,
  halaxyProviderConfigSchema,
]);

export type ProviderConfig = z.output<typeof providerConfigSchema>;

/** What a provider may use from its surroundings; injected so tests control them. */
export interface ProviderDeps {
  fetch: typeof fetch;
  now: () => Date;
  logger: Logger;
  /** Request budgets per credential, shared by clinics (and instances) that use the same key. */
  budgets: RequestBudgets;
  /** Shared state: the Halaxy waiver ledger, Cliniko settlements, the demo clinic's bookings. */
  store: Store;
}

/** Builds the provider for one clinic's config. */
export function createProvider(clinic: ClinicConfig, deps: ProviderDeps): BookingProvider {
  const config = clinic.provider;
  switch (config.type) {
    case 'demo':
      return new DemoProvider({
        clinicId: clinic.id,
        timezone: clinic.timezone,
        now: deps.now,
        records: deps.store.demo,
      });
    case 'cliniko':
      return new ClinikoProvider(config, clinic, deps);
    case 'halaxy':
      return new HalaxyProvider(config, clinic, deps);
  }
}
