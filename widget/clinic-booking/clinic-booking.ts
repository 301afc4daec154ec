/**
 * `<clinic-booking>`: the booking widget a clinic pastes into its website.
 *
 * It renders the flow's current step from the step registry (`widget/flow/step-registry.ts`):
 * the element, its properties and what its events do all come from the step's entry. It
 * loads the chosen clinic (one `/bootstrap`) into a `ClinicSession` (client, availability,
 * theme), sends the booking, moves focus and fires the events.
 */
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { TURNSTILE_ACTION } from '../../shared/bot-checks.ts';
import type { ColourScheme } from '../../shared/theme-tokens.ts';
import { BookingApi, BookingApiError, getPractice } from '../api/booking-api.ts';
import { explainLoadFailure, fallbackPhone } from '../api/load-failure.ts';
import { addDaysToIsoDate } from '../../shared/dates.ts';
import {
  ANY_PRACTITIONER,
  BookingFlow,
  type FlowState,
  type Location,
  type StepId,
} from '../flow/booking-flow.ts';
import { toBookingRequest } from '../flow/booking-request.ts';
import type { BookingSource } from '../../shared/booking-source.ts';
import { visitSource } from '../flow/visit-source.ts';
import { stepById, type AnyStep, type StepContext } from '../flow/step-registry.ts';
import { FocusKeeper } from '../internal/focus-keeper.ts';
import { scriptOrigin } from '../internal/script-origin.ts';
import { loadTurnstile } from '../security/turnstile.ts';
import type { LocationOption } from '../steps/step-location.ts';
import { baseStyles } from '../styles/base.styles.ts';
import { controlStyles } from '../styles/controls.styles.ts';
import { tokenStyles } from '../styles/tokens.styles.ts';
import { ClinicThemeSheet } from '../theme/clinic-theme.ts';
import { todayIn } from '../time/clinic-time.ts';
import { LookGuard } from '../theme/look-guard.ts';
import {
  EVENTS,
  type BookingCompleteDetail,
  type BookingFailedDetail,
  type LocationDetail,
  type StepChangeDetail,
} from './booking-events.ts';
import { clinicBookingStyles } from './clinic-booking.styles.ts';
import { dataLayerEntries, pushToDataLayer } from './data-layer.ts';
import { loadClinicSession, type ClinicSession } from './clinic-session.ts';

type Load =
  | { status: 'loading' }
  | { status: 'ready' }
  | { status: 'error'; message: string; phone?: { text: string; href: string } | null };

/** The current step's element, made when the patient reaches the step and kept while on it. */
interface ShownStep {
  id: StepId;
  session: ClinicSession | null;
  element: HTMLElement;
}

/**
 * Lets a patient book an appointment at a clinic, in five steps: kind of care, service and
 * practitioner, date and time, details and waiver, confirm; at a practice (`practice`), after
 * choosing one of its locations. On a page whose URL has the patient's change-or-cancel link
 * (`?cb-manage=<token>`) for this clinic, it shows that booking instead, to move or cancel it.
 *
 * @summary An embeddable booking widget for allied-health clinics.
 * @tagname clinic-booking
 *
 * @attr utm-source - The campaign's source, sent with the booking (e.g. `newsletter`). Any `utm-*` attribute replaces all the URL's `utm_*` parameters.
 * @attr utm-medium - The campaign's medium (e.g. `email`).
 * @attr utm-campaign - The campaign's name.
 * @attr utm-term - The campaign's search term.
 * @attr utm-content - Which of the campaign's links or ads.
 *
 * @fires cb-step-change - The patient reached a step. `detail`: `{ step, stepNumber, stepCount, locationId?, locationName? }` (the location step reports `stepNumber` 0).
 * @fires cb-booking-complete - An appointment was booked. `detail`: `{ bookingId, serviceId, serviceName, practitionerId, practitionerName, start, value?, currency?, locationId?, locationName? }`.
 * @fires cb-booking-failed - A booking attempt failed. `detail`: `{ code, message }`.
 * @fires cb-booking-rescheduled - The patient moved their booking from its change-or-cancel link. `detail`: `{ bookingId, serviceId, serviceName, practitionerId, practitionerName, start, previousStart }`.
 * @fires cb-booking-cancelled - The patient cancelled their booking from its change-or-cancel link. `detail`: `{ bookingId, serviceId, serviceName, practitionerId, practitionerName, start }`.
 *
 * @csspart frame - The widget's outer box.
 * @csspart heading - The current step's heading.
 * @csspart progress - The "Step 2 of 5" line.
 * @csspart option - A choice card (location, category, service, practitioner).
 * @csspart map-link - The link to a location's map, on the location step.
 * @csspart date-grid - The calendar of days.
 * @csspart month-nav - The previous and next month buttons.
 * @csspart day - A day in the calendar.
 * @csspart day-available - A day in the calendar that has free times (also a `day`).
 * @csspart time - A free time button.
 * @csspart waiver-text - The scrolling box with the consent form's text.
 * @csspart next-button - The button that moves on from the details step.
 * @csspart summary - The list of what is about to be booked.
 * @csspart book-button - The final "Book appointment" button.
 * @csspart calendar-link - The "Add to calendar" links after booking, and after a move.
 * @csspart change-link - The "Change or cancel this booking" link after booking.
 *
 * @cssproperty --cb-color-primary - Buttons, links, time buttons, selected items and the focus ring.
 * @cssproperty --cb-color-on-primary - Text on primary-coloured buttons.
 * @cssproperty --cb-color-surface - The widget's background, cards and fields.
 * @cssproperty --cb-color-text - Body text. Without a `theme` attribute, the page's own text colour.
 * @cssproperty --cb-color-muted - Secondary text, and the outlines of form fields.
 * @cssproperty --cb-color-border - Borders of the box and of cards (decorative).
 * @cssproperty --cb-color-error - Error messages and invalid fields.
 * @cssproperty --cb-color-success - Confirmation messages.
 * @cssproperty --cb-dark-color-primary - `--cb-color-primary` in the dark look.
 * @cssproperty --cb-dark-color-on-primary - `--cb-color-on-primary` in the dark look.
 * @cssproperty --cb-dark-color-surface - `--cb-color-surface` in the dark look.
 * @cssproperty --cb-dark-color-text - `--cb-color-text` in the dark look.
 * @cssproperty --cb-dark-color-muted - `--cb-color-muted` in the dark look.
 * @cssproperty --cb-dark-color-border - `--cb-color-border` in the dark look.
 * @cssproperty --cb-dark-color-error - `--cb-color-error` in the dark look.
 * @cssproperty --cb-dark-color-success - `--cb-color-success` in the dark look.
 * @cssproperty --cb-font-family - The widget's font. By default, the page's own font.
 * @cssproperty --cb-font-size - The size of body text; headings and hints scale with it. By default, the browser's own.
 * @cssproperty --cb-radius - Corner radius of the box, cards, buttons and fields.
 * @cssproperty --cb-space - The base spacing unit; gaps and padding are multiples of it.
 */
export class ClinicBooking extends LitElement {
  static override styles = [tokenStyles, baseStyles, controlStyles, clinicBookingStyles];

  /** The clinic's id in the proxy's configuration. */
  @property({ reflect: true }) clinic = '';

  /**
   * A practice's id in the proxy's configuration: the widget starts with "Where would you like
   * to be seen?" among its locations (skipped when it has one). Used instead of `clinic`.
   */
  // Not reflected: its empty default would write practice="" onto every clinic's element.
  @property() practice = '';

  /** At a practice, start at this location (its clinic's id), skipping the location step. */
  @property() location: string | null = null;

  /** The proxy's origin; defaults to the origin the widget script was loaded from. */
  @property() api = '';

  /**
   * The look: `light`, `dark`, or `auto` (follows the device's `prefers-color-scheme`).
   * Without it the widget uses light colours with the page's own text colour and font.
   */
  @property({ reflect: true }) theme: ColourScheme | null = null;

  /** Start in this category (its id), skipping step 1. */
  @property() category: string | null = null;

  /** Start with this service (its id) chosen. */
  @property() service: string | null = null;

  /** Choose this practitioner (an id, or `any`); with `service`, start at the times. */
  @property() practitioner: string | null = null;

  /** Push nothing to the page's `window.dataLayer` (Google Tag Manager), which it does by default. */
  @property({ type: Boolean, attribute: 'no-data-layer' }) noDataLayer = false;

  @state() private load: Load = { status: 'loading' };

  #flow: BookingFlow | null = null;
  /** The chosen clinic, loaded. */
  #session: ClinicSession | null = null;
  #unsubscribe: (() => void) | null = null;
  #abort: AbortController | null = null;
  /** The location whose clinic is loading now. */
  #loading: string | null = null;
  #locationStatus: StepContext['locationStatus'] = null;
  #lastStep: StepId | null = null;
  /** A step was shown: later ones take focus (the first must not steal it from the page). */
  #shownOnce = false;
  #shown: ShownStep | null = null;
  /** The practice's name (`practice=`); empty with `clinic=`, the page's one clinic. */
  #practiceName = '';
  /** Each location's next free time, when looked up (`#findNextFree`); `null`: none soon. */
  readonly #nextFree = new Map<string, string | null>();
  /** The manage view, when the page's change-or-cancel link is this clinic's (`#openManage`). */
  #manage: HTMLElement | null = null;
  /** The Turnstile challenge, rendered once into a light-DOM child slotted into step 5. */
  #challenge: { container: HTMLElement; widgetId?: string } | null = null;
  readonly #clinicTheme = new ClinicThemeSheet(this);
  /** Where the visit came from (`visit-source.ts`), read when the element first connects. */
  #source: BookingSource | undefined;

  constructor() {
    super();
    // Each attaches itself to this element's updates: readable colours in every look, and
    // focus kept inside when a render removes the focused control.
    new LookGuard(this);
    new FocusKeeper(this, () => this.renderRoot.querySelector<HTMLElement>('h2, .status'));
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    if (changed.has('clinic') || changed.has('practice') || changed.has('api')) this.#start();
  }

  override connectedCallback() {
    super.connectedCallback();
    // Once per visit: what brought the patient here, sent with the booking (never stored).
    this.#source ??= visitSource({
      url: location.href,
      referrer: document.referrer,
      attribute: (name) => this.getAttribute(name),
    });
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.#abort?.abort();
  }

  get #apiBase(): string {
    return this.api || scriptOrigin();
  }

  /**
   * Starts over: the manage view when the page's URL has a change-or-cancel link (and
   * `manage` is not turned off), else a new flow for the element's clinic or practice.
   */
  #start(manage = true) {
    this.#abort?.abort();
    const abort = (this.#abort = new AbortController());
    this.#manage = null;
    this.#unsubscribe?.();
    this.#flow = null;
    this.#session = null;
    this.#shown = null;
    this.#lastStep = null;
    this.#shownOnce = false;
    this.#loading = null;
    this.#locationStatus = null;
    this.#nextFree.clear();
    this.#dropChallenge();
    this.#clinicTheme.apply(undefined);
    this.#practiceName = '';
    if (!this.clinic && !this.practice) {
      this.load = { status: 'error', message: 'This booking widget needs a clinic attribute.' };
      return;
    }
    this.load = { status: 'loading' };
    // Read here, not with `change-link.ts`: the success screen's chunk imports that module,
    // and one module shared by the entry and a chunk becomes a chunk of its own.
    const token = (manage && new URLSearchParams(window.location.search).get('cb-manage')) || null;
    if (this.practice) return void this.#loadPractice(this.practice, token, abort.signal);
    const begin = () => this.#begin([{ id: this.clinic, name: '' }]);
    if (!token) return begin();
    void this.#openManage(token, this.clinic, abort.signal).then((shown) => shown || begin());
  }

  /**
   * Loads the practice's locations (one request; the location step's code comes meanwhile),
   * then starts the flow over them. A change-or-cancel link names no location: each clinic
   * is asked in turn, and the one whose booking it is shows it.
   */
  async #loadPractice(practiceId: string, token: string | null, signal: AbortSignal) {
    void stepById('location')
      .load?.()
      .catch(() => undefined);
    try {
      const practice = await getPractice(this.#apiBase, practiceId, signal);
      if (signal.aborted) return;
      for (const { id } of token ? practice.clinics : [])
        if (await this.#openManage(token!, id, signal)) return;
      this.#practiceName = practice.name;
      this.load = { status: 'ready' };
      this.#begin(practice.clinics);
      this.#findNextFree(this.#flow!, signal);
    } catch (error) {
      if (!signal.aborted) void this.#loadFailed(error, practiceId, 'practice', signal);
    }
  }

  /**
   * Opens the link's booking in the manage view (its own chunk). Another clinic's link, or
   * one that expired, is a 404 for this clinic: the widget is then a booking widget as usual,
   * so on a page with several widgets only the link's clinic shows it.
   * @returns false when the link is not this clinic's (then nothing is shown)
   */
  async #openManage(token: string, clinicId: string, signal: AbortSignal): Promise<boolean> {
    try {
      const { openManageView } = await import('../manage/manage-view.ts');
      const view = await openManageView(
        new BookingApi(this.#apiBase, clinicId),
        token,
        () => loadClinicSession(this.#apiBase, { id: clinicId, name: '' }, signal),
        signal,
      );
      if (signal.aborted || !view) return signal.aborted;
      for (const type of [EVENTS.bookingRescheduled, EVENTS.bookingCancelled]) {
        view.addEventListener(type, (event) => this.#pushToDataLayer(type, (event as CustomEvent).detail));
      }
      view.addEventListener('manage-exit', () => {
        this.#start(false);
        // The patient asked for it: the first step's heading takes focus.
        this.#shownOnce = true;
      });
      this.#clinicTheme.apply(view.session.profile.theme);
      this.#manage = view;
      this.load = { status: 'ready' };
    } catch (error) {
      if (!signal.aborted) void this.#loadFailed(error, clinicId, 'clinic', signal);
    }
    return true;
  }

  /**
   * Each location's next free time, only when the page named the service (`service=`): the
   * kind of care is then known before the location, and it costs one availability request per
   * location (its next 14 days, any practitioner unless the page named one). Otherwise the
   * step shows none and nothing is asked.
   */
  #findNextFree(flow: BookingFlow, signal: AbortSignal) {
    const serviceId = this.service;
    if (!serviceId || !flow.isShown('location')) return;
    for (const { id, timezone } of flow.locations) {
      const from = todayIn(timezone!);
      const query = {
        serviceId,
        practitionerId: this.practitioner || ANY_PRACTITIONER,
        from,
        to: addDaysToIsoDate(from, 13),
      };
      new BookingApi(this.#apiBase, id).getAvailability(query, signal).then(
        ({ slots }) => {
          this.#nextFree.set(id, slots[0]?.start ?? null);
          this.requestUpdate();
        },
        // A location that cannot say (its clinic does not offer the service) shows none.
        () => undefined,
      );
    }
  }

  /** Makes the flow over these locations and follows it. */
  #begin(locations: Location[]) {
    const flow = new BookingFlow({
      locations,
      prefill: {
        location: this.location,
        category: this.category,
        service: this.service,
        practitioner: this.practitioner,
      },
    });
    this.#flow = flow;
    this.#unsubscribe = flow.subscribe((state) => void this.#onFlowChange(state));
    void this.#onFlowChange(flow.state);
  }

  /** Loads the chosen location's clinic and hands it to the flow. */
  async #loadClinic(flow: BookingFlow, location: Location) {
    this.#abort?.abort();
    const abort = (this.#abort = new AbortController());
    this.#loading = location.id;
    const onLocationStep = flow.isShown('location');
    if (onLocationStep) this.#locationStatus = { text: `Loading ${location.name}…`, error: false };
    this.requestUpdate();
    try {
      const session = await loadClinicSession(this.#apiBase, location, abort.signal);
      if (abort.signal.aborted) return;
      this.#dropChallenge();
      this.#session = session;
      this.#loading = null;
      this.#locationStatus = null;
      this.#clinicTheme.apply(session.profile.theme);
      this.load = { status: 'ready' };
      flow.clinicLoaded(location.id, session);
    } catch (error) {
      if (abort.signal.aborted) return;
      this.#loading = null;
      const message = await this.#loadFailed(error, location.id, 'clinic', abort.signal, onLocationStep);
      if (message !== null) {
        this.#locationStatus = { text: message, error: true };
        this.requestUpdate();
      }
    }
  }

  /**
   * Says why the practice or a clinic could not load: in the widget's alert, or (`inline`, on
   * the location step, where another location can still be chosen) returned for the step.
   */
  async #loadFailed(
    error: unknown,
    id: string,
    kind: 'clinic' | 'practice',
    signal: AbortSignal,
    inline = false,
  ): Promise<string | null> {
    // Spelled out: the manifest analyzer lists shorthand properties as module variables.
    const failure = await explainLoadFailure(error, {
      api: new BookingApi(this.#apiBase, id),
      apiBase: this.#apiBase,
      clinic: id,
      kind: kind,
      origin: window.location.origin,
      signal: signal,
    });
    if (signal.aborted) return null;
    if (failure.hint) console.error(failure.hint);
    if (inline) return failure.message;
    this.load = { status: 'error', message: failure.message, phone: fallbackPhone(this) };
    return null;
  }

  async #onFlowChange(state: FlowState) {
    const flow = this.#flow;
    if (!flow) return;
    if (state.awaitingClinic && state.locationId && this.#loading !== state.locationId) {
      void this.#loadClinic(flow, flow.location!);
    }
    // The step on screen takes its new properties now, so its own code sees them at once.
    if (this.#shown?.id === state.step) this.#assignInputs(stepById(state.step), this.#shown.element);
    this.requestUpdate();
    const siteKey = this.#session?.profile.turnstile?.siteKey;
    if (siteKey && state.step === 'confirm') void this.#showChallenge(siteKey);
    if (
      state.submission.status === 'failed' &&
      state.submission.failure.code === 'challenge_failed' &&
      this.#challenge?.widgetId
    ) {
      (window as unknown as { turnstile?: { reset(id: string): void } }).turnstile?.reset(
        this.#challenge.widgetId,
      );
    }
    // Nothing is on screen yet while the first clinic loads (no location step to show).
    if (state.awaitingClinic && !flow.isShown('location')) return;
    const previous = this.#lastStep;
    if (state.step === previous) return;
    this.#lastStep = state.step;
    this.#loadCode(stepById(state.step));
    if (state.step === 'done' && state.submission.status === 'booked') this.#bookingComplete(state);
    if (previous === 'confirm' && state.step === 'time') this.#session?.availability.clear();
    await this.updateComplete;
    // Focus follows the patient to the new step's heading, except on first load, where
    // stealing focus from the host page would be rude.
    if (this.#shownOnce) this.renderRoot.querySelector<HTMLElement>('h2')?.focus();
    this.#shownOnce = true;
    const steps = flow.visibleSteps;
    const index = steps.indexOf(state.step);
    const location = this.#locationDetail(state);
    this.#emit<StepChangeDetail>(EVENTS.stepChange, {
      step: state.step,
      // The location step comes before the numbered steps (0); the success screen is not a
      // step of its own: it reports the last one, complete.
      stepNumber: state.step === 'location' ? 0 : index === -1 ? steps.length : index + 1,
      stepCount: steps.length,
      ...location,
    });
  }

  /** The step's code, and the code of the steps it preloads. */
  #loadCode(step: AnyStep) {
    for (const id of [step.id, ...step.preload]) {
      void stepById(id)
        .load?.()
        .catch(() => undefined);
    }
  }

  /**
   * The chosen location, for the events, once its clinic is loaded; only at a practice (with
   * `clinic=`, the location is the page's own clinic, and the events stay as they were).
   */
  #locationDetail(state: FlowState): LocationDetail {
    const session = this.#session;
    if (!this.#practiceName || !session || session.location.id !== state.locationId) return {};
    return { locationId: session.location.id, locationName: session.location.name };
  }

  #context(): StepContext {
    const flow = this.#flow!;
    return {
      flow,
      state: flow.state,
      clinic: this.#session,
      locations: flow.locations.map((l): LocationOption =>
        this.#nextFree.has(l.id) ? { ...l, nextFree: this.#nextFree.get(l.id)! } : l,
      ),
      locationStatus: this.#locationStatus,
      book: () => void this.#book(),
    };
  }

  #assignInputs(step: AnyStep, element: HTMLElement) {
    Object.assign(element, step.inputs(this.#context()));
  }

  /** The current step's element: made on arrival (with its events wired), updated after. */
  #stepElement(step: AnyStep): HTMLElement {
    const shown = this.#shown;
    if (shown && shown.id === step.id && shown.session === this.#session) {
      this.#assignInputs(step, shown.element);
      return shown.element;
    }
    const element = document.createElement(step.tag);
    element.setAttribute('exportparts', step.parts.join(', '));
    for (const [type, handle] of Object.entries(step.events)) {
      const handler = handle as (ctx: StepContext, event: Event) => void;
      element.addEventListener(type, (event) => handler(this.#context(), event));
    }
    for (const name of step.slots ?? []) {
      const slot = document.createElement('slot');
      slot.name = name;
      slot.slot = name;
      element.append(slot);
    }
    this.#assignInputs(step, element);
    this.#shown = { id: step.id, session: this.#session, element };
    return element;
  }

  async #book() {
    const flow = this.#flow;
    const session = this.#session;
    if (!flow || !session) return;
    const key = flow.beginBooking();
    if (!key) return;
    try {
      const { state } = flow;
      const request = toBookingRequest(
        state,
        session.profile,
        state.challengeToken ?? undefined,
        this.#source,
      );
      flow.bookingSucceeded(await session.api.createBooking(request, key));
    } catch (error) {
      const e =
        error instanceof BookingApiError
          ? error
          : new BookingApiError(0, 'network_error', 'Something went wrong. Please try again.');
      this.#emit<BookingFailedDetail>(EVENTS.bookingFailed, { code: e.code, message: e.message });
      flow.bookingFailed({
        code: e.code,
        message: e.message,
        fields: e.fields,
        alternatives: e.alternatives,
      });
    }
  }

  #dropChallenge() {
    this.#challenge?.container.remove();
    this.#challenge = null;
  }

  async #showChallenge(siteKey: string) {
    if (this.#challenge) return;
    const container = document.createElement('div');
    container.slot = 'challenge';
    // In the page's DOM, so the page's CSS reaches it ('div { margin: … }'); inline
    // properties (set through the CSSOM, which a strict CSP allows) win over those.
    Object.assign(container.style, { display: 'block', margin: '0', padding: '0', border: '0' });
    this.append(container);
    const challenge = (this.#challenge = { container } as { container: HTMLElement; widgetId?: string });
    const flow = this.#flow!;
    try {
      const turnstile = await loadTurnstile();
      if (this.#challenge !== challenge) return;
      challenge.widgetId = turnstile.render(container, {
        sitekey: siteKey,
        action: TURNSTILE_ACTION,
        callback: (token) => flow.setChallengeToken(token),
        'expired-callback': () => flow.setChallengeToken(null),
        'error-callback': () => flow.setChallengeToken(null),
        // Turnstile's own light or dark look, to match the widget's (default: light).
        theme: this.theme === 'dark' || this.theme === 'auto' ? this.theme : 'light',
      });
    } catch (error) {
      container.textContent = (error as Error).message;
    }
  }

  #bookingComplete(state: FlowState) {
    if (state.submission.status !== 'booked') return;
    const { booking } = state.submission;
    this.#session?.availability.clear();
    const price = this.#flow?.service?.price;
    this.#emit<BookingCompleteDetail>(EVENTS.bookingComplete, {
      bookingId: booking.id,
      serviceId: booking.serviceId,
      serviceName: booking.serviceName,
      practitionerId: booking.practitionerId,
      practitionerName: booking.practitionerName,
      start: booking.start,
      ...(price ? { value: price.amountCents / 100, currency: price.currency } : {}),
      ...this.#locationDetail(state),
    });
  }

  #emit<T>(type: string, detail: T) {
    this.dispatchEvent(new CustomEvent<T>(type, { detail, bubbles: true, composed: true }));
    this.#pushToDataLayer(type, detail);
  }

  /** The event onto the page's data layer too, unless the element opted out. */
  #pushToDataLayer(type: string, detail: unknown) {
    if (!this.noDataLayer) pushToDataLayer(dataLayerEntries(type, detail, this.#flow?.service));
  }

  override render() {
    // The widget speaks English whatever the page's language, so screen readers use an English voice.
    return html`<section class="frame" part="frame" lang="en-AU" aria-busy=${this.load.status === 'loading'}>
      ${this.load.status === 'ready' && this.#manage ? this.#manage : this.#renderContent()}
    </section>`;
  }

  #renderContent() {
    const { load } = this;
    const flow = this.#flow;
    const waiting = !flow || (flow.state.awaitingClinic && !flow.isShown('location'));
    if (load.status === 'loading' || (load.status === 'ready' && waiting))
      return html`<p class="status" role="status" tabindex="-1">Loading online booking…</p>`;
    if (load.status === 'error') {
      return html`<div class="status" role="alert" tabindex="-1">
        <p class="error">${load.message}</p>
        ${load.phone ? html`<p>To book, call <a href=${load.phone.href}>${load.phone.text}</a>.</p>` : nothing}
        ${this.clinic || this.practice ? html`<button type="button" class="button-secondary" @click=${() => this.#start()}>Try again</button>` : nothing}
      </div>`;
    }
    const state = flow!.state;
    const step = stepById(state.step);
    const steps = flow!.visibleSteps;
    const index = steps.indexOf(state.step);
    const name = state.step === 'location' ? this.#practiceName : (this.#session?.profile.name ?? '');
    return html`<header>
        ${name ? html`<p class="clinic-name">${name}</p>` : nothing}
        <h2 part="heading" tabindex="-1">
          ${index >= 0 ? html`<span class="progress" part="progress">Step ${index + 1} of ${steps.length}</span>` : nothing}
          <span class="step-title">${step.heading}</span>
        </h2>
      </header>
      ${this.#renderStep(step)}`;
  }

  #renderStep(step: AnyStep) {
    const flow = this.#flow!;
    if (!customElements.get(step.tag)) {
      // The step's code is still on its way (it loads on demand); say so, then show it.
      void customElements.whenDefined(step.tag).then(() => this.requestUpdate());
      return html`<p class="status" role="status">Loading…</p>`;
    }
    const back =
      step.back && flow.canGoBack
        ? html`<div class="actions">
            <button type="button" class="button-secondary" @click=${() => flow.back()}>Back</button>
          </div>`
        : nothing;
    return html`${this.#stepElement(step)}${back}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'clinic-booking': ClinicBooking;
  }
}
