/**
 * Which practice systems a clinic may use, how each is configured, and how to build one.
 * Adding a provider means adding its config schema to the union and a case to
 * `createProvider`.
 */
import { z } from 'zod';
import type { BookingProvider } from './provider.ts';
import { DemoProvider } from './demo/demo-provider.ts';

export const demoProviderConfigSchema = z.object({ type: z.literal('demo') });

export const providerConfigSchema = z.discriminatedUnion('type', [demoProviderConfigSchema]);

export type ProviderConfig = z.output<typeof providerConfigSchema>;

/** What a provider may use from its surroundings; injected so tests control them. */
export interface ProviderDeps {
  fetch: typeof fetch;
  now: () => Date;
}

/** Builds the provider for one clinic's config. */
export function createProvider(config: ProviderConfig, timezone: string, deps: ProviderDeps): BookingProvider {
  switch (config.type) {
    case 'demo':
      return new DemoProvider({ timezone, now: deps.now });
  }
}
