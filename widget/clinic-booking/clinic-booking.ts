/**
 * `<clinic-booking>`: the booking widget a clinic pastes into its website.
 */
import { LitElement, html, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { Category, ClinicProfile } from '../../shared/contract.ts';
import { BookingApi, BookingApiError } from '../api/booking-api.ts';
import { scriptOrigin } from '../internal/script-origin.ts';
import { baseStyles } from '../styles/base.styles.ts';
import { tokenStyles } from '../styles/tokens.styles.ts';
import { clinicBookingStyles } from './clinic-booking.styles.ts';

type Load =
  | { status: 'loading' }
  | { status: 'ready'; clinic: ClinicProfile; categories: Category[] }
  | { status: 'error'; message: string };

/**
 * Lets a patient book an appointment at a clinic, in five steps: kind of care, service and
 * practitioner, date and time, details and waiver, confirm.
 *
 * @summary An embeddable booking widget for allied-health clinics.
 *
 * @csspart frame - The widget's outer box.
 * @csspart heading - The current step's heading.
 *
 * @cssproperty --cb-color-primary - Buttons, links, focus ring and selected items.
 * @cssproperty --cb-color-on-primary - Text on primary-coloured buttons.
 * @cssproperty --cb-color-surface - The widget's background.
 * @cssproperty --cb-color-text - Body text; inherits the page's colour by default.
 * @cssproperty --cb-color-muted - Secondary text.
 * @cssproperty --cb-color-border - Borders of fields and cards.
 * @cssproperty --cb-color-error - Error messages and invalid fields.
 * @cssproperty --cb-color-success - Confirmation messages.
 * @cssproperty --cb-font-family - The widget's font; inherits the page's font by default.
 * @cssproperty --cb-radius - Corner radius of the box, buttons and fields.
 * @cssproperty --cb-space - The base spacing unit.
 */
export class ClinicBooking extends LitElement {
  static override styles = [tokenStyles, baseStyles, clinicBookingStyles];

  /** The clinic's id in the proxy's configuration. */
  @property({ reflect: true }) clinic = '';

  /** The proxy's origin; defaults to the origin the widget script was loaded from. */
  @property() api = '';

  @state() private load: Load = { status: 'loading' };
  @state() private categoryId: string | null = null;

  #abort: AbortController | null = null;

  protected override willUpdate(changed: PropertyValues<this>) {
    if (changed.has('clinic') || changed.has('api')) void this.#loadClinic();
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.#abort?.abort();
  }

  async #loadClinic() {
    this.#abort?.abort();
    if (!this.clinic) {
      this.load = { status: 'error', message: 'This booking widget needs a clinic attribute.' };
      return;
    }
    const abort = (this.#abort = new AbortController());
    this.load = { status: 'loading' };
    const api = new BookingApi(this.api || scriptOrigin(), this.clinic);
    try {
      const [clinic, services] = await Promise.all([api.getClinic(abort.signal), api.getServices(abort.signal)]);
      this.load = { status: 'ready', clinic, categories: services.categories };
    } catch (error) {
      if (abort.signal.aborted) return;
      const message = error instanceof BookingApiError ? error.message : 'Online booking is unavailable right now.';
      this.load = { status: 'error', message };
    }
  }

  override render() {
    return html`<section class="frame" part="frame" aria-busy=${this.load.status === 'loading'}>
      ${this.#renderContent()}
    </section>`;
  }

  #renderContent() {
    const { load } = this;
    switch (load.status) {
      case 'loading':
        return html`<p class="status" role="status">Loading online booking…</p>`;
      case 'error':
        return html`<p class="status error" role="alert">${load.message}</p>`;
      case 'ready':
        return html`<header>
            <p class="clinic-name">${load.clinic.name}</p>
            <h2 part="heading" tabindex="-1">What would you like to book?</h2>
          </header>
          <cb-step-category
            .categories=${load.categories}
            @category-chosen=${(e: CustomEvent<{ categoryId: string }>) => (this.categoryId = e.detail.categoryId)}
          ></cb-step-category>`;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'clinic-booking': ClinicBooking;
  }
}
