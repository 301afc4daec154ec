/**
 * The events `<clinic-booking>` fires for analytics and for the host page. They bubble and
 * cross the shadow root. Names are part of the public API: never rename one without
 * firing the old name too.
 */
import type { StepName } from '../flow/booking-flow.ts';

/** Where the appointment is, at a practice (`practice=`), once a location is chosen. */
export interface LocationDetail {
  /** The location's clinic id. */
  locationId?: string;
  locationName?: string;
}

/** `cb-step-change`: the patient reached a step (also fired for the first step shown). */
export interface StepChangeDetail extends LocationDetail {
  step: StepName;
  /**
   * 1-based position among the numbered steps shown; the location step, which comes before
   * them, reports 0; the success screen reports `stepCount` (the last step, done).
   */
  stepNumber: number;
  stepCount: number;
}

/** `cb-booking-complete`: an appointment was booked. Shaped for analytics `purchase`-style events. */
export interface BookingCompleteDetail extends LocationDetail {
  bookingId: string;
  serviceId: string;
  serviceName: string;
  practitionerId: string;
  practitionerName: string;
  /** ISO 8601 with the clinic's offset. */
  start: string;
  /** The service's price in currency units (e.g. 95.5), when the clinic lists one. */
  value?: number;
  /** ISO 4217, e.g. `AUD`, when there is a price. */
  currency?: string;
}

/** `cb-booking-failed`: a booking attempt failed; `code` is the proxy's stable error code. */
export interface BookingFailedDetail {
  code: string;
  message: string;
}

/** `cb-booking-cancelled`: the patient cancelled their booking from its change-or-cancel link. */
export interface BookingCancelledDetail {
  bookingId: string;
  serviceId: string;
  serviceName: string;
  practitionerId: string;
  practitionerName: string;
  /** The cancelled appointment's start, ISO 8601 with the clinic's offset. */
  start: string;
}

/** `cb-booking-rescheduled`: the patient moved their booking from its change-or-cancel link. */
export interface BookingRescheduledDetail extends BookingCancelledDetail {
  /** The new start (and `practitionerId`, `practitionerName`: who it is with now). */
  start: string;
  /** Where it was before the move. */
  previousStart: string;
}

export const EVENTS = {
  stepChange: 'cb-step-change',
  bookingComplete: 'cb-booking-complete',
  bookingFailed: 'cb-booking-failed',
  bookingRescheduled: 'cb-booking-rescheduled',
  bookingCancelled: 'cb-booking-cancelled',
} as const;

interface ClinicBookingEventMap {
  'cb-step-change': CustomEvent<StepChangeDetail>;
  'cb-booking-complete': CustomEvent<BookingCompleteDetail>;
  'cb-booking-failed': CustomEvent<BookingFailedDetail>;
  'cb-booking-rescheduled': CustomEvent<BookingRescheduledDetail>;
  'cb-booking-cancelled': CustomEvent<BookingCancelledDetail>;
}

declare global {
  // The events bubble out of the shadow root, so a page may listen on any ancestor.
  interface HTMLElementEventMap extends ClinicBookingEventMap {}
  interface DocumentEventMap extends ClinicBookingEventMap {}
}
