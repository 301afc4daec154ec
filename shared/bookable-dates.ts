/**
 * The clinic-local dates a clinic takes bookings for: from today to today + `maxDaysAhead`.
 * One rule for both sides: the proxy clips its searches to it, the widget its calendar.
 */
import type { BookingPolicy } from './contract.ts';
import { addDaysToIsoDate } from './dates.ts';

export interface BookableDates {
  /** Today in the clinic's zone, `YYYY-MM-DD`. */
  first: string;
  /** The last bookable day, `YYYY-MM-DD`. */
  last: string;
}

/** @param today the clinic-local date today, `YYYY-MM-DD` */
export function bookableDates(today: string, policy: Pick<BookingPolicy, 'maxDaysAhead'>): BookableDates {
  return { first: today, last: addDaysToIsoDate(today, policy.maxDaysAhead) };
}
