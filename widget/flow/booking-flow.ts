/**
 * The booking flow as a plain state machine: which step the patient is on, what they have
 * chosen and typed, and what each action does to that. No DOM and no network, so every
 * rule (skipping the location step or step 1, keeping details when going back, a 409
 * returning to step 3, a retry reusing its Idempotency-Key) is tested in Node.
 *
 * The steps are the registry's (`step-registry.ts`), walked by id: their order, when each is
 * reachable and what a changed choice resets all come from there. The clinic is an input:
 * the flow names the location chosen (`state.awaitingClinic`), `<clinic-booking>` loads that
 * clinic and hands its catalogue over with {@link BookingFlow.clinicLoaded}.
 */
import { ANY_PRACTITIONER } from '../../shared/any-practitioner.ts';
import type { Booking, Category, Service, Slot } from '../../shared/contract.ts';
import type {
  BookingFailure,
  DetailsInput,
  FlowCatalogue,
  FlowState,
  Location,
  Prefill,
  Resettable,
  StepId,
} from './flow-types.ts';
import { EMPTY_PATIENT } from './flow-types.ts';
import { STEPS, stepById, stepIndex } from './step-registry.ts';

export * from './flow-types.ts';
export { ANY_PRACTITIONER };
/** @deprecated the step ids; use `StepId` */
export type StepName = StepId;

export interface FlowOptions {
  /** Where the patient can be seen: one clinic, or a practice's clinics. */
  locations: Location[];
  prefill?: Prefill;
  /** Makes an Idempotency-Key; injectable so tests can predict it. */
  newKey?: () => string;
}

type Listener = (state: FlowState) => void;

/** What each resettable choice goes back to. */
const RESET: Record<Resettable, (state: FlowState) => Partial<FlowState>> = {
  category: () => ({ categoryId: null }),
  service: () => ({ serviceId: null }),
  practitioner: () => ({ practitionerId: null }),
  returningPatient: () => ({ returningPatient: null }),
  slot: () => ({ slot: null, alternatives: [] }),
  booking: () => ({ idempotencyKey: null }),
  answers: (state) => ({ details: { ...state.details, answers: {} } }),
  // Consent to one clinic's marketing is not consent to another's.
  waiver: (state) => ({
    details: { ...state.details, waiverAccepted: false, signature: null, marketingConsent: false },
  }),
};

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

/** The booking flow for one widget: across its locations, one patient's booking at a time. */
export class BookingFlow {
  #state: FlowState;
  #catalogue: FlowCatalogue | null = null;
  /** Where the flow starts for the loaded clinic (after any step the page's prefill answered). */
  #clinicStart: StepId = 'category';
  readonly #listeners = new Set<Listener>();
  readonly #newKey: () => string;
  readonly #prefill: Prefill;
  readonly locations: readonly Location[];
  /** The page named the location (`location=`), or there is only one: no location step. */
  readonly #locationGiven: boolean;

  constructor(options: FlowOptions) {
    this.locations = options.locations;
    this.#prefill = options.prefill ?? {};
    this.#newKey = options.newKey ?? (() => crypto.randomUUID());
    const given =
      this.locations.length === 1
        ? this.locations[0]!
        : this.locations.find((l) => l.id === this.#prefill.location);
    this.#locationGiven = given !== undefined;
    this.#state = {
      step: 'location',
      locationId: given?.id ?? null,
      awaitingClinic: given !== undefined,
      categoryId: null,
      serviceId: null,
      practitionerId: null,
      returningPatient: null,
      details: {
        patient: { ...EMPTY_PATIENT },
        answers: {},
        waiverAccepted: false,
        signature: null,
        marketingConsent: false,
        honeypot: '',
      },
      ...NO_BOOKING_YET,
    };
  }

  /**
   * A flow for one clinic whose catalogue is already loaded (as `clinic=` is, and the tests).
   */
  static forClinic(
    clinicId: string,
    catalogue: FlowCatalogue,
    prefill: Prefill = {},
    newKey?: () => string,
  ): BookingFlow {
    const flow = new BookingFlow({
      locations: [{ id: clinicId, name: clinicId }],
      prefill,
      ...(newKey ? { newKey } : {}),
    });
    flow.clinicLoaded(clinicId, catalogue);
    return flow;
  }

  get state(): FlowState {
    return this.#state;
  }

  /** Calls `listener` after every change; returns a function that stops it. */
  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The loaded clinic's catalogue, or `null` before it is. */
  get catalogue(): FlowCatalogue | null {
    return this.#catalogue;
  }

  get location(): Location | undefined {
    return this.locations.find((l) => l.id === this.#state.locationId);
  }

  /** Whether the patient sees this step at all (the location step, only at a practice they choose in). */
  isShown(step: StepId): boolean {
    if (step === 'location') return !this.#locationGiven && this.locations.length > 1;
    return stepIndex(step) >= stepIndex(this.#clinicStart);
  }

  /** The first step shown: the location step, or where the clinic's steps start. */
  get firstStep(): StepId {
    return this.isShown('location') ? 'location' : this.#clinicStart;
  }

  /** The numbered steps the patient walks through at this clinic, for "Step 2 of 4". */
  get visibleSteps(): StepId[] {
    return STEPS.filter((s) => s.numbered && this.isShown(s.id)).map((s) => s.id);
  }

  get category(): Category | undefined {
    return this.#catalogue?.categories.find((c) => c.id === this.#state.categoryId);
  }

  get service(): Service | undefined {
    return findService(this.#catalogue, this.#state.serviceId)?.service;
  }

  /** The practitioners who offer the chosen service, in the clinic's order. */
  practitionerIdsForService(serviceId: string): string[] {
    return (this.#catalogue?.practitioners ?? [])
      .filter((p) => p.serviceIds.includes(serviceId))
      .map((p) => p.id);
  }

  /**
   * The patient chose where to be seen. The same location again continues with everything
   * kept; another one forgets what belonged to the old clinic (its services, times,
   * questions and waiver) but not the patient's details, and waits for its clinic.
   */
  chooseLocation(locationId: string): void {
    if (this.#state.step !== 'location' || !this.locations.some((l) => l.id === locationId)) return;
    if (locationId === this.#state.locationId && this.#catalogue) {
      this.#set({ step: this.#clinicStart, notice: null });
      return;
    }
    this.#catalogue = null;
    this.#set({ ...this.#resets('location'), locationId, awaitingClinic: true, notice: null });
  }

  /**
   * The chosen location's clinic is loaded: its catalogue applies, the page's prefill is
   * checked against it, and the flow moves to the clinic's first step.
   */
  clinicLoaded(locationId: string, catalogue: FlowCatalogue): void {
    if (locationId !== this.#state.locationId || !this.#state.awaitingClinic) return;
    this.#catalogue = catalogue;
    const chosen = prefilledChoices(catalogue, this.#prefill);
    const state = { ...this.#state, ...chosen, awaitingClinic: false };
    // The furthest opening step the prefill makes reachable is where this clinic starts.
    const opening = STEPS.filter((s) => s.opening && s.reachable(state, this));
    this.#clinicStart = opening.at(-1)?.id ?? 'category';
    this.#set({ ...chosen, awaitingClinic: false, step: this.#clinicStart });
  }

  chooseCategory(categoryId: string): void {
    if (!this.#catalogue?.categories.some((c) => c.id === categoryId)) return;
    const changed = categoryId !== this.#state.categoryId;
    this.#set({
      step: 'service',
      ...(changed ? this.#resets('category') : {}),
      categoryId,
      notice: null,
    });
  }

  /** Picks the service; the patient then picks a practitioner on the same step. */
  chooseService(serviceId: string): void {
    const found = findService(this.#catalogue, serviceId);
    if (!found || serviceId === this.#state.serviceId) return;
    const { practitionerId } = this.#state;
    const keepPractitioner =
      practitionerId !== null &&
      (practitionerId === ANY_PRACTITIONER ||
        this.practitionerIdsForService(serviceId).includes(practitionerId));
    this.#set({
      ...this.#resets('service'),
      categoryId: found.category.id,
      serviceId,
      practitionerId: keepPractitioner ? practitionerId : null,
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
      ...(changed ? this.#resets('service') : {}),
      practitionerId,
      step: 'time',
      notice: null,
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
      ...(same ? {} : this.#resets('time')),
      slot,
      step: 'details',
      notice: null,
      alternatives: [],
    });
  }

  /** Keeps what step 4 holds without moving on (going back keeps it too). */
  saveDetails(details: DetailsInput): void {
    this.#set({ details, ...(sameDetails(details, this.#state.details) ? {} : this.#resets('details')) });
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
  goTo(step: StepId): void {
    if (!this.isShown(step) || stepIndex(step) >= stepIndex(this.#state.step)) return;
    if (!stepById(step).reachable(this.#state, this)) return;
    if (this.#state.submission.status === 'pending' || this.#state.submission.status === 'booked') return;
    this.#set({ step, notice: null, submission: { status: 'idle' } });
  }

  /** One step back (to the location step from the clinic's first); nothing is forgotten. */
  back(): void {
    const previous = this.#previousStep();
    if (previous) this.goTo(previous);
  }

  get canGoBack(): boolean {
    const { step, submission } = this.#state;
    return step !== 'done' && this.#previousStep() !== null && submission.status !== 'pending';
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

  /**
   * "Book another": the same patient, a new appointment, from the first step shown (the
   * location step keeps its choice); what the page prefilled stays chosen; the waiver is
   * signed again.
   */
  bookAnother(): void {
    const first = this.firstStep;
    const keeps = (step: StepId) => stepIndex(this.#clinicStart) > stepIndex(step);
    this.#set({
      step: first,
      categoryId: keeps('category') ? this.#state.categoryId : null,
      serviceId: keeps('service') ? this.#state.serviceId : null,
      practitionerId: keeps('service') ? this.#state.practitionerId : null,
      ...RESET.waiver(this.#state),
      ...NO_BOOKING_YET,
    });
  }

  #previousStep(): StepId | null {
    const index = stepIndex(this.#state.step);
    const earlier = STEPS.slice(0, index).filter((s) => this.isShown(s.id));
    return earlier.at(-1)?.id ?? null;
  }

  /** The patch that clears what a changed choice on `step` makes stale (per the registry). */
  #resets(step: StepId): Partial<FlowState> {
    let state = this.#state;
    let patch: Partial<FlowState> = {};
    for (const name of stepById(step).resets) {
      const part = RESET[name](state);
      patch = { ...patch, ...part };
      state = { ...state, ...part };
    }
    return patch;
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
  catalogue: FlowCatalogue | null,
  serviceId: string | null,
): { category: Category; service: Service } | undefined {
  if (!catalogue || !serviceId) return undefined;
  for (const category of catalogue.categories) {
    const service = category.services.find((s) => s.id === serviceId);
    if (service) return { category, service };
  }
  return undefined;
}

/** The choices the page's prefill makes at this clinic: only those its catalogue has. */
function prefilledChoices(
  catalogue: FlowCatalogue,
  prefill: Prefill,
): Pick<FlowState, 'categoryId' | 'serviceId' | 'practitionerId'> {
  const chosen: Pick<FlowState, 'categoryId' | 'serviceId' | 'practitionerId'> = {
    categoryId: null,
    serviceId: null,
    practitionerId: null,
  };
  const service = findService(catalogue, prefill.service ?? null);
  const category = service?.category ?? catalogue.categories.find((c) => c.id === prefill.category);
  if (service) {
    chosen.categoryId = service.category.id;
    chosen.serviceId = service.service.id;
    const offers = catalogue.practitioners.some(
      (p) => p.id === prefill.practitioner && p.serviceIds.includes(service.service.id),
    );
    if (offers || prefill.practitioner === ANY_PRACTITIONER) chosen.practitionerId = prefill.practitioner!;
  } else if (category) {
    chosen.categoryId = category.id;
  } else if (catalogue.categories.length === 1) {
    chosen.categoryId = catalogue.categories[0]!.id;
  }
  if (
    prefill.practitioner &&
    !service &&
    catalogue.practitioners.some((p) => p.id === prefill.practitioner)
  ) {
    // Remembered so step 2 can preselect them once a service they offer is chosen.
    chosen.practitionerId = prefill.practitioner;
  }
  return chosen;
}
