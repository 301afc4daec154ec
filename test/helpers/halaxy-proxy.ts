/**
 * The real proxy app with one clinic configured for Halaxy, talking to the fake Halaxy
 * through msw (`practice-proxy.ts` does the building; this says what is Halaxy's).
 *
 * The caller owns msw's server: `server.use(...proxy.fake.handlers())`.
 */
import {
  FAKE_CLIENT,
  HalaxyFake,
  HALAXY_PUBLIC_BASE,
  type HalaxyFakeOptions,
} from '../fakes/halaxy/halaxy-fake.ts';
import { CLINIC_ID, MEDICARE_FUNDER_ID } from '../fakes/halaxy/halaxy-seed.ts';
import {
  createPracticeProxy,
  oneClinicFile,
  type PracticeProxy,
  type PracticeProxyOptions,
  type PracticeSystem,
} from './practice-proxy.ts';

export const HALAXY_CLINIC_ID = 'northside';
export const HALAXY_USER_AGENT = 'ClinicBookingTests (dev@clinic-booking.example)';
export const HALAXY_ENV = { HALAXY_CLIENT_ID: FAKE_CLIENT.id, HALAXY_CLIENT_SECRET: FAKE_CLIENT.secret };

/** The clinics file for a Halaxy clinic, secrets as `env:` references. */
export function halaxyClinicsFile(
  baseUrl: string,
  provider: Record<string, unknown> = {},
  clinic: Record<string, unknown> = {},
): string {
  return oneClinicFile(
    {
      id: HALAXY_CLINIC_ID,
      name: 'Northside Allied Health',
      origin: 'https://www.northside.example',
      waiver: { id: 'northside-consent', version: '4' },
    },
    {
      type: 'halaxy',
      clientId: 'env:HALAXY_CLIENT_ID',
      clientSecret: 'env:HALAXY_CLIENT_SECRET',
      userAgent: HALAXY_USER_AGENT,
      organizationId: CLINIC_ID,
      medicareFunderId: MEDICARE_FUNDER_ID,
      baseUrl,
      ...provider,
    },
    clinic,
  );
}

export const HALAXY: PracticeSystem<HalaxyFake, HalaxyFakeOptions> = {
  clinicsFile: (provider, clinic) => halaxyClinicsFile(HALAXY_PUBLIC_BASE, provider, clinic),
  env: HALAXY_ENV,
  // Halaxy's fake counts its limit per client on its own clock, which is the shared one.
  createFake: (now, options) => new HalaxyFake({ now, ...options }),
};

export type HalaxyProxy = PracticeProxy<HalaxyFake>;
export type HalaxyProxyOptions = PracticeProxyOptions<HalaxyFake, HalaxyFakeOptions>;

export function createHalaxyProxy(options: HalaxyProxyOptions = {}): HalaxyProxy {
  return createPracticeProxy(HALAXY, options);
}
