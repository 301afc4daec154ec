/**
 * Every step of the booking, described once: its id, heading, element, the chunk its code
 * comes in, the parts it exports, when the patient may reach it, what a changed choice on it
 * resets, the properties its element takes and what its events do. The flow
 * (`booking-flow.ts`) walks this list by id; `<clinic-booking>` renders the current entry.
 *
 * Adding a step is an entry here and its element in `widget/steps/` (see CONTRIBUTING.md).
 * Only types are imported from the elements, so the flow's Node tests load none of them.
 */
import { ANY_PRACTITIONER } from '../../shared/any-practitioner.ts';
import type { ClinicSession } from '../clinic-booking/clinic-session.ts';
import type { LocationOption } from '../steps/step-location.ts';
import type { BookingFlow } from './booking-flow.ts';
import type { FlowState, Resettable, StepId } from './flow-types.ts';

/** What a step's properties and event handlers are made from. */
export interface StepContext {
  flow: BookingFlow;
  state: FlowState;
  /** The chosen clinic once loaded: every step after `location` has it. */
  clinic: ClinicSession | null;
  /** The practice's locations (the location step's list), with what is known of each. */
  locations: LocationOption[];
  /** What the location step says while the chosen clinic loads, or why it could not. */
  locationStatus: { text: string; error: boolean } | null;
  /** Sends the booking (the root owns the request and the events it fires). */
  book(): void;
}

/** Element tags of the steps: each element declares itself in `HTMLElementTagNameMap`. */
type StepTag =
  | 'cb-step-location'
  | 'cb-step-category'
  | 'cb-step-service'
  | 'cb-step-time'
  | 'cb-step-details'
  | 'cb-step-confirm'
  | 'cb-step-done';

type Handlers = {
  [K in keyof HTMLElementEventMap]?: (ctx: StepContext, event: HTMLElementEventMap[K]) => void;
};

export interface StepDefinition<Tag extends StepTag = StepTag> {
  id: StepId;
  /** The heading's text; the numbered steps get "Step N of M" before it. */
  heading: string;
  /** Counted in "Step N of M" (the location step and the success screen are not). */
  numbered: boolean;
  /** The page's prefill may start the flow on this step, when it makes it reachable. */
  opening?: boolean;
  /** Whether the patient may be on this step, given what is chosen so far. */
  reachable(state: FlowState, flow: BookingFlow): boolean;
  /** What a changed choice on this step makes stale. */
  resets: readonly Resettable[];
  tag: Tag;
  /**
   * Loads the element's code: the chunk it comes in (`browse-steps.ts`, `book-steps.ts` group
   * the steps that load together); absent for the steps bundled with the entry (`widget/define.ts`).
   */
  load?: () => Promise<unknown>;
  /** Steps whose code starts loading as soon as this one shows. */
  preload: readonly StepId[];
  /** The parts the element exposes, re-exported through the root. */
  parts: readonly string[];
  /** The root puts a Back button under the step (the others have their own among their actions). */
  back?: boolean;
  /** Named slots the root passes into the element (e.g. the Turnstile challenge). */
  slots?: readonly string[];
  /** The element's properties. */
  inputs(ctx: StepContext): Partial<HTMLElementTagNameMap[Tag]>;
  /** What the element's events do. */
  events: Handlers;
}

/** The chosen clinic, for steps that only exist once it is loaded. */
function clinicOf(ctx: StepContext): ClinicSession {
  if (!ctx.clinic) throw new Error('This step needs its clinic loaded.');
  return ctx.clinic;
}

const define = <Tag extends StepTag>(step: StepDefinition<Tag>) => step;

export const STEPS = [
  define({
    id: 'location',
    heading: 'Where would you like to be seen?',
    numbered: false,
    reachable: (_state, flow) => flow.locations.length > 1,
    resets: [
      'category',
      'service',
      'practitioner',
      'returningPatient',
      'slot',
      'booking',
      'answers',
      'waiver',
    ],
    tag: 'cb-step-location',
    // With steps 2 and 3, not in the entry: only a practice's page shows it, and the root
    // starts loading it with the practice's request, so a clinic's first step never waits for it.
    load: () => import('../steps/browse-steps.ts'),
    preload: ['service', 'time'],
    parts: ['option', 'map-link'],
    inputs: (ctx) => ({
      locations: ctx.locations,
      selected: ctx.state.locationId,
      status: ctx.locationStatus,
    }),
    events: { 'location-chosen': (ctx, e) => ctx.flow.chooseLocation(e.detail.locationId) },
  }),
  define({
    id: 'category',
    heading: 'What would you like to book?',
    numbered: true,
    opening: true,
    reachable: (state, flow) => !state.awaitingClinic && flow.catalogue !== null,
    resets: ['service', 'practitioner', 'slot', 'booking'],
    tag: 'cb-step-category',
    preload: ['service', 'time'],
    parts: ['option'],
    // Back to the location step at a practice; with one location there is nothing before it.
    back: true,
    inputs: (ctx) => ({ categories: clinicOf(ctx).categories, selected: ctx.state.categoryId }),
    events: { 'category-chosen': (ctx, e) => ctx.flow.chooseCategory(e.detail.categoryId) },
  }),
  define({
    id: 'service',
    heading: 'Choose a service',
    numbered: true,
    opening: true,
    reachable: (state, flow) => state.categoryId !== null && flow.catalogue !== null,
    // A practitioner who offers the new service is kept too (see `BookingFlow.chooseService`).
    resets: ['slot', 'booking'],
    tag: 'cb-step-service',
    load: () => import('../steps/browse-steps.ts'),
    preload: ['time'],
    parts: ['option'],
    back: true,
    inputs: (ctx) => {
      const { state, flow } = ctx;
      const offering = new Set(state.serviceId ? flow.practitionerIdsForService(state.serviceId) : []);
      return {
        services: flow.category?.services ?? [],
        practitioners: clinicOf(ctx).practitioners.filter((p) => offering.has(p.id)),
        serviceId: state.serviceId,
        practitionerId: state.practitionerId,
      };
    },
    events: {
      'service-chosen': (ctx, e) => {
        ctx.flow.chooseService(e.detail.serviceId);
        const clinic = clinicOf(ctx);
        const { returningPatient } = ctx.flow.state;
        if (clinic.asksReturningPatient && !returningPatient) return;
        // The first month of times starts loading while the patient picks a practitioner.
        clinic.availability.prefetch({
          serviceId: e.detail.serviceId,
          practitionerId: ANY_PRACTITIONER,
          returningPatient,
          month: clinic.availability.bookable().first.slice(0, 7),
        });
      },
      'practitioner-chosen': (ctx, e) => ctx.flow.choosePractitioner(e.detail.practitionerId),
    },
  }),
  define({
    id: 'time',
    heading: 'Choose a time',
    numbered: true,
    opening: true,
    reachable: (state) => state.serviceId !== null && state.practitionerId !== null,
    resets: ['booking'],
    tag: 'cb-step-time',
    load: () => import('../steps/browse-steps.ts'),
    preload: ['details', 'confirm', 'done'],
    parts: ['time', 'date-grid', 'day', 'day-available', 'month-nav'],
    back: true,
    inputs: (ctx) => {
      const clinic = clinicOf(ctx);
      const { state } = ctx;
      return {
        serviceId: state.serviceId,
        practitionerId: state.practitionerId,
        practitioners: clinic.practitioners,
        availability: clinic.availability,
        timezone: clinic.profile.timezone,
        selected: state.slot,
        notice: state.notice,
        alternatives: state.alternatives,
        returningQuestion: clinic.asksReturningPatient
          ? `Have you been to ${clinic.profile.name} before?`
          : null,
        returningPatient: state.returningPatient,
        phone: clinic.profile.contact?.phone ?? null,
      };
    },
    events: {
      'slot-chosen': (ctx, e) => ctx.flow.chooseSlot(e.detail.slot),
      'returning-patient-chosen': (ctx, e) => ctx.flow.setReturningPatient(e.detail.answer),
    },
  }),
  define({
    id: 'details',
    heading: 'Your details',
    numbered: true,
    reachable: (state) => state.slot !== null,
    resets: ['booking'],
    tag: 'cb-step-details',
    load: () => import('../steps/book-steps.ts'),
    preload: ['confirm'],
    parts: ['waiver-text', 'next-button'],
    inputs: (ctx) => ({
      profile: clinicOf(ctx).profile,
      details: ctx.state.details,
      fieldErrors: ctx.state.fieldErrors,
      notice: ctx.state.notice,
      serviceId: ctx.state.serviceId,
      categoryId: ctx.state.categoryId,
    }),
    events: {
      'details-change': (ctx, e) => ctx.flow.saveDetails(e.detail.details),
      'details-submit': (ctx, e) => ctx.flow.submitDetails(e.detail.details),
      'step-back': (ctx) => ctx.flow.back(),
    },
  }),
  define({
    id: 'confirm',
    heading: 'Check and book',
    numbered: true,
    reachable: (state) => state.slot !== null && state.idempotencyKey !== null,
    resets: [],
    tag: 'cb-step-confirm',
    load: () => import('../steps/book-steps.ts'),
    preload: ['done'],
    parts: ['summary', 'book-button'],
    slots: ['challenge'],
    inputs: (ctx) => {
      const clinic = clinicOf(ctx);
      const { state, flow } = ctx;
      return {
        service: flow.service ?? null,
        practitioners: clinic.practitioners,
        practitionerId: state.practitionerId,
        time: state.slot,
        details: state.details,
        profile: clinic.profile,
        location: flow.locations.length > 1 ? clinic.location : null,
        canChangeLocation: flow.isShown('location'),
        submission: state.submission,
        challengeToken: state.challengeToken,
      };
    },
    events: {
      'change-step': (ctx, e) => ctx.flow.goTo(e.detail.step),
      'book-requested': (ctx) => ctx.book(),
      'step-back': (ctx) => ctx.flow.back(),
    },
  }),
  define({
    id: 'done',
    heading: 'You’re booked',
    numbered: false,
    reachable: (state) => state.submission.status === 'booked',
    resets: [],
    tag: 'cb-step-done',
    load: () => import('../steps/book-steps.ts'),
    preload: [],
    parts: ['calendar-link', 'change-link'],
    inputs: (ctx) => {
      const clinic = clinicOf(ctx);
      return {
        booking: ctx.state.submission.status === 'booked' ? ctx.state.submission.booking : null,
        clinicName: clinic.profile.name,
        location: clinic.location,
        phone: clinic.profile.contact?.phone ?? null,
      };
    },
    events: { 'book-another': (ctx) => ctx.flow.bookAnother() },
  }),
] as const satisfies readonly StepDefinition[];

/** Any entry of {@link STEPS}. */
export type AnyStep = StepDefinition;

const BY_ID = new Map<StepId, AnyStep>(STEPS.map((step): [StepId, AnyStep] => [step.id, step]));

export function stepById(id: StepId): AnyStep {
  return BY_ID.get(id)!;
}

/** Position in the registry, for "earlier" and "later". */
export function stepIndex(id: StepId): number {
  return STEPS.findIndex((step) => step.id === id);
}

/** Every part any step exports, for the root's `exportparts`. */
export const STEP_PARTS: readonly string[] = [...new Set(STEPS.flatMap((step) => step.parts))];
