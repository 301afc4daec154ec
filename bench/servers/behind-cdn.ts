/**
 * What every proxy the bench starts shares: it runs as `npm start` runs it (logs at warn,
 * the default rate limits on), behind a trusted reverse proxy that names the client in
 * `X-Forwarded-For`. The bench sends every request from its own address there, as patients
 * arrive through a CDN, so the per-client limits are on the measured path without one
 * address being cut off. The clinics' own limits (what all patients together may ask of
 * one clinic) are raised, or the bench would measure 429s.
 */
import type { ClinicConfig } from '../../proxy/config/clinic-config.ts';
import type { TrustedProxy } from '../../proxy/security/client-address.ts';

/** The header the bench's load generator writes each patient's address into. */
export const BENCH_CLIENT_HEADER = 'X-Forwarded-For';

export const BENCH_TRUSTED_PROXY: TrustedProxy = { header: BENCH_CLIENT_HEADER, hops: 1 };

const UNLIMITED = { limit: 1_000_000_000, windowSeconds: 60 };

/** The clinic with its per-clinic limits raised out of the way. */
export function withClinicLimitsRaised(config: ClinicConfig): ClinicConfig {
  return { ...config, rateLimits: { availability: UNLIMITED, bookings: UNLIMITED } };
}
