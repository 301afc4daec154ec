/**
 * The built-in demo clinic as a `BookingProvider`: the catalogue and rosters of
 * `demo-data.ts`, a reproducible diary of other patients' appointments, and an in-memory
 * record of the patients, appointments and waivers booked through it.
 *
 * It keeps the rules a real practice system keeps, so tests against it mean something:
 * a taken time is taken, a past time cannot be booked, a practitioner books only their
 * own services within their hours.
 */
import type { PatientDetails } from '../../../shared/contract.ts';
import { ApiError } from '../../http/api-error.ts';
import { datesBetween, localDateOf } from '../../time/clinic-time.ts';
import type {
  AppointmentCountQuery,
  AppointmentInput,
  AppointmentLookup,
  AppointmentRecord,
  AvailabilityRequest,
  BookedTime,
  BookedTimesQuery,
  BookingProvider,
  Catalogue,
  PatientRecord,
  ProviderSlot,
  SignedWaiver,
} from '../provider.ts';
import { DEMO_CATEGORIES, DEMO_PRACTITIONERS, type DemoPractitioner } from './demo-data.ts';
import { seededServiceFor } from './demo-diary.ts';
import { freeStarts, isFree, seededBusy, workingSessions, type Interval } from './demo-schedule.ts';

export interface DemoProviderOptions {
  timezone: string;
  now?: () => Date;
}

interface StoredPatient extends PatientDetails {
  id: string;
}

/** What the demo clinic holds, for tests that count records. */
export interface DemoRecords {
  patients: StoredPatient[];
  appointments: AppointmentRecord[];
  waivers: SignedWaiver[];
}

export class DemoProvider implements BookingProvider {
  readonly #timezone: string;
  readonly #now: () => Date;
  readonly #patients = new Map<string, StoredPatient>();
  readonly #appointments = new Map<string, AppointmentRecord>();
  readonly #waivers = new Map<string, SignedWaiver>();
  #nextId = 7_300_000_000_000_000_001n;

  constructor(options: DemoProviderOptions) {
    this.#timezone = options.timezone;
    this.#now = options.now ?? (() => new Date());
  }

  async getCatalogue(): Promise<Catalogue> {
    return {
      categories: structuredClone(DEMO_CATEGORIES),
      practitioners: DEMO_PRACTITIONERS.map(({ id, name, title, bio, serviceIds }) => ({
        id,
        name,
        title,
        bio,
        serviceIds: [...serviceIds],
      })),
    };
  }

  async getAvailability(request: AvailabilityRequest): Promise<ProviderSlot[]> {
    const now = this.#now().getTime();
    const slots: ProviderSlot[] = [];
    for (const practitioner of this.#practitioners(request.practitionerIds, request.serviceId)) {
      for (const date of datesBetween(request.fromDate, request.toDate)) {
        const busy = this.#busy(practitioner, date);
        for (const slot of freeStarts(
          date,
          this.#timezone,
          practitioner.hours,
          busy,
          request.durationMinutes,
        )) {
          if (slot.start <= now) continue;
          slots.push({
            start: new Date(slot.start),
            end: new Date(slot.end),
            practitionerId: practitioner.id,
          });
        }
      }
    }
    return slots.sort(
      (a, b) => a.start.getTime() - b.start.getTime() || a.practitionerId.localeCompare(b.practitionerId),
    );
  }

  async findOrCreatePatient(patient: PatientDetails): Promise<PatientRecord> {
    const match = [...this.#patients.values()].find(
      (p) =>
        p.email.toLowerCase() === patient.email.toLowerCase() &&
        p.dateOfBirth === patient.dateOfBirth &&
        p.lastName.toLowerCase() === patient.lastName.toLowerCase() &&
        (!patient.medicareNumber || !p.medicareNumber || p.medicareNumber === patient.medicareNumber),
    );
    if (match) return { id: match.id, created: false };
    const id = this.#newId();
    this.#patients.set(id, { ...patient, id });
    return { id, created: true };
  }

  async findAppointment(lookup: AppointmentLookup): Promise<AppointmentRecord | null> {
    for (const appointment of this.#appointments.values()) {
      if (
        appointment.patientId === lookup.patientId &&
        appointment.practitionerId === lookup.practitionerId &&
        appointment.start.getTime() === lookup.start.getTime()
      ) {
        return { ...appointment };
      }
    }
    return null;
  }

  async createAppointment(input: AppointmentInput): Promise<AppointmentRecord> {
    const practitioner = DEMO_PRACTITIONERS.find((p) => p.id === input.practitionerId);
    if (!practitioner?.serviceIds.includes(input.serviceId)) {
      throw new ApiError(404, 'practitioner_not_found', 'That practitioner does not offer this service.');
    }
    if (!this.#patients.has(input.patientId)) {
      throw new ApiError(404, 'not_found', 'We could not find your patient record. Please try again.');
    }
    const start = input.start.getTime();
    const end = input.end.getTime();
    if (start <= this.#now().getTime()) {
      throw new ApiError(
        409,
        'slot_unavailable',
        'That time has already passed. Please choose another time.',
      );
    }
    const date = localDateOf(input.start, this.#timezone);
    const sessions = workingSessions(practitioner.hours, date, this.#timezone);
    // Check and insert with no await in between: two bookings for one slot cannot interleave.
    if (!isFree(start, end, sessions, this.#busy(practitioner, date))) {
      throw new ApiError(409, 'slot_taken', 'Sorry, that time has just been booked by someone else.');
    }
    const appointment: AppointmentRecord = { ...input, id: this.#newId() };
    this.#appointments.set(appointment.id, appointment);
    return { ...appointment };
  }

  async storeWaiver(signed: SignedWaiver): Promise<void> {
    if (!this.#waivers.has(signed.appointment.id)) this.#waivers.set(signed.appointment.id, signed);
  }

  async countAppointments(query: AppointmentCountQuery): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const appointment of this.#appointments.values()) {
      if (!query.serviceIds.includes(appointment.serviceId)) continue;
      const date = localDateOf(appointment.start, query.timezone);
      if (date >= query.fromDate && date <= query.toDate) counts[date] = (counts[date] ?? 0) + 1;
    }
    return counts;
  }

  /** The seeded diary of other patients plus everything booked here, as times only. */
  async bookedTimes(query: BookedTimesQuery): Promise<BookedTime[]> {
    const times: BookedTime[] = [];
    const dates = datesBetween(query.fromDate, query.toDate);
    for (const practitioner of DEMO_PRACTITIONERS.filter((p) => query.practitionerIds.includes(p.id))) {
      for (const date of dates) {
        for (const busy of seededBusy(practitioner, date, this.#timezone)) {
          const minutes = (busy.end - busy.start) / 60_000;
          times.push({
            practitionerId: practitioner.id,
            serviceId: seededServiceFor(practitioner, minutes),
            start: new Date(busy.start),
            end: new Date(busy.end),
          });
        }
      }
    }
    for (const a of this.#appointments.values()) {
      const date = localDateOf(a.start, query.timezone);
      if (!query.practitionerIds.includes(a.practitionerId) || date < query.fromDate || date > query.toDate)
        continue;
      times.push({ practitionerId: a.practitionerId, serviceId: a.serviceId, start: a.start, end: a.end });
    }
    return times;
  }

  /** A copy of everything booked through the demo clinic so far. */
  records(): DemoRecords {
    return {
      patients: [...this.#patients.values()].map((p) => ({ ...p })),
      appointments: [...this.#appointments.values()].map((a) => ({ ...a })),
      waivers: [...this.#waivers.values()],
    };
  }

  #practitioners(ids: string[], serviceId: string): DemoPractitioner[] {
    return DEMO_PRACTITIONERS.filter((p) => ids.includes(p.id) && p.serviceIds.includes(serviceId));
  }

  #busy(practitioner: DemoPractitioner, date: string): Interval[] {
    const booked = [...this.#appointments.values()]
      .filter((a) => a.practitionerId === practitioner.id)
      .map((a) => ({ start: a.start.getTime(), end: a.end.getTime() }));
    return [...seededBusy(practitioner, date, this.#timezone), ...booked];
  }

  #newId(): string {
    const id = this.#nextId;
    this.#nextId += 1n;
    return id.toString();
  }
}
