/**
 * A `BookingProvider` decorator that protects the practice system's rate limit: the
 * catalogue is cached for minutes and availability for seconds, identical concurrent
 * requests share one upstream call, and a booking drops the cached availability of the
 * practitioner and day it touched. Writes pass straight through.
 *
 * A `fresh` availability request (the re-check just before booking) always goes upstream,
 * and refreshes the cache with what it saw.
 */
import type {
  AppointmentCancellation,
  AppointmentCountQuery,
  AppointmentInput,
  AppointmentMove,
  AppointmentLookup,
  AppointmentRecord,
  AvailabilityRequest,
  BookingProvider,
  Catalogue,
  ManagedAppointment,
  PatientRecord,
  ProviderSlot,
  ReferenceLookup,
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

interface Entry<T> {
  value: Promise<T>;
  expiresAt: number;
}

interface AvailabilityEntry extends Entry<ProviderSlot[]> {
  request: AvailabilityRequest;
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
  readonly #counts = new Map<string, Entry<Record<string, number>> & { query: AppointmentCountQuery }>();

  constructor(inner: BookingProvider, options: CachingOptions) {
    this.#inner = inner;
    this.#timezone = options.timezone;
    this.#catalogueTtlMs = options.catalogueTtlMs ?? 5 * 60_000;
    this.#availabilityTtlMs = options.availabilityTtlMs ?? 30_000;
    this.#now = options.now ?? Date.now;
  }

  getCatalogue(): Promise<Catalogue> {
    const now = this.#now();
    if (!this.#catalogue || this.#catalogue.expiresAt <= now) {
      const value = this.#inner.getCatalogue();
      const entry = { value, expiresAt: now + this.#catalogueTtlMs };
      this.#catalogue = entry;
      value.catch(() => {
        if (this.#catalogue === entry) this.#catalogue = null;
      });
    }
    return this.#catalogue.value;
  }

  getAvailability(request: AvailabilityRequest): Promise<ProviderSlot[]> {
    const key = availabilityKey(request);
    const now = this.#now();
    const cached = this.#availability.get(key);
    if (!request.fresh && cached && cached.expiresAt > now) return cached.value;
    const value = this.#inner.getAvailability({ ...request, fresh: true });
    const entry = { value, expiresAt: now + this.#availabilityTtlMs, request };
    this.#availability.set(key, entry);
    value.catch(() => {
      if (this.#availability.get(key) === entry) this.#availability.delete(key);
    });
    this.#sweep(now);
    return value;
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
      this.#invalidate(input.practitionerId, input.start);
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
      this.#invalidate(appointment.practitionerId, appointment.start);
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
      this.#invalidate(appointment.practitionerId, appointment.start);
      this.#invalidate(move.practitionerId, move.start);
    }
  }

  async cancelAppointment(
    appointment: ManagedAppointment,
    cancellation: AppointmentCancellation,
  ): Promise<void> {
    try {
      await this.#inner.cancelAppointment(appointment, cancellation);
    } finally {
      this.#invalidate(appointment.practitionerId, appointment.start);
    }
  }

  /** The practice system's notice for patient changes, cached as long as the catalogue. */
  patientChangeNoticeHours(): Promise<number | null> {
    const inner = this.#inner;
    if (!inner.patientChangeNoticeHours) return Promise.resolve(null);
    const now = this.#now();
    if (!this.#changeNotice || this.#changeNotice.expiresAt <= now) {
      const value = inner.patientChangeNoticeHours();
      const entry = { value, expiresAt: now + this.#catalogueTtlMs };
      this.#changeNotice = entry;
      value.catch(() => {
        if (this.#changeNotice === entry) this.#changeNotice = null;
      });
    }
    return this.#changeNotice.value;
  }

  /** True when the wrapped provider can count appointments (needed for booking caps). */
  get canCountAppointments(): boolean {
    return typeof this.#inner.countAppointments === 'function';
  }

  countAppointments(query: AppointmentCountQuery, signal?: AbortSignal): Promise<Record<string, number>> {
    const inner = this.#inner;
    if (!inner.countAppointments)
      return Promise.reject(new Error('This provider cannot count appointments.'));
    const key = [[...query.serviceIds].sort().join(','), query.fromDate, query.toDate].join('|');
    const now = this.#now();
    const cached = this.#counts.get(key);
    if (cached && cached.expiresAt > now) return cached.value;
    const value = inner.countAppointments(query, signal);
    const entry = { value, expiresAt: now + this.#availabilityTtlMs, query };
    this.#counts.set(key, entry);
    value.catch(() => {
      if (this.#counts.get(key) === entry) this.#counts.delete(key);
    });
    return value;
  }

  /** Drops cached availability (and appointment counts) that cover this practitioner on this clinic-local day. */
  #invalidate(practitionerId: string, start: Date) {
    const date = localDateOf(start, this.#timezone);
    for (const [key, entry] of this.#counts) {
      if (entry.query.fromDate <= date && date <= entry.query.toDate) this.#counts.delete(key);
    }
    for (const [key, entry] of this.#availability) {
      const { request } = entry;
      if (
        request.practitionerIds.includes(practitionerId) &&
        request.fromDate <= date &&
        date <= request.toDate
      ) {
        this.#availability.delete(key);
      }
    }
  }

  /** Forgets expired entries so the map stays as small as the traffic. */
  #sweep(now: number) {
    for (const map of [this.#availability, this.#counts]) {
      for (const [key, entry] of map) {
        if (entry.expiresAt <= now) map.delete(key);
      }
    }
  }
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
