/**
 * Capacity of one clinic (one location) over a window, from the same reads the widget
 * uses: the catalogue with the clinic's rules, the free slots each service offers (policy
 * and rules applied, through the shared cache), and the booked times of the practitioners.
 *
 * Upstream cost of one build: the catalogue (usually cached), one availability search per
 * service for the whole window (the practice system's own paging and windows inside it),
 * and one read of booked times. Services are searched two at a time, so a build never
 * bursts the practice system's rate limit.
 */
import type { Category, Service } from '../../shared/contract.ts';
import { bookableDates, searchSlots } from '../booking/availability-service.ts';
import { practitionersOffering } from '../booking/catalogue-lookup.ts';
import { clinicCatalogue } from '../booking/clinic-catalogue.ts';
import { datesBetween, localDateOf } from '../time/clinic-time.ts';
import { coveredMinutes, isEmpty, type RawMetrics, type Span } from './capacity-metrics.ts';
import type { CapacityClinic } from './capacity-reads.ts';

/** Availability searches in flight at once during a build. */
const CONCURRENT_SERVICES = 2;

export interface CapacityWindow {
  /** Clinic-local dates, inclusive. */
  fromDate: string;
  toDate: string;
}

export interface ServiceCell extends RawMetrics {
  serviceId: string;
}

export interface PractitionerDay {
  practitionerId: string;
  totals: RawMetrics;
  /** Services with free or booked time, in catalogue order. */
  services: ServiceCell[];
}

export interface LocationCapacity {
  location: { id: string; name: string; timezone: string };
  practitioners: Array<{ id: string; name: string }>;
  services: Array<{
    id: string;
    name: string;
    categoryId: string;
    categoryName: string;
    durationMinutes: number;
  }>;
  /** The window's dates the clinic takes online bookings for (today to its horizon), each with every practitioner. */
  days: Array<{ date: string; practitioners: PractitionerDay[] }>;
  generatedAt: Date;
}

/**
 * Builds one location's capacity. Days before today or past the clinic's booking horizon
 * are left out: nothing can be booked online there, so free time has no meaning.
 */
export async function buildLocationCapacity(
  clinic: CapacityClinic,
  window: CapacityWindow,
  now: Date,
): Promise<LocationCapacity> {
  const { config } = clinic;
  const catalogue = await clinicCatalogue(clinic);
  const offered = catalogue.categories.flatMap((category: Category) =>
    category.services.map((service) => ({ service, category })),
  );
  const base: LocationCapacity = {
    location: { id: config.id, name: config.name, timezone: config.timezone },
    practitioners: catalogue.practitioners.map(({ id, name }) => ({ id, name })),
    services: offered.map(({ service, category }) => ({
      id: service.id,
      name: service.name,
      categoryId: category.id,
      categoryName: category.name,
      durationMinutes: service.durationMinutes,
    })),
    days: [],
    generatedAt: now,
  };
  const bookable = bookableDates(clinic, now);
  const fromDate = window.fromDate < bookable.first ? bookable.first : window.fromDate;
  const toDate = window.toDate > bookable.last ? bookable.last : window.toDate;
  if (fromDate > toDate) return base;

  const free = new SpanIndex();
  await eachLimited(offered, CONCURRENT_SERVICES, async ({ service }: { service: Service }) => {
    const practitioners = practitionersOffering(catalogue, service.id);
    if (practitioners.length === 0) return;
    const slots = await searchSlots(
      clinic,
      // Free time for anyone the clinic sees: a returning patient's view, so a new-patients-only day still counts.
      { catalogue, service, practitioners, fromDate, toDate, newPatient: false },
      now,
    );
    for (const slot of slots) {
      const date = localDateOf(slot.start, config.timezone);
      free.add(slot.practitionerId, date, service.id, {
        start: slot.start.getTime(),
        end: slot.end.getTime(),
      });
    }
  });

  const booked = new SpanIndex();
  const times = await clinic.provider.bookedTimes({
    practitionerIds: base.practitioners.map((p) => p.id),
    fromDate,
    toDate,
    timezone: config.timezone,
  });
  for (const time of times) {
    // Today counts from now on, as free time does: what is left of an appointment under way.
    const start = Math.max(time.start.getTime(), now.getTime());
    if (time.end.getTime() <= start) continue;
    const date = localDateOf(time.start, config.timezone);
    booked.add(time.practitionerId, date, time.serviceId, { start, end: time.end.getTime() });
  }

  base.days = datesBetween(fromDate, toDate).map((date) => ({
    date,
    practitioners: base.practitioners.map(({ id }) => {
      const services: ServiceCell[] = [];
      for (const { service } of offered) {
        const freeSpans = free.of(id, date, service.id);
        const cell: ServiceCell = {
          serviceId: service.id,
          freeMinutes: coveredMinutes(freeSpans),
          bookedMinutes: coveredMinutes(booked.of(id, date, service.id)),
          freeSlots: freeSpans.length,
        };
        if (!isEmpty(cell)) services.push(cell);
      }
      return {
        practitionerId: id,
        totals: {
          freeMinutes: coveredMinutes(free.ofDay(id, date)),
          // Every booked appointment counts for the practitioner, offered online or not.
          bookedMinutes: coveredMinutes(booked.ofDay(id, date)),
          freeSlots: services.reduce((sum, s) => sum + s.freeSlots, 0),
        },
        services,
      };
    }),
  }));
  return base;
}

/** Spans by practitioner and date, and by service within them. */
class SpanIndex {
  readonly #byService = new Map<string, Span[]>();
  readonly #byDay = new Map<string, Span[]>();

  add(practitionerId: string, date: string, serviceId: string | null, span: Span) {
    const day = `${practitionerId}|${date}`;
    push(this.#byDay, day, span);
    if (serviceId !== null) push(this.#byService, `${day}|${serviceId}`, span);
  }

  of(practitionerId: string, date: string, serviceId: string): Span[] {
    return this.#byService.get(`${practitionerId}|${date}|${serviceId}`) ?? [];
  }

  ofDay(practitionerId: string, date: string): Span[] {
    return this.#byDay.get(`${practitionerId}|${date}`) ?? [];
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Runs `work` over `items`, at most `limit` at a time. */
async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>) {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: Math.min(limit, queue.length) }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
    }),
  );
}
