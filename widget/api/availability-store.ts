/**
 * Free times by calendar month, fetched once and shared: step 2 starts loading the first
 * month for "any practitioner" as soon as a service is picked, and step 3 answers a
 * specific practitioner from that same answer when it has it, so choosing a practitioner
 * costs no extra request.
 */
import { ANY_PRACTITIONER } from '../../shared/any-practitioner.ts';
import { bookableDates, type BookableDates } from '../../shared/bookable-dates.ts';
import type { BookingPolicy, Slot } from '../../shared/contract.ts';
import { addDaysToIsoDate } from '../../shared/dates.ts';
import { todayIn } from '../time/clinic-time.ts';
import type { BookingApi } from './booking-api.ts';

export interface MonthQuery {
  serviceId: string;
  /** A practitioner's id, or `any`. */
  practitionerId: string;
  returningPatient?: 'yes' | 'no' | null;
  /** `YYYY-MM`. */
  month: string;
}

/** The last day of a `YYYY-MM` month. */
export function lastDayOfMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/** The month after a `YYYY-MM` month. */
export function nextMonth(month: string): string {
  return addDaysToIsoDate(lastDayOfMonth(month), 1).slice(0, 7);
}

/**
 * Free times by month, as step 3 (`<cb-step-time>`) reads them: an {@link AvailabilityStore},
 * or anything else that answers the same way (a test's fixed list, a view that moves a
 * booking and must leave its current time out).
 */
export interface AvailabilitySource {
  /** The clinic-local dates bookings are open for now. */
  bookable(): BookableDates;
  /** True when no day of `month` (`YYYY-MM`) is bookable. */
  isOutside(month: string): boolean;
  /** The free slots of one month, in the clinic's zone, sorted by start. */
  month(query: MonthQuery, signal?: AbortSignal): Promise<Slot[]>;
}

/** One clinic's free times, fetched once per month and query, and shared. Make one per clinic. */
export class AvailabilityStore implements AvailabilitySource {
  /** A store for `api`'s clinic, open from today in `timezone` for the policy's days ahead. */
  static forClinic(
    api: BookingApi,
    clinic: { timezone: string; policy: Pick<BookingPolicy, 'maxDaysAhead'> },
  ): AvailabilityStore {
    return new AvailabilityStore(api, () => bookableDates(todayIn(clinic.timezone), clinic.policy));
  }

  readonly #api: BookingApi;
  readonly #bookable: () => { first: string; last: string };
  readonly #months = new Map<string, Promise<Slot[]>>();

  /**
   * @param bookable the clinic-local dates bookings are open for (today to the horizon);
   *   a function because "today" moves while a page stays open
   */
  constructor(api: BookingApi, bookable: () => { first: string; last: string }) {
    this.#api = api;
    this.#bookable = bookable;
  }

  /** The clinic-local dates bookings are open for now: today to the horizon. */
  bookable(): { first: string; last: string } {
    return this.#bookable();
  }

  /** True when no day of `month` is bookable. */
  isOutside(month: string): boolean {
    const { first, last } = this.#bookable();
    return lastDayOfMonth(month) < first || `${month}-01` > last;
  }

  /** The free slots of one month, in the clinic's zone, sorted by start. */
  month(query: MonthQuery, signal?: AbortSignal): Promise<Slot[]> {
    const exact = this.#months.get(key(query));
    if (exact) return exact;
    const any =
      query.practitionerId === ANY_PRACTITIONER
        ? undefined
        : this.#months.get(key({ ...query, practitionerId: ANY_PRACTITIONER }));
    if (any) return any.then((slots) => slots.filter((s) => s.practitionerId === query.practitionerId));
    return this.#load(query, signal);
  }

  /** Starts loading a month without waiting; errors surface when step 3 asks for it. */
  prefetch(query: MonthQuery): void {
    if (!this.#months.has(key(query))) this.#load(query).catch(() => undefined);
  }

  /** Forgets everything: after a booking, or when a chosen time turned out to be taken. */
  clear(): void {
    this.#months.clear();
  }

  #load(query: MonthQuery, signal?: AbortSignal): Promise<Slot[]> {
    if (this.isOutside(query.month)) return Promise.resolve([]);
    const { first, last } = this.#bookable();
    const from = `${query.month}-01` < first ? first : `${query.month}-01`;
    const monthEnd = lastDayOfMonth(query.month);
    const to = monthEnd > last ? last : monthEnd;
    const request = this.#api
      .getAvailability(
        {
          serviceId: query.serviceId,
          practitionerId: query.practitionerId,
          from,
          to,
          ...(query.returningPatient ? { returningPatient: query.returningPatient } : {}),
        },
        signal,
      )
      .then((answer) => answer.slots);
    const k = key(query);
    this.#months.set(k, request);
    // A failed or abandoned load is forgotten, so the next look tries again.
    request.catch(() => {
      if (this.#months.get(k) === request) this.#months.delete(k);
    });
    return request;
  }
}

function key(query: MonthQuery): string {
  return [query.serviceId, query.practitionerId, query.returningPatient ?? '', query.month].join('|');
}
