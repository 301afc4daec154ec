/**
 * The provider conformance suite's vocabulary. A *scenario* (`scenarios/*.ts`) is one
 * behaviour every `BookingProvider` must show, driven through the real proxy app as the
 * widget drives it. A *subject* (`subjects/*.ts`) is one provider behind that app, with an
 * adapter, `PracticeRecords`, that says how to read what its practice system now holds and
 * how to make it fail: for a fake, its recorded state and fault injection; for the demo
 * clinic, its own records and a wrapper between it and the proxy.
 *
 * A new provider method gets tested on every provider by one new scenario, plus the adapter
 * methods it needs to check its effect, written once per subject.
 */
import type { AppOptions } from '../../proxy/app.ts';
import type { SetupServer } from 'msw/node';
import type { ClinicApi } from '../helpers/clinic-api.ts';
import type { TestProxy } from '../helpers/test-proxy.ts';

/** A patient as the practice system holds them. */
export interface HeldPatient {
  id: string;
  firstName: string;
  lastName: string;
  email: string;
  dateOfBirth: string;
}

/** A live (not cancelled) appointment as the practice system holds it; instants in ms. */
export interface HeldAppointment {
  id: string;
  /** Empty for a time held without a patient (a meeting, a block). */
  patientId: string;
  practitionerId: string;
  /** Null for a time held without a service. */
  serviceId: string | null;
  start: number;
  end: number;
  /** What the practitioner reads with it (the patient's note goes in here). */
  note: string;
}

/** A signed waiver as the practice system holds it. */
export interface HeldWaiver {
  version: string;
  /** `drawn` or `typed`; anything else is what the system wrote where it says so. */
  signedBy: string;
  /** The signature image as the patient made it, where the system keeps the SVG itself. */
  signatureSvg?: string;
}

/** A write the booking makes, in order; then the patient's own changes from their link. */
export type BookingStep = 'patient' | 'appointment' | 'waiver' | 'move' | 'cancel';

/** An appointment by id as the practice system now holds it, live or cancelled. */
export interface HeldChange {
  start: number;
  end: number;
  practitionerId: string;
  cancelled: boolean;
  /** The record's notes or comments: what the practitioner reads, what changed and when. */
  note: string;
}

/** How scenarios read, and disturb, one provider's practice system. */
export interface PracticeRecords {
  /** Patients whose email is this one, compared without case. */
  patientsWithEmail(email: string): Promise<HeldPatient[]>;
  /** Every live appointment, seeded or booked. */
  liveAppointments(): Promise<HeldAppointment[]>;
  /** The signed waivers on a patient's record. */
  waiversOf(patientId: string): Promise<HeldWaiver[]>;
  /** Requests to create an appointment that reached the practice system. */
  appointmentCreates(): number;
  /** The appointment with this id, live or cancelled; null when the system has none. */
  appointment(id: string): Promise<HeldChange | null>;
  /** Requests that reached the practice system to move (or cancel) an appointment for a patient. */
  changeWrites(kind: 'move' | 'cancel'): number;
  /** A patient the practice system already holds (for the demo clinic: one put there now). */
  patientOnFile(): Promise<HeldPatient>;
  /** Someone else (reception, in the system's own screens) books this time now. */
  bookElsewhere(practitionerId: string, serviceId: string, start: Date, minutes: number): Promise<void>;
  /** Someone else books this time just before the proxy's next create reaches the system. */
  bookElsewhereBeforeNextCreate(
    practitionerId: string,
    serviceId: string,
    start: Date,
    minutes: number,
  ): void;
  /** The system does the step's next write, and its answer never reaches the proxy. */
  loseNextAnswer(step: BookingStep): void;
  /** The system refuses the step's next write as unavailable (503), doing nothing. */
  refuseNext(step: BookingStep): void;
}

/** What scenarios book with: a service two practitioners offer, one of them by name, on a day both work. */
export interface ConformanceFixture {
  /** A clinic-local date with free times for the service. */
  day: string;
  serviceId: string;
  /** Offers `serviceId`; free on `day`. */
  practitionerId: string;
  /** How the catalogue (and so a booking) names that practitioner. */
  practitionerName: string;
  /** What this system's appointment ids look like (always strings; Cliniko's exceed 2^53). */
  appointmentId: RegExp;
}

/** One provider behind the real proxy app, fresh for each scenario. */
export interface ConformanceClinic {
  proxy: TestProxy;
  api: ClinicApi;
  records: PracticeRecords;
  fixture: ConformanceFixture;
}

/** How a subject may be started: the app's options and the clinic's config fields to change. */
export interface StartOptions {
  app?: Partial<AppOptions>;
  clinic?: Record<string, unknown>;
}

export interface ConformanceSubject {
  name: string;
  /** A fresh clinic on this provider; a fake's handlers are added to `server`. */
  start(server: SetupServer, options?: StartOptions): ConformanceClinic;
}

/** One behaviour every provider must show. */
export interface Scenario {
  name: string;
  run(clinic: ConformanceClinic): Promise<void>;
}
