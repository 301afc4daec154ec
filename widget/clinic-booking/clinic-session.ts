/**
 * One chosen clinic, loaded: its profile and catalogue (one `/bootstrap`), and the API
 * client and availability store made for it. `<clinic-booking>` makes one per location the
 * patient chooses, so nothing of one clinic (its cached times, its theme) leaks into another.
 */
import type { BootstrapPractitioner, Category, ClinicProfile } from '../../shared/contract.ts';
import { RETURNING_PATIENT_QUESTION } from '../../shared/intake.ts';
import { AvailabilityStore } from '../api/availability-store.ts';
import { BookingApi } from '../api/booking-api.ts';
import type { Location } from '../flow/flow-types.ts';

export interface ClinicSession {
  /** The location as the patient chose it (a practice's listing, or the clinic itself). */
  location: Location;
  profile: ClinicProfile;
  categories: Category[];
  practitioners: BootstrapPractitioner[];
  api: BookingApi;
  availability: AvailabilityStore;
  /** The clinic asks "Have you been here before?" (its rules depend on it) before the times. */
  asksReturningPatient: boolean;
}

/**
 * Loads `location`'s clinic from the proxy at `apiBase`.
 * @throws BookingApiError when the proxy refuses or cannot be reached
 */
export async function loadClinicSession(
  apiBase: string,
  location: Location,
  signal: AbortSignal,
): Promise<ClinicSession> {
  const api = new BookingApi(apiBase, location.id);
  const bootstrap = await api.getBootstrap(signal);
  const profile = bootstrap.clinic;
  return {
    // The clinic's own name and zone are the truth; a practice's listing adds the address.
    location: { ...location, name: location.name || profile.name, timezone: profile.timezone },
    profile,
    categories: bootstrap.categories,
    practitioners: bootstrap.practitioners,
    api,
    availability: AvailabilityStore.forClinic(api, profile),
    asksReturningPatient: profile.intake.some((q) => q.id === RETURNING_PATIENT_QUESTION),
  };
}
