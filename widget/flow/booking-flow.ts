/**
 * The booking flow as a plain state machine: which step the patient is on, what they have
 * chosen and typed, and what each action does to that. No DOM and no network, so every
 * rule (skipping step 1, keeping details when going back, a 409 returning to step 3, a
 * retry reusing its Idempotency-Key) is tested in Node. `<clinic-booking>` renders the
 * state and calls the actions.
 */
import type { Booking, Category, Service, Slot } from '../../shared/contract.ts';
import type { IntakeAnswers } from '../../shared/intake.ts';

/** The steps in order; `done` is the success screen after step 5. */
export const STEPS = ['category', 'service', 'time', 'details', 'confirm', 'done'] as const;
export type StepName = (typeof STEPS)[number];

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
  step: StepName;
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

/** What the page asked to start with (the element's `category`, `service`, `practitioner`). */
export interface Prefill {
  category?: string | null;
  service?: string | null;
  practitioner?: string | null;
}

/** Which practitioners offer which services: enough for the flow to check a prefill. */
export interface FlowCatalogue {
  categories: Category[];
  practitioners: Array<{ id: string; serviceIds: string[] }>;
}

export const ANY_PRACTITIONER = 'any';

type Listener = (state: FlowState) => void;

/** The booking flow for one widget. Create a new one per clinic. */
export class BookingFlow {
  #state: FlowState;
  readonly #catalogue: FlowCatalogue;
  readonly #listeners = new Set<Listener>();
  readonly #newKey: () => string;
  /** Steps before this one are not shown (a single category, or the page prefilled it). */
  readonly firstStep: StepName;

  /**
   * @param newKey makes an Idempotency-Key; injectable so tests can predict it
   */
  constructor(
    catalogue: FlowCatalogue,
    prefill: Prefill = {},
    newKey: () => string = () => crypto.randomUUID(),
  ) {
    this.#catalogue = catalogue;
    this.#newKey = newKey;
    this.#state = initialState(catalogue, prefill);
    this.firstStep = this.#state.step;
  }

  get state(): FlowState {
    return this.#state;
  }

  /** Calls `listener` after every change; returns a function that stops it. */
  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The steps the patient walks through, numbered for "Step 2 of 4". */
  get visibleSteps(): StepName[] {
    return STEPS.slice(STEPS.indexOf(this.firstStep), STEPS.indexOf('done'));
  }

  get category(): Category | undefined {
    return this.#catalogue.categories.find((c) => c.id === this.#state.categoryId);
  }

  get service(): Service | undefined {
    return findService(this.#catalogue, this.#state.serviceId)?.service;
  }

  /** The practitioners who offer the chosen service, in the clinic's order. */
  practitionerIdsForService(serviceId: string): string[] {
    return this.#catalogue.practitioners.filter((p) => p.serviceIds.includes(serviceId)).map((p) => p.id);
  }

  chooseCategory(categoryId: string): void {
    if (!this.#catalogue.categories.some((c) => c.id === categoryId)) return;
    const changed = categoryId !== this.#state.categoryId;
    this.#set({
      step: 'service',
      categoryId,
      ...(changed ? { serviceId: null, practitionerId: null, slot: null, idempotencyKey: null } : {}),
      notice: null,
    });
  }

  /** Picks the service; the patient then picks a practitioner on the same step. */
  chooseService(serviceId: string): void {
    const found = findService(this.#catalogue, serviceId);
    if (!found) return;
    if (serviceId === this.#state.serviceId) return;
    const keepPractitioner =
      this.#state.practitionerId !== null &&
      (this.#state.practitionerId === ANY_PRACTITIONER ||
        this.practitionerIdsForService(serviceId).includes(this.#state.practitionerId));
    this.#set({
      categoryId: found.category.id,
      serviceId,
      practitionerId: keepPractitioner ? this.#state.practitionerId : null,
      slot: null,
      idempotencyKey: null,
    });
  }

  /** Picks a practitioner (or `any`) for the chosen service and moves on to times. */
  choosePractitioner(practitionerId: string): void {
    const { serviceId } = this.#state;
    if (!serviceId) return;
    if (
      practitionerId !== ANY_PRACTITIONER &&
      !this.practitionerIdsForService(serviceId).includes(practitionerId)
    )
      return;
    const changed = practitionerId !== this.#state.practitionerId;
    this.#set({
      practitionerId,
      step: 'time',
      ...(changed ? { slot: null, idempotencyKey: null } : {}),
      notice: null,
      alternatives: changed ? [] : this.#state.alternatives,
    });
  }

  /** Records "Have you been here before?"; the times offered can depend on it. */
  setReturningPatient(answer: 'yes' | 'no'): void {
    if (answer === this.#state.returningPatient) return;
    this.#set({
      returningPatient: answer,
      slot: null,
      idempotencyKey: null,
      details: {
        ...this.#state.details,
        answers: { ...this.#state.details.answers, 'returning-patient': answer },
      },
    });
  }

  chooseSlot(slot: Slot): void {
    if (this.#state.step !== 'time') return;
    const same =
      this.#state.slot?.start === slot.start && this.#state.slot.practitionerId === slot.practitionerId;
    this.#set({
      slot,
      step: 'details',
      notice: null,
      alternatives: [],
      ...(same ? {} : { idempotencyKey: null }),
    });
  }

  /** Keeps what step 4 holds without moving on (going back keeps it too). */
  saveDetails(details: DetailsInput): void {
    this.#set({ details, ...(sameDetails(details, this.#state.details) ? {} : { idempotencyKey: null }) });
  }

  /** Step 4 is complete and valid: show the summary. */
  submitDetails(details: DetailsInput): void {
    if (this.#state.step !== 'details' || !this.#state.slot) return;
    this.saveDetails(details);
    this.#set({
      step: 'confirm',
      fieldErrors: {},
      notice: null,
      idempotencyKey: this.#state.idempotencyKey ?? this.#newKey(),
      submission: { status: 'idle' },
    });
  }

  /** Goes to an earlier step, e.g. from the summary's "Change" links; everything entered stays. */
  goTo(step: StepName): void {
    const target = STEPS.indexOf(step);
    if (target < STEPS.indexOf(this.firstStep) || target >= STEPS.indexOf(this.#state.step)) return;
    if (this.#state.submission.status === 'pending' || this.#state.submission.status === 'booked') return;
    this.#set({ step, notice: null, submission: { status: 'idle' } });
  }

  /** One step back; nothing is forgotten. */
  back(): void {
    const index = STEPS.indexOf(this.#state.step);
    if (index > STEPS.indexOf(this.firstStep)) this.goTo(STEPS[index - 1]!);
  }

  get canGoBack(): boolean {
    const { step, submission } = this.#state;
    return (
      step !== 'done' &&
      STEPS.indexOf(step) > STEPS.indexOf(this.firstStep) &&
      submission.status !== 'pending'
    );
  }

  /**
   * Starts booking; returns the Idempotency-Key to send, or `null` when a booking is
   * already in flight (a double click books once).
   */
  beginBooking(): string | null {
    const { step, submission, idempotencyKey } = this.#state;
    if (step !== 'confirm' || submission.status === 'pending' || !idempotencyKey) return null;
    this.#set({ submission: { status: 'pending' } });
    return idempotencyKey;
  }

  /** Turnstile passed (a token) or expired (`null`). */
  setChallengeToken(token: string | null): void {
    this.#set({ challengeToken: token });
  }

  bookingSucceeded(booking: Booking): void {
    this.#set({ step: 'done', submission: { status: 'booked', booking }, notice: null });
  }

  /**
   * A failed booking: a taken slot returns to step 3 with alternatives; invalid details
   * return to step 4 with each message by its field; anything else stays on the summary
   * with a retry that reuses the same Idempotency-Key.
   */
  bookingFailed(failure: BookingFailure): void {
    if (
      failure.code === 'slot_taken' ||
      failure.code === 'slot_unavailable' ||
      failure.code === 'rule_not_met'
    ) {
      this.#set({
        step: 'time',
        slot: null,
        idempotencyKey: null,
        notice: failure.message,
        alternatives: failure.alternatives ?? [],
        submission: { status: 'idle' },
      });
    } else if (
      failure.code === 'validation_failed' &&
      failure.fields &&
      Object.keys(failure.fields).some(isDetailsField)
    ) {
      this.#set({
        step: 'details',
        fieldErrors: failure.fields,
        notice: failure.message,
        submission: { status: 'idle' },
      });
    } else {
      // A refused security check needs a fresh token: the old one is spent.
      this.#set({
        submission: { status: 'failed', failure },
        ...(failure.code === 'challenge_failed' ? { challengeToken: null } : {}),
      });
    }
  }

  /** "Book another": the same patient, a new appointment; the waiver is signed again. */
  bookAnother(): void {
    const { details } = this.#state;
    this.#set({
      step: this.firstStep,
      categoryId: this.firstStep === 'category' ? null : this.#state.categoryId,
      serviceId: this.firstStep === 'service' || this.firstStep === 'category' ? null : this.#state.serviceId,
      practitionerId:
        STEPS.indexOf(this.firstStep) >= STEPS.indexOf('time') ? this.#state.practitionerId : null,
      details: { ...details, waiverAccepted: false, signature: null },
      ...NO_BOOKING_YET,
    });
  }

  #set(patch: Partial<FlowState>): void {
    this.#state = { ...this.#state, ...patch };
    for (const listener of this.#listeners) listener(this.#state);
  }
}

function isDetailsField(path: string): boolean {
  return path.startsWith('patient.') || path.startsWith('waiver') || path.startsWith('answers');
}

function sameDetails(a: DetailsInput, b: DetailsInput): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function findService(
  catalogue: FlowCatalogue,
  serviceId: string | null,
): { category: Category; service: Service } | undefined {
  if (!serviceId) return undefined;
  for (const category of catalogue.categories) {
    const service = category.services.find((s) => s.id === serviceId);
    if (service) return { category, service };
  }
  return undefined;
}

/** What a booking not yet attempted holds: at the start, and again after "book another". */
const NO_BOOKING_YET = {
  slot: null,
  idempotencyKey: null,
  submission: { status: 'idle' },
  notice: null,
  alternatives: [],
  fieldErrors: {},
  challengeToken: null,
} as const satisfies Partial<FlowState>;

function initialState(catalogue: FlowCatalogue, prefill: Prefill): FlowState {
  const state: FlowState = {
    step: 'category',
    categoryId: null,
    serviceId: null,
    practitionerId: null,
    returningPatient: null,
    details: {
      patient: { ...EMPTY_PATIENT },
      answers: {},
      waiverAccepted: false,
      signature: null,
      honeypot: '',
    },
    ...NO_BOOKING_YET,
  };
  const service = findService(catalogue, prefill.service ?? null);
  const category = service?.category ?? catalogue.categories.find((c) => c.id === prefill.category);
  if (service) {
    state.categoryId = service.category.id;
    state.serviceId = service.service.id;
    const offers = catalogue.practitioners.some(
      (p) => p.id === prefill.practitioner && p.serviceIds.includes(service.service.id),
    );
    if (offers || prefill.practitioner === ANY_PRACTITIONER) {
      state.practitionerId = prefill.practitioner!;
      state.step = 'time';
    } else {
      state.step = 'service';
    }
  } else if (category) {
    state.categoryId = category.id;
    state.step = 'service';
  } else if (catalogue.categories.length === 1) {
    state.categoryId = catalogue.categories[0]!.id;
    state.step = 'service';
  }
  if (
    prefill.practitioner &&
    !service &&
    catalogue.practitioners.some((p) => p.id === prefill.practitioner)
  ) {
    // Remembered so step 2 can preselect them once a service they offer is chosen.
    state.practitionerId = prefill.practitioner;
  }
  return state;
}
