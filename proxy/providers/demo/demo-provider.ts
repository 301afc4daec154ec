/**
 * The built-in demo clinic as a `BookingProvider`: the catalogue and rosters of
 * `demo-data.ts`, a reproducible diary of other patients' appointments, and the patients,
 * appointments and waivers booked through it, kept in the store (so `npm start` remembers
 * them across restarts, as a real clinic would, and instances on one database share them).
 *
 * It keeps the rules a real practice system keeps, so tests against it mean something:
 * a taken time is taken, a past time cannot be booked, a practitioner books only their
 * own services within their hours.
 */
import type { PatientDetails } from '../../../shared/contract.ts';
import { ApiError } from '../../http/api-error.ts';
import { createMemoryStore } from '../../store/memory-store.ts';
import type { DemoRecordStore, JsonObject } from '../../store/store.ts';
import { datesBetween, localDateOf } from '../../time/clinic-time.ts';
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
} from '../provider.ts';
import { DEMO_CATEGORIES, DEMO_PRACTITIONERS, type DemoPractitioner } from './demo-data.ts';
import { freeStarts, isFree, seededBusy, workingSessions, type Interval } from './demo-schedule.ts';

export interface DemoProviderOptions {
  timezone: string;
  now?: () => Date;
  /** Where its bookings live; default a store of its own in memory. */
  records?: DemoRecordStore;
  /** The clinic's id, which keeps each demo clinic's bookings apart; default `demo`. */
  clinicId?: string;
}

/** What the demo clinic keeps with an appointment besides its time and practitioner. */
interface StoredAppointmentData extends Omit<AppointmentRecord, 'id' | 'practitionerId' | 'start' | 'end'> {
  /** Lines saying what changed and when (a move by the patient). */
  history?: string[];
}

interface StoredPatient extends PatientDetails {
  id: string;
}

/** A stored waiver: what was signed, and for which appointment (the patient's details are on the patient). */
export type DemoWaiver = Omit<SignedWaiver, 'patient' | 'appointment'> & { appointmentId: string };

/** What the demo clinic holds, for tests that count records. */
export interface DemoRecords {
  patients: StoredPatient[];
  /** Booked (not cancelled) appointments. */
  appointments: AppointmentRecord[];
  waivers: DemoWaiver[];
}

export class DemoProvider implements BookingProvider {
  readonly #timezone: string;
  readonly #now: () => Date;
  readonly #records: DemoRecordStore;
  readonly #clinicId: string;

  constructor(options: DemoProviderOptions) {
    this.#timezone = options.timezone;
    this.#now = options.now ?? (() => new Date());
    this.#records = options.records ?? createMemoryStore().demo;
    this.#clinicId = options.clinicId ?? 'demo';
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
    const booked = await this.#booked();
    for (const practitioner of this.#practitioners(request.practitionerIds, request.serviceId)) {
      for (const date of datesBetween(request.fromDate, request.toDate)) {
        const busy = this.#busy(practitioner, date, booked);
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
    const match = (await this.#patients()).find(
      (p) =>
        p.email.toLowerCase() === patient.email.toLowerCase() &&
        p.dateOfBirth === patient.dateOfBirth &&
        p.lastName.toLowerCase() === patient.lastName.toLowerCase() &&
        (!patient.medicareNumber || !p.medicareNumber || p.medicareNumber === patient.medicareNumber),
    );
    if (match) return { id: match.id, created: false };
    const id = await this.#records.nextId();
    await this.#records.addPatient(this.#clinicId, id, json(patient));
    return { id, created: true };
  }

  async findAppointment(lookup: AppointmentLookup): Promise<AppointmentRecord | null> {
    const found = (await this.#appointments()).find(
      (a) =>
        a.patientId === lookup.patientId &&
        a.practitionerId === lookup.practitionerId &&
        a.start.getTime() === lookup.start.getTime(),
    );
    return found ?? null;
  }

  async createAppointment(input: AppointmentInput): Promise<AppointmentRecord> {
    const practitioner = DEMO_PRACTITIONERS.find((p) => p.id === input.practitionerId);
    if (!practitioner?.serviceIds.includes(input.serviceId)) {
      throw new ApiError(404, 'practitioner_not_found', 'That practitioner does not offer this service.');
    }
    if (!(await this.#patients()).some((p) => p.id === input.patientId)) {
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
    const taken = () =>
      new ApiError(409, 'slot_taken', 'Sorry, that time has just been booked by someone else.');
    // The seeded diary and the hours are checked here; other bookings by the store, which
    // checks and inserts in one step, so two bookings for one slot cannot both land.
    if (!isFree(start, end, sessions, seededBusy(practitioner, date, this.#timezone))) throw taken();
    const appointment: AppointmentRecord = { ...input, id: await this.#records.nextId() };
    const { practitionerId, start: _s, end: _e, id, ...data } = appointment;
    const added = await this.#records.addAppointmentIfFree(this.#clinicId, {
      id,
      practitionerId,
      start,
      end,
      data: json(data),
    });
    if (!added) throw taken();
    return { ...appointment };
  }

  async findByReference(lookup: ReferenceLookup): Promise<AppointmentRecord[]> {
    return (await this.#appointments()).filter(
      (a) =>
        a.reference === lookup.reference &&
        lookup.practitionerIds.includes(a.practitionerId) &&
        a.start.getTime() === lookup.start.getTime(),
    );
  }

  async cancelDuplicate(appointment: AppointmentRecord): Promise<void> {
    await this.#records.cancelAppointment(this.#clinicId, appointment.id);
  }

  async getAppointment(id: string): Promise<ManagedAppointment | null> {
    const row = (await this.#records.appointments(this.#clinicId)).find((r) => r.id === id);
    if (!row) return null;
    const data = row.data as unknown as StoredAppointmentData;
    const { history = [], ...record } = data;
    return {
      ...record,
      id: row.id,
      practitionerId: row.practitionerId,
      start: new Date(row.start),
      end: new Date(row.end),
      cancelled: row.cancelled,
      notes: history.join('\n') || null,
    };
  }

  /** Moves within the practitioner's hours to a time free but for this appointment; the record keeps a line saying so. */
  async moveAppointment(appointment: ManagedAppointment, move: AppointmentMove): Promise<ManagedAppointment> {
    if (
      appointment.start.getTime() === move.start.getTime() &&
      appointment.practitionerId === move.practitionerId
    )
      return appointment;
    const practitioner = DEMO_PRACTITIONERS.find((p) => p.id === move.practitionerId);
    if (!practitioner?.serviceIds.includes(appointment.serviceId)) {
      throw new ApiError(404, 'practitioner_not_found', 'That practitioner does not offer this service.');
    }
    const start = move.start.getTime();
    const end = move.end.getTime();
    const taken = new ApiError(409, 'slot_taken', 'Sorry, that time has just been booked by someone else.');
    if (start <= this.#now().getTime()) throw taken;
    const date = localDateOf(move.start, this.#timezone);
    const sessions = workingSessions(practitioner.hours, date, this.#timezone);
    if (!isFree(start, end, sessions, seededBusy(practitioner, date, this.#timezone))) throw taken;
    const row = (await this.#records.appointments(this.#clinicId)).find((r) => r.id === appointment.id);
    if (!row) throw taken;
    const data = row.data as unknown as StoredAppointmentData;
    const moved = await this.#records.moveAppointmentIfFree(this.#clinicId, appointment.id, {
      practitionerId: move.practitionerId,
      start,
      end,
      data: json({ ...data, history: [...(data.history ?? []), move.changeNote] }),
    });
    if (!moved) throw taken;
    return (await this.getAppointment(appointment.id)) ?? appointment;
  }

  async cancelAppointment(
    appointment: ManagedAppointment,
    _cancellation: AppointmentCancellation,
  ): Promise<void> {
    await this.#records.cancelAppointment(this.#clinicId, appointment.id);
  }

  async storeWaiver(signed: SignedWaiver): Promise<void> {
    const { patient: _patient, appointment, ...waiver } = signed;
    await this.#records.addWaiver(this.#clinicId, appointment.id, json(waiver));
  }

  async countAppointments(query: AppointmentCountQuery): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const appointment of await this.#appointments()) {
      if (!query.serviceIds.includes(appointment.serviceId)) continue;
      const date = localDateOf(appointment.start, query.timezone);
      if (date >= query.fromDate && date <= query.toDate) counts[date] = (counts[date] ?? 0) + 1;
    }
    return counts;
  }

  /** A copy of everything booked through the demo clinic so far. */
  async records(): Promise<DemoRecords> {
    const waivers = await this.#records.waivers(this.#clinicId);
    return {
      patients: await this.#patients(),
      appointments: await this.#appointments(),
      waivers: waivers.map(({ appointmentId, data }) => {
        const waiver = data as unknown as Omit<DemoWaiver, 'signedAt'> & { signedAt: string };
        return { ...waiver, appointmentId, signedAt: new Date(waiver.signedAt) };
      }),
    };
  }

  async #patients(): Promise<StoredPatient[]> {
    const rows = await this.#records.patients(this.#clinicId);
    return rows.map(({ id, data }) => ({ ...(data as unknown as PatientDetails), id }));
  }

  async #appointments(): Promise<AppointmentRecord[]> {
    const rows = await this.#records.appointments(this.#clinicId);
    return rows
      .filter((row) => !row.cancelled)
      .map((row) => ({
        ...withoutHistory(row.data as unknown as StoredAppointmentData),
        id: row.id,
        practitionerId: row.practitionerId,
        start: new Date(row.start),
        end: new Date(row.end),
      }));
  }

  /** Booked intervals per practitioner. */
  async #booked(): Promise<Map<string, Interval[]>> {
    const booked = new Map<string, Interval[]>();
    for (const a of await this.#appointments()) {
      const list = booked.get(a.practitionerId) ?? [];
      list.push({ start: a.start.getTime(), end: a.end.getTime() });
      booked.set(a.practitionerId, list);
    }
    return booked;
  }

  #practitioners(ids: string[], serviceId: string): DemoPractitioner[] {
    return DEMO_PRACTITIONERS.filter((p) => ids.includes(p.id) && p.serviceIds.includes(serviceId));
  }

  #busy(practitioner: DemoPractitioner, date: string, booked: Map<string, Interval[]>): Interval[] {
    return [...seededBusy(practitioner, date, this.#timezone), ...(booked.get(practitioner.id) ?? [])];
  }
}

function withoutHistory({ history: _history, ...data }: StoredAppointmentData) {
  return data;
}

/** A value as JSON for the store (dates become ISO strings, undefined fields go). */
function json(value: object): JsonObject {
  return JSON.parse(JSON.stringify(value)) as JsonObject;
}
