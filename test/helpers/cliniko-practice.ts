/**
 * A practice of two locations on one Cliniko account: the fake's two businesses as two
 * clinics with the same key and their own `businessId`, grouped as `harbour-group`. The
 * first clinic is the one `cliniko-proxy.ts` serves (`harbour`), the second its pool site.
 *
 * The caller owns msw's server: `server.use(...proxy.fake.handlers())`.
 */
import { OTHER_BUSINESS_ID } from '../fakes/cliniko/cliniko-seed.ts';
import {
  CLINIKO,
  CLINIKO_CLINIC_ID,
  clinikoClinicsFile,
  type ClinikoProxy,
  type ClinikoProxyOptions,
} from './cliniko-proxy.ts';
import { createPracticeProxy, type PracticeSystem } from './practice-proxy.ts';
import type { ClinikoFake, ClinikoFakeOptions } from '../fakes/cliniko/cliniko-fake.ts';

export const CLINIKO_PRACTICE_ID = 'harbour-group';
/** The second location: the fake's other business. */
export const CLINIKO_POOL_CLINIC_ID = 'harbour-pool';

/** The clinics file: both businesses, each one clinic, and the practice of the two. */
export function clinikoPracticeClinicsFile(
  provider: Record<string, unknown> = {},
  clinic: Record<string, unknown> = {},
): string {
  const file = JSON.parse(clinikoClinicsFile(provider, clinic)) as {
    clinics: Array<Record<string, unknown>>;
  };
  const [first] = file.clinics;
  const pool = {
    ...first,
    id: CLINIKO_POOL_CLINIC_ID,
    name: 'Harbour Allied Health Pool',
    address: '2 Wharf Road, Balmain NSW 2041',
    allowedOrigins: ['https://pool.harbour.example'],
    provider: { ...(first!.provider as Record<string, unknown>), businessId: OTHER_BUSINESS_ID },
  };
  return JSON.stringify({
    clinics: [{ ...first, address: '1 Harbour Street, Sydney NSW 2000' }, pool],
    practices: [
      {
        id: CLINIKO_PRACTICE_ID,
        name: 'Harbour Allied Health',
        clinicIds: [CLINIKO_CLINIC_ID, CLINIKO_POOL_CLINIC_ID],
      },
    ],
  });
}

export const CLINIKO_PRACTICE: PracticeSystem<ClinikoFake, ClinikoFakeOptions> = {
  ...CLINIKO,
  clinicsFile: clinikoPracticeClinicsFile,
};

/** The app on both locations and one fake Cliniko account; `clinics[1]` is the pool site. */
export function createClinikoPracticeProxy(options: ClinikoProxyOptions = {}): ClinikoProxy {
  return createPracticeProxy(CLINIKO_PRACTICE, options);
}
