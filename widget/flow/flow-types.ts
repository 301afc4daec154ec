/**
 * The booking flow's data: what the patient has chosen and typed, and the inputs the flow
 * is made from (the locations, the page's prefill, a clinic's catalogue). Plain types, so
 * the flow, the step registry and the steps share them without importing each other.
 */
import type { Booking, Category, Slot } from '../../shared/contract.ts';
import type { IntakeAnswers } from '../../shared/intake.ts';

/** One place the patient can be seen: a clinic in the proxy's configuration. */
export interface Location {
  /** The clinic's id in the proxy's configuration. */
  id: string;
  name: string;
  /** The clinic's IANA zone, when known before its clinic is loaded (a practice lists it). */
  timezone?: string;
  /** One line, e.g. "12 Harbour St, Sydney NSW 2000". */
  address?: string;
  /** A link to the location on a map. */
  mapUrl?: string;
}

/** The patient's details as typed: strings, checked by the form and again by the proxy. */
export interface PatientForm {
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  dateOfBirth: string;
  medicareNumber: string;
  medicareIrn: string;
  note: string;
}

export const EMPTY_PATIENT: PatientForm = {
  firstName: '',
  lastName: '',
  email: '',
  phone: '',
  dateOfBirth: '',
  medicareNumber: '',
  medicareIrn: '',
  note: '',
};

/** A signature as the pad or the typed-name option produced it. */
export interface Signature {
  svg: string;
  method: 'drawn' | 'typed';
}

/** What step 4 hands over. */
export interface DetailsInput {
  patient: PatientForm;
  answers: IntakeAnswers;
  waiverAccepted: boolean;
  signature: Signature | null;
  /** The clinic's "news and offers" box, when it has one: unticked until the patient ticks it. */
  marketingConsent: boolean;
  /** The hidden honeypot field: always empty when a person fills the form. */
  honeypot: string;
}

/** Why a booking did not go through, as the proxy (or the network) said. */
export interface BookingFailure {
  code: string;
  message: string;
  fields?: Record<string, string>;
  alternatives?: Slot[];
}

export type Submission =
  | { status: 'idle' }
  | { status: 'pending' }
  | { status: 'failed'; failure: BookingFailure }
  | { status: 'booked'; booking: Booking };

export interface FlowState {
  step: StepId;
  /** The chosen location (clinic): preset when there is one, or the page named it. */
  locationId: string | null;
  /** True while the chosen location's clinic is not loaded yet: the root loads it. */
  awaitingClinic: boolean;
  categoryId: string | null;
  serviceId: string | null;
  /** A practitioner's id, or `any`. */
  practitionerId: string | null;
  /** "Have you been here before?", when the clinic asks it before times are shown. */
  returningPatient: 'yes' | 'no' | null;
  slot: Slot | null;
  details: DetailsInput;
  /** Sent with the booking; kept for retries of the same booking, replaced when it changes. */
  idempotencyKey: string | null;
  submission: Submission;
  /** A message for the current step, e.g. why the patient was sent back to pick a time. */
  notice: string | null;
  /** Nearby free times offered after the chosen one was taken. */
  alternatives: Slot[];
  /** Per-field messages from the proxy, keyed by dotted path (`patient.email`). */
  fieldErrors: Record<string, string>;
  /** The Turnstile token, when the clinic uses Turnstile and the patient passed the check. */
  challengeToken: string | null;
}

/** What the page asked to start with (the element's `location`, `category`, `service`, `practitioner`). */
export interface Prefill {
  location?: string | null;
  category?: string | null;
  service?: string | null;
  practitioner?: string | null;
}

/** Which practitioners offer which services: enough for the flow to check a choice. */
export interface FlowCatalogue {
  categories: Category[];
  practitioners: Array<{ id: string; serviceIds: string[] }>;
}

/** Every step and screen, in the order the patient meets them; `done` is the success screen. */
export const STEP_IDS = ['location', 'category', 'service', 'time', 'details', 'confirm', 'done'] as const;
export type StepId = (typeof STEP_IDS)[number];

/**
 * What a changed choice makes stale, by name: the step registry says which of these each
 * step's choice resets, and the flow clears them.
 */
export type Resettable =
  'category' | 'service' | 'practitioner' | 'returningPatient' | 'slot' | 'booking' | 'answers' | 'waiver';
