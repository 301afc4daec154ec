/**
 * `<clinic-booking>`: the booking widget a clinic pastes into its website.
 */
import { ContextProvider } from '@lit/context';
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { addDaysToIsoDate } from '../../shared/dates.ts';
import { AvailabilityStore } from '../api/availability-store.ts';
import { BookingApi } from '../api/booking-api.ts';
import { explainLoadFailure, fallbackPhone } from '../api/load-failure.ts';
import {
  apiContext,
  availabilityContext,
  clinicContext,
  flowContext,
  flowStateContext,
  type ClinicData,
} from '../context/booking-context.ts';
import type { ColourScheme } from '../../shared/theme-tokens.ts';
import { BookingFlow, type FlowState, type StepName } from '../flow/booking-flow.ts';
import { scriptOrigin } from '../internal/script-origin.ts';
import { TURNSTILE_ACTION } from '../../shared/bot-checks.ts';
import { loadTurnstile } from '../security/turnstile.ts';
import type { CategoryChosenEvent } from '../steps/step-category.ts';
import { baseStyles } from '../styles/base.styles.ts';
import { controlStyles } from '../styles/controls.styles.ts';
import { tokenStyles } from '../styles/tokens.styles.ts';
import { ClinicThemeSheet } from '../theme/clinic-theme.ts';
import { LookGuard } from '../theme/look-guard.ts';
import { todayIn } from '../time/clinic-time.ts';
import { EVENTS, type BookingCompleteDetail, type StepChangeDetail } from './booking-events.ts';
import { clinicBookingStyles } from './clinic-booking.styles.ts';
import { FocusKeeper } from '../internal/focus-keeper.ts';

type Load =
  | { status: 'loading' }
  | { status: 'ready' }
  | { status: 'error'; message: string; phone?: { text: string; href: string } | null };

const HEADINGS: Record<StepName, string> = {
  category: 'What would you like to book?',
  service: 'Choose a service',
  time: 'Choose a time',
  details: 'Your details',
  confirm: 'Check and book',
  done: 'You’re booked',
};

// Later steps load on demand; the promises are shared by every widget on the page.
let browseSteps: Promise<unknown> | undefined;
let bookSteps: Promise<unknown> | undefined;
const loadBrowseSteps = () => (browseSteps ??= import('../steps/browse-steps.ts'));
const loadBookSteps = () => (bookSteps ??= import('../steps/book-steps.ts'));

/**
 * Lets a patient book an appointment at a clinic, in five steps: kind of care, service and
 * practitioner, date and time, details and waiver, confirm.
 *
 * @summary An embeddable booking widget for allied-health clinics.
 * @tagname clinic-booking
 *
 * @fires cb-step-change - The patient reached a step. `detail`: `{ step, stepNumber, stepCount }`.
 * @fires cb-booking-complete - An appointment was booked. `detail`: `{ bookingId, serviceId, serviceName, practitionerId, practitionerName, start, value?, currency? }`.
 * @fires cb-booking-failed - A booking attempt failed. `detail`: `{ code, message }`.
 *
 * @csspart frame - The widget's outer box.
 * @csspart heading - The current step's heading.
 * @csspart progress - The "Step 2 of 5" line.
 * @csspart option - A choice card (category, service, practitioner).
 * @csspart date-grid - The calendar of days.
 * @csspart month-nav - The previous and next month buttons.
 * @csspart day - A day in the calendar.
 * @csspart day-available - A day in the calendar that has free times (also a `day`).
 * @csspart time - A free time button.
 * @csspart waiver-text - The scrolling box with the consent form's text.
 * @csspart next-button - The button that moves on from the details step.
 * @csspart summary - The list of what is about to be booked.
 * @csspart book-button - The final "Book appointment" button.
 * @csspart calendar-link - The "Add to calendar" links after booking.
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

  @state() private load: Load = { status: 'loading' };

  #flow: BookingFlow | null = null;
  #unsubscribe: (() => void) | null = null;
  #abort: AbortController | null = null;
  #lastStep: StepName | null = null;
  /** The Turnstile challenge, rendered once into a light-DOM child slotted into step 5. */
  #challenge: { container: HTMLElement; widgetId?: string } | null = null;
  readonly #clinicTheme = new ClinicThemeSheet(this);
  readonly #clinicProvider = new ContextProvider(this, { context: clinicContext });
  readonly #apiProvider = new ContextProvider(this, { context: apiContext });
  readonly #availabilityProvider = new ContextProvider(this, { context: availabilityContext });
  readonly #flowProvider = new ContextProvider(this, { context: flowContext });
  readonly #stateProvider = new ContextProvider(this, { context: flowStateContext });

  constructor() {
    super();
    // Each attaches itself to this element's updates: readable colours in every look, and
    // focus kept inside when a render removes the focused control.
    new LookGuard(this);
    new FocusKeeper(this, () => this.renderRoot.querySelector<HTMLElement>('h2, .status'));
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    if (changed.has('clinic') || changed.has('api')) void this.#loadClinic();
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.#abort?.abort();
  }

  async #loadClinic() {
    this.#abort?.abort();
    this.#unsubscribe?.();
    this.#flow = null;
    this.#lastStep = null;
    this.#challenge?.container.remove();
    this.#challenge = null;
    this.#clinicTheme.apply(undefined);
    if (!this.clinic) {
      this.load = { status: 'error', message: 'This booking widget needs a clinic attribute.' };
      return;
    }
    const abort = (this.#abort = new AbortController());
    this.load = { status: 'loading' };
    const apiBase = this.api || scriptOrigin();
    const api = new BookingApi(apiBase, this.clinic);
    try {
      const bootstrap = await api.getBootstrap(abort.signal);
      const clinic: ClinicData = {
        profile: bootstrap.clinic,
        categories: bootstrap.categories,
        practitioners: bootstrap.practitioners,
      };
      const { timezone, policy } = clinic.profile;
      this.#clinicTheme.apply(clinic.profile.theme);
      const flow = new BookingFlow(clinic, {
        category: this.category,
        service: this.service,
        practitioner: this.practitioner,
      });
      this.#clinicProvider.setValue(clinic);
      this.#apiProvider.setValue(api);
      this.#availabilityProvider.setValue(
        new AvailabilityStore(api, () => {
          const first = todayIn(timezone);
          return { first, last: addDaysToIsoDate(first, policy.maxDaysAhead) };
        }),
      );
      this.#flowProvider.setValue(flow);
      this.#stateProvider.setValue(flow.state);
      this.#flow = flow;
      this.#unsubscribe = flow.subscribe((state) => void this.#onFlowChange(state));
      this.load = { status: 'ready' };
      void loadBrowseSteps();
      void this.#onFlowChange(flow.state, true);
    } catch (error) {
      if (abort.signal.aborted) return;
      // Spelled out: the manifest analyzer lists shorthand properties as module variables.
      const failure = await explainLoadFailure(error, {
        api: api,
        apiBase: apiBase,
        clinic: this.clinic,
        origin: location.origin,
        signal: abort.signal,
      });
      if (abort.signal.aborted) return;
      if (failure.hint) console.error(failure.hint);
      this.load = { status: 'error', message: failure.message, phone: fallbackPhone(this) };
    }
  }

  async #onFlowChange(state: FlowState, initial = false) {
    this.#stateProvider.setValue(state);
    this.requestUpdate();
    const siteKey = this.#clinicProvider.value?.profile.turnstile?.siteKey;
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
    const previous = this.#lastStep;
    if (state.step === previous) return;
    this.#lastStep = state.step;
    if (state.step !== 'category' && state.step !== 'service') void loadBookSteps();
    if (state.step === 'done' && state.submission.status === 'booked') this.#bookingComplete(state);
    if (previous === 'confirm' && state.step === 'time') this.#availabilityProvider.value?.clear();
    await this.updateComplete;
    // Focus follows the patient to the new step's heading, except on first load, where
    // stealing focus from the host page would be rude.
    if (!initial) this.renderRoot.querySelector<HTMLElement>('h2')?.focus();
    const steps = this.#flow?.visibleSteps ?? [];
    const index = steps.indexOf(state.step);
    this.#emit<StepChangeDetail>(EVENTS.stepChange, {
      step: state.step,
      // The success screen is not a step of its own: it reports the last one, complete.
      stepNumber: index === -1 ? steps.length : index + 1,
      stepCount: steps.length,
    });
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
    this.#availabilityProvider.value?.clear();
    const price = this.#flow?.service?.price;
    this.#emit<BookingCompleteDetail>(EVENTS.bookingComplete, {
      bookingId: booking.id,
      serviceId: booking.serviceId,
      serviceName: booking.serviceName,
      practitionerId: booking.practitionerId,
      practitionerName: booking.practitionerName,
      start: booking.start,
      ...(price ? { value: price.amountCents / 100, currency: price.currency } : {}),
    });
  }

  #emit<T>(type: string, detail: T) {
    this.dispatchEvent(new CustomEvent<T>(type, { detail, bubbles: true, composed: true }));
  }

  override render() {
    // The widget speaks English whatever the page's language, so screen readers use an English voice.
    return html`<section class="frame" part="frame" lang="en-AU" aria-busy=${this.load.status === 'loading'}>
      ${this.#renderContent()}
    </section>`;
  }

  #renderContent() {
    const { load } = this;
    if (load.status === 'loading')
      return html`<p class="status" role="status" tabindex="-1">Loading online booking…</p>`;
    if (load.status === 'error') {
      return html`<div class="status" role="alert" tabindex="-1">
        <p class="error">${load.message}</p>
        ${load.phone ? html`<p>To book, call <a href=${load.phone.href}>${load.phone.text}</a>.</p>` : nothing}
        ${this.clinic ? html`<button type="button" class="button-secondary" @click=${() => this.#loadClinic()}>Try again</button>` : nothing}
      </div>`;
    }
    const flow = this.#flow!;
    const state = flow.state;
    const clinic = this.#clinicProvider.value;
    const steps = flow.visibleSteps;
    const index = steps.indexOf(state.step);
    return html`<header>
        <p class="clinic-name">${clinic.profile.name}</p>
        <h2 part="heading" tabindex="-1">
          ${index >= 0 ? html`<span class="progress" part="progress">Step ${index + 1} of ${steps.length}</span>` : nothing}
          <span class="step-title">${HEADINGS[state.step]}</span>
        </h2>
      </header>
      ${this.#renderStep(state, clinic)}`;
  }

  #renderStep(state: FlowState, clinic: ClinicData) {
    const flow = this.#flow!;
    const tag = `cb-step-${state.step}`;
    if (state.step !== 'category' && !customElements.get(tag)) {
      // The step's code is still on its way (it loads on demand); say so, then show it.
      void customElements.whenDefined(tag).then(() => this.requestUpdate());
      return html`<p class="status" role="status">Loading…</p>`;
    }
    const back = flow.canGoBack
      ? html`<div class="actions">
          <button type="button" class="button-secondary" @click=${() => flow.back()}>Back</button>
        </div>`
      : nothing;
    switch (state.step) {
      case 'category':
        return html`<cb-step-category
          exportparts="option"
          .categories=${clinic.categories}
          .selected=${state.categoryId}
          @category-chosen=${(e: CategoryChosenEvent) => flow.chooseCategory(e.detail.categoryId)}
        ></cb-step-category>`;
      case 'service':
        return html`<cb-step-service exportparts="option"></cb-step-service>${back}`;
      case 'time':
        return html`<cb-step-time exportparts="time, date-grid, day, day-available, month-nav"></cb-step-time
          >${back}`;
      case 'details':
        return html`<cb-step-details exportparts="waiver-text, next-button"></cb-step-details>`;
      case 'confirm':
        return html`<cb-step-confirm exportparts="summary, book-button"
          ><slot name="challenge" slot="challenge"></slot
        ></cb-step-confirm>`;
      case 'done':
        return html`<cb-step-done exportparts="calendar-link"></cb-step-done>`;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'clinic-booking': ClinicBooking;
  }
}
