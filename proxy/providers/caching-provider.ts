/**
 * A `BookingProvider` decorator that protects the practice system's rate limit: the
 * catalogue is cached for minutes and availability for seconds, identical concurrent
 * requests share one upstream call, and a booking drops the cached availability of the
 * practitioner and day it touched. Writes pass straight through.
 *
 * A `fresh` availability request (the re-check just before booking) always goes upstream,
 * and refreshes the cache with what it saw.
 *
 * Whoever builds something from cached data (the proxy's cached answers, `http/answers.ts`)
 * reads it through `read*`, which also hands back a {@link CacheReading}: it stays current
 * exactly as long as the cache would still give that same data, so an answer built from it
 * is dropped when the data is refreshed, invalidated by a booking, or expires.
 */
import type {
  AppointmentCancellation,
  AppointmentCountQuery,
  AppointmentInput,
  AppointmentMove,
  AppointmentLookup,
  AppointmentRecord,
  AvailabilityRequest,
  BookedTime,
  BookedTimesQuery,
  BookingProvider,
  Catalogue,
  ManagedAppointment,
  PatientRecord,
  ProviderSlot,
  ReferenceLookup,
  ScheduleReads,
  SignedWaiver,
} from './provider.ts';
import type { PatientDetails } from '../../shared/contract.ts';
import { localDateOf } from '../time/clinic-time.ts';

export interface CachingOptions {
  timezone: string;
  catalogueTtlMs?: number;
  availabilityTtlMs?: number;
  now?: () => number;
}

/** Cached provider data as one reader saw it. */
export interface CacheReading {
  /** True while the cache would still give the same data: not refreshed, invalidated or expired. */
  current(now: number): boolean;
}

/** Data from the provider together with the reading that says how long it holds. */
export interface Read<T> {
  value: Promise<T>;
  reading: CacheReading;
}

/** The reading of data no cache keeps: never current, so nothing built from it is kept either. */
export const UNCACHED: CacheReading = { current: () => false };

class Entry<T> implements CacheReading {
  #dropped = false;
  constructor(
    readonly value: Promise<T>,
    readonly expiresAt: number,
  ) {}

  current(now: number): boolean {
    return !this.#dropped && now < this.expiresAt;
  }

  /** Replaced or invalidated: whoever read it must read again. */
  drop(): void {
    this.#dropped = true;
  }
}

class AvailabilityEntry extends Entry<ProviderSlot[]> {
  constructor(
    value: Promise<ProviderSlot[]>,
    expiresAt: number,
    readonly request: AvailabilityRequest,
  ) {
    super(value, expiresAt);
  }
}

class CountsEntry extends Entry<Record<string, number>> {
  constructor(
    value: Promise<Record<string, number>>,
    expiresAt: number,
    readonly query: AppointmentCountQuery,
  ) {
    super(value, expiresAt);
  }
}

export class CachingProvider implements BookingProvider {
  readonly #inner: BookingProvider;
  readonly #timezone: string;
  readonly #catalogueTtlMs: number;
  readonly #availabilityTtlMs: number;
  readonly #now: () => number;
  #catalogue: Entry<Catalogue> | null = null;
  #changeNotice: Entry<number | null> | null = null;
  readonly #availability = new Map<string, AvailabilityEntry>();
  readonly #counts = new Map<string, CountsEntry>();

  constructor(inner: BookingProvider, options: CachingOptions) {
    this.#inner = inner;
    this.#timezone = options.timezone;
    this.#catalogueTtlMs = options.catalogueTtlMs ?? 5 * 60_000;
    this.#availabilityTtlMs = options.availabilityTtlMs ?? 30_000;
    this.#now = options.now ?? Date.now;
  }

  getCatalogue(): Promise<Catalogue> {
    return this.readCatalogue().value;
  }

  /** The catalogue, and how long it holds. */
  readCatalogue(): Read<Catalogue> {
    const now = this.#now();
    if (!this.#catalogue?.current(now)) {
      this.#catalogue?.drop();
      const entry = new Entry(this.#inner.getCatalogue(), now + this.#catalogueTtlMs);
      this.#catalogue = entry;
      entry.value.catch(() => {
        entry.drop();
        if (this.#catalogue === entry) this.#catalogue = null;
      });
    }
    return { value: this.#catalogue.value, reading: this.#catalogue };
  }

  getAvailability(request: AvailabilityRequest): Promise<ProviderSlot[]> {
    return this.readAvailability(request).value;
  }

  /** Free slots, and how long they hold. A `fresh` request refreshes what other readers see. */
  readAvailability(request: AvailabilityRequest): Read<ProviderSlot[]> {
    const key = availabilityKey(request);
    const now = this.#now();
    const cached = this.#availability.get(key);
    if (!request.fresh && cached?.current(now)) return { value: cached.value, reading: cached };
    cached?.drop();
    const entry = new AvailabilityEntry(
      this.#inner.getAvailability({ ...request, fresh: true }),
      now + this.#availabilityTtlMs,
      request,
    );
    this.#availability.set(key, entry);
    entry.value.catch(() => {
      entry.drop();
      if (this.#availability.get(key) === entry) this.#availability.delete(key);
    });
    this.#sweep(now);
    return { value: entry.value, reading: entry };
  }

  findOrCreatePatient(patient: PatientDetails): Promise<PatientRecord> {
    return this.#inner.findOrCreatePatient(patient);
  }

  findAppointment(lookup: AppointmentLookup): Promise<AppointmentRecord | null> {
    return this.#inner.findAppointment(lookup);
  }

  async createAppointment(input: AppointmentInput): Promise<AppointmentRecord> {
    try {
      return await this.#inner.createAppointment(input);
    } finally {
      // Booked, or refused because the time is gone: either way the cached day is stale.
      this.appointmentChanged(input.practitionerId, input.start);
    }
  }

  storeWaiver(signed: SignedWaiver): Promise<void> {
    return this.#inner.storeWaiver(signed);
  }

  /** The wrapped provider's, or none found when it cannot search by reference. */
  async findByReference(lookup: ReferenceLookup): Promise<AppointmentRecord[]> {
    return this.#inner.findByReference ? this.#inner.findByReference(lookup) : [];
  }

  async cancelDuplicate(appointment: AppointmentRecord): Promise<void> {
    if (!this.#inner.cancelDuplicate) throw new Error('This provider cannot cancel appointments.');
    try {
      await this.#inner.cancelDuplicate(appointment);
    } finally {
      this.appointmentChanged(appointment.practitionerId, appointment.start);
    }
  }

  getAppointment(id: string): Promise<ManagedAppointment | null> {
    return this.#inner.getAppointment(id);
  }

  /** Moves the appointment; the cached days it left and went to are dropped, whatever the outcome. */
  async moveAppointment(appointment: ManagedAppointment, move: AppointmentMove): Promise<ManagedAppointment> {
    try {
      return await this.#inner.moveAppointment(appointment, move);
    } finally {
      this.appointmentChanged(appointment.practitionerId, appointment.start);
      this.appointmentChanged(move.practitionerId, move.start);
    }
  }

  async cancelAppointment(
    appointment: ManagedAppointment,
    cancellation: AppointmentCancellation,
  ): Promise<void> {
    try {
      await this.#inner.cancelAppointment(appointment, cancellation);
    } finally {
      this.appointmentChanged(appointment.practitionerId, appointment.start);
    }
  }

  /** The practice system's notice for patient changes, cached as long as the catalogue. */
  patientChangeNoticeHours(): Promise<number | null> {
    const inner = this.#inner;
    if (!inner.patientChangeNoticeHours) return Promise.resolve(null);
    const now = this.#now();
    let entry = this.#changeNotice;
    if (!entry?.current(now)) {
      const fresh = new Entry(inner.patientChangeNoticeHours(), now + this.#catalogueTtlMs);
      this.#changeNotice = entry = fresh;
      fresh.value.catch(() => {
        if (this.#changeNotice === fresh) this.#changeNotice = null;
      });
    }
    return entry.value;
  }

  /** True when the wrapped provider can count appointments (needed for booking caps). */
  get canCountAppointments(): boolean {
    return typeof this.#inner.countAppointments === 'function';
  }

  countAppointments(query: AppointmentCountQuery, signal?: AbortSignal): Promise<Record<string, number>> {
    return this.readCounts(query, signal).value;
  }

  /** Appointment counts per date, and how long they hold. */
  readCounts(query: AppointmentCountQuery, signal?: AbortSignal): Read<Record<string, number>> {
    const inner = this.#inner;
    if (!inner.countAppointments) {
      return {
        value: Promise.reject(new Error('This provider cannot count appointments.')),
        reading: UNCACHED,
      };
    }
    const key = [[...query.serviceIds].sort().join(','), query.fromDate, query.toDate].join('|');
    const now = this.#now();
    const cached = this.#counts.get(key);
    if (cached?.current(now)) return { value: cached.value, reading: cached };
    cached?.drop();
    const entry = new CountsEntry(
      inner.countAppointments(query, signal),
      now + this.#availabilityTtlMs,
      query,
    );
    this.#counts.set(key, entry);
    entry.value.catch(() => {
      entry.drop();
      if (this.#counts.get(key) === entry) this.#counts.delete(key);
    });
    return { value: entry.value, reading: entry };
  }

  /**
   * Passed straight through: the capacity feed caches what it builds from these for minutes
   * (`capacity/capacity-snapshots.ts`), so a second cache here would only add staleness.
   */
  bookedTimes(query: BookedTimesQuery, signal?: AbortSignal): Promise<BookedTime[]> {
    const inner = this.#inner;
    if (!inner.bookedTimes) return Promise.reject(new Error('This provider cannot read booked times.'));
    return inner.bookedTimes(query, signal);
  }

  /**
   * The one hook for anything that books, moves or cancels an appointment: drops the cached
   * availability and appointment counts that cover this practitioner on the clinic-local day
   * of `start`, and with them every answer built from them. `createAppointment` calls it
   * itself; a move calls it for the old time and the new one, a cancel for the old one.
   */
  appointmentChanged(practitionerId: string, start: Date): void {
    const date = localDateOf(start, this.#timezone);
    for (const [key, entry] of this.#counts) {
      // Counts are per date across practitioners: a cap counts everyone's bookings.
      if (entry.query.fromDate <= date && date <= entry.query.toDate) {
        entry.drop();
        this.#counts.delete(key);
      }
    }
    for (const [key, entry] of this.#availability) {
      const { request } = entry;
      if (
        request.practitionerIds.includes(practitionerId) &&
        request.fromDate <= date &&
        date <= request.toDate
      ) {
        entry.drop();
        this.#availability.delete(key);
      }
    }
  }

  /** Forgets expired entries so the map stays as small as the traffic. */
  #sweep(now: number) {
    for (const map of [this.#availability, this.#counts]) {
      for (const [key, entry] of map) {
        if (!entry.current(now)) map.delete(key);
      }
    }
  }
}

/** Reads the catalogue through the cache when there is one. */
export function readCatalogue(provider: ScheduleReads, signal?: AbortSignal): Read<Catalogue> {
  return provider instanceof CachingProvider
    ? provider.readCatalogue()
    : { value: provider.getCatalogue(signal), reading: UNCACHED };
}

/** Reads free slots through the cache when there is one. */
export function readAvailability(
  provider: ScheduleReads,
  request: AvailabilityRequest,
  signal?: AbortSignal,
): Read<ProviderSlot[]> {
  return provider instanceof CachingProvider
    ? provider.readAvailability(request)
    : { value: provider.getAvailability(request, signal), reading: UNCACHED };
}

/** Reads appointment counts through the cache when there is one. */
export function readCounts(
  provider: ScheduleReads,
  query: AppointmentCountQuery,
  signal?: AbortSignal,
): Read<Record<string, number>> {
  if (provider instanceof CachingProvider) return provider.readCounts(query, signal);
  if (!provider.countAppointments) {
    return {
      value: Promise.reject(new Error('This provider cannot count appointments.')),
      reading: UNCACHED,
    };
  }
  return { value: provider.countAppointments(query, signal), reading: UNCACHED };
}

/**
 * Tells the clinic's cache that an appointment of this practitioner at `start` was booked,
 * moved or cancelled outside `createAppointment` (see {@link CachingProvider.appointmentChanged}).
 * Does nothing for a provider without a cache.
 */
export function appointmentChanged(provider: BookingProvider, practitionerId: string, start: Date): void {
  if (provider instanceof CachingProvider) provider.appointmentChanged(practitionerId, start);
}

function availabilityKey(request: AvailabilityRequest): string {
  return [
    request.serviceId,
    request.durationMinutes,
    [...request.practitionerIds].sort().join(','),
    request.fromDate,
    request.toDate,
  ].join('|');
}
