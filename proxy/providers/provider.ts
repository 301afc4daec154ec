/**
 * The one interface every practice system implements: the demo clinic, Cliniko and
 * Halaxy. The booking service (`booking/`) drives it; routes never call a provider's
 * upstream directly.
 *
 * Contract for implementers:
 * - Ids are opaque strings end to end (Cliniko's exceed 2^53).
 * - Instants are `Date`s; the clinic's zone is given where a provider needs local dates.
 * - Failures are thrown as `ApiError` (see `http/api-error.ts`) with a patient-safe message;
 *   upstream bodies and credentials stay in the operator's log.
 * - Every write is safe to repeat after a lost response: `findOrCreatePatient` looks up
 *   before creating, `findAppointment` lets the booking service recognise an appointment
 *   it already made, and `storeWaiver` stores at most one waiver per appointment.
 */
import type { Category, PatientDetails, Practitioner, Waiver } from '../../shared/contract.ts';

/** A practitioner together with the ids of the services they offer. */
export interface CataloguePractitioner extends Practitioner {
  serviceIds: string[];
}

/** Everything a clinic offers, as the widget's first steps need it. */
export interface Catalogue {
  categories: Category[];
  practitioners: CataloguePractitioner[];
}

export interface AvailabilityRequest {
  serviceId: string;
  durationMinutes: number;
  /** The practitioners to search; "any" has already been expanded by the caller. */
  practitionerIds: string[];
  /** First clinic-local date to search, `YYYY-MM-DD`, inclusive. */
  fromDate: string;
  /** Last clinic-local date to search, `YYYY-MM-DD`, inclusive. */
  toDate: string;
  timezone: string;
  /** Ask the practice system itself, bypassing caches: the re-check just before booking. */
  fresh?: boolean;
}

/** A free time, as an instant range, with the practitioner who is free. */
export interface ProviderSlot {
  start: Date;
  end: Date;
  practitionerId: string;
}

/** The practice system's record of a patient. */
export interface PatientRecord {
  id: string;
  /** True when this call created the record; false when an existing patient matched. */
  created: boolean;
}

export interface AppointmentInput {
  patientId: string;
  practitionerId: string;
  serviceId: string;
  start: Date;
  end: Date;
  /** The patient's note for the practitioner. */
  note?: string;
  /**
   * A tag written with the appointment (in its notes) so the proxy recognises it later: after
   * a lost response, a late commit or a crash (see `providers/booking-reference.ts`).
   */
  reference?: string;
}

/** An appointment as the practice system holds it. */
export interface AppointmentRecord extends AppointmentInput {
  id: string;
}

export interface AppointmentLookup {
  patientId: string;
  practitionerId: string;
  start: Date;
}

/** Appointments an earlier attempt of one booking request made, by their reference. */
export interface ReferenceLookup {
  practitionerIds: string[];
  start: Date;
  reference: string;
}

export interface SignedWaiver {
  patientId: string;
  appointment: AppointmentRecord;
  patient: PatientDetails;
  waiver: Waiver;
  /** `data:image/svg+xml;base64,...`, already validated. */
  signatureSvg: string;
  signatureMethod: 'drawn' | 'typed';
  signedAt: Date;
  clinicName: string;
  timezone: string;
  /** The patient's answers to the clinic's intake questions, as question and answer text, in order. */
  intake: Array<{ question: string; answer: string }>;
}

export interface AppointmentCountQuery {
  serviceIds: string[];
  /** Clinic-local dates, inclusive. */
  fromDate: string;
  toDate: string;
  timezone: string;
}

/** An appointment the patient manages from their link: live or cancelled. */
export interface ManagedAppointment extends AppointmentRecord {
  cancelled: boolean;
  /** The record's notes as the practice system holds them, kept when a line is added. */
  notes?: string | null;
}

/** Where a patient moves their appointment to. */
export interface AppointmentMove {
  practitionerId: string;
  start: Date;
  end: Date;
  /** A line for the practice system's record: what changed and when, in the clinic's words. */
  changeNote: string;
}

/** The patient's cancellation, as the practice system records it. */
export interface AppointmentCancellation {
  /** The patient's own words, if they gave any (plain text, already validated). */
  reason?: string;
  /** A line for the practice system's record: who cancelled, how and when. */
  changeNote: string;
}

/** A practice system the proxy can book into. */
export interface BookingProvider {
  /** Services grouped by category, and the practitioners who offer them. */
  getCatalogue(signal?: AbortSignal): Promise<Catalogue>;
  /** Free slots for one service across the given practitioners, sorted by start. */
  getAvailability(request: AvailabilityRequest, signal?: AbortSignal): Promise<ProviderSlot[]>;
  /** Finds the patient by email, date of birth and last name, or creates them. */
  findOrCreatePatient(patient: PatientDetails): Promise<PatientRecord>;
  /** An existing appointment for this patient, practitioner and start, if any. */
  findAppointment(lookup: AppointmentLookup): Promise<AppointmentRecord | null>;
  /**
   * Creates the appointment. Throws `ApiError` 409 `slot_taken` when the practice
   * system reports the time is no longer free.
   */
  createAppointment(input: AppointmentInput): Promise<AppointmentRecord>;
  /** Stores the signed waiver against the patient and appointment; at most once per appointment. */
  storeWaiver(signed: SignedWaiver): Promise<void>;
  /**
   * Booked (not cancelled) appointments of these services per clinic-local date, for
   * booking caps. Optional: a clinic may only declare caps when its provider has it.
   */
  countAppointments?(query: AppointmentCountQuery, signal?: AbortSignal): Promise<Record<string, number>>;
  /**
   * Live appointments at `start` with these practitioners carrying `reference`: what earlier
   * attempts of one booking request made. Optional: without it, recovery relies on
   * `findAppointment` after the patient step.
   */
  findByReference?(lookup: ReferenceLookup): Promise<AppointmentRecord[]>;
  /** Cancels an appointment made twice for one request (reconciliation). Optional. */
  cancelDuplicate?(appointment: AppointmentRecord): Promise<void>;
  /**
   * The appointment with this id, live or cancelled; null when the practice system has no
   * such appointment (or it is not one the proxy may manage, e.g. a meeting).
   */
  getAppointment(id: string): Promise<ManagedAppointment | null>;
  /**
   * Moves the appointment (the booking service has re-checked the new time under the slot
   * lock). Throws `ApiError` 409 `slot_taken` when the practice system reports the new time
   * is taken; the appointment is then where it was. Safe to repeat with the same move.
   */
  moveAppointment(appointment: ManagedAppointment, move: AppointmentMove): Promise<ManagedAppointment>;
  /** Cancels the appointment at the patient's request. Safe to repeat. */
  cancelAppointment(appointment: ManagedAppointment, cancellation: AppointmentCancellation): Promise<void>;
  /**
   * The practice system's own minimum notice, in hours, for a patient to change or cancel,
   * used when the clinic does not set `policy.changeNoticeHours`. Optional.
   */
  patientChangeNoticeHours?(): Promise<number | null>;
}
