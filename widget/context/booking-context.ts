/**
 * What `<clinic-booking>` shares with its steps through `@lit/context`: the clinic (profile
 * and catalogue), the API client and the booking flow with its current state. Steps
 * consume these instead of having them threaded through as properties.
 */
import { createContext } from '@lit/context';
import type { BootstrapPractitioner, Category, ClinicProfile } from '../../shared/contract.ts';
import { RETURNING_PATIENT_QUESTION } from '../../shared/intake.ts';
import type { BookingApi } from '../api/booking-api.ts';
import type { AvailabilityStore } from '../api/availability-store.ts';
import type { BookingFlow, FlowState } from '../flow/booking-flow.ts';

/** The clinic as the widget loaded it. */
export interface ClinicData {
  profile: ClinicProfile;
  categories: Category[];
  practitioners: BootstrapPractitioner[];
}

/** True when the clinic asks "Have you been here before?" (its rules depend on it) before the times. */
export function asksReturningPatient(clinic: ClinicData): boolean {
  return clinic.profile.intake.some((q) => q.id === RETURNING_PATIENT_QUESTION);
}

export const clinicContext = createContext<ClinicData>(Symbol('cb-clinic'));
export const apiContext = createContext<BookingApi>(Symbol('cb-api'));
export const availabilityContext = createContext<AvailabilityStore>(Symbol('cb-availability'));
export const flowContext = createContext<BookingFlow>(Symbol('cb-flow'));
/** A new object after every change, so consumers that subscribe re-render. */
export const flowStateContext = createContext<FlowState>(Symbol('cb-flow-state'));
