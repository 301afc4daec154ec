/**
 * The real proxy app with one clinic configured for Cliniko, talking to the fake Cliniko
 * through msw (`practice-proxy.ts` does the building; this says what is Cliniko's).
 *
 * The caller owns msw's server: `server.use(...proxy.fake.handlers())`.
 */
import { ClinikoFake, FAKE_API_KEY, type ClinikoFakeOptions } from '../fakes/cliniko/cliniko-fake.ts';
import { BUSINESS_ID } from '../fakes/cliniko/cliniko-seed.ts';
import {
  createPracticeProxy,
  oneClinicFile,
  type PracticeProxy,
  type PracticeProxyOptions,
  type PracticeSystem,
} from './practice-proxy.ts';

export const CLINIKO_CLINIC_ID = 'harbour';
export const CLINIKO_USER_AGENT = 'ClinicBookingTests (dev@clinic-booking.example)';
export const CLINIKO_ENV = { CLINIKO_API_KEY: FAKE_API_KEY };

/** The clinics file for a Cliniko clinic, the key as an `env:` reference. */
export function clinikoClinicsFile(
  provider: Record<string, unknown> = {},
  clinic: Record<string, unknown> = {},
): string {
  return oneClinicFile(
    {
      id: CLINIKO_CLINIC_ID,
      name: 'Harbour Allied Health',
      origin: 'https://www.harbour.example',
      waiver: { id: 'harbour-consent', version: '3' },
    },
    {
      type: 'cliniko',
      apiKey: 'env:CLINIKO_API_KEY',
      userAgent: CLINIKO_USER_AGENT,
      businessId: BUSINESS_ID,
      ...provider,
    },
    clinic,
  );
}

export const CLINIKO: PracticeSystem<ClinikoFake, ClinikoFakeOptions> = {
  clinicsFile: clinikoClinicsFile,
  env: CLINIKO_ENV,
  createFake: (now, options, rateNow) =>
    new ClinikoFake({ now, ...(rateNow ? { rateNow } : {}), ...options }),
};

export type ClinikoProxy = PracticeProxy<ClinikoFake>;
export type ClinikoProxyOptions = PracticeProxyOptions<ClinikoFake, ClinikoFakeOptions>;

export function createClinikoProxy(options: ClinikoProxyOptions = {}): ClinikoProxy {
  return createPracticeProxy(CLINIKO, options);
}
