/**
 * Step 5: everything the patient chose, each part with a way to change it, and "Book".
 * A failed booking keeps everything; "Try again" resends with the same Idempotency-Key,
 * so a retry or a double click never books twice. While a booking is on its way the buttons
 * say they are unavailable but stay focusable, so focus stays where the patient left it.
 */
import { consume } from '@lit/context';
import { LitElement, css, html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { describeIntake } from '../../shared/intake.ts';
import { BookingApiError, type BookingApi } from '../api/booking-api.ts';
import { EVENTS, type BookingFailedDetail } from '../clinic-booking/booking-events.ts';
import {
  apiContext,
  clinicContext,
  flowContext,
  flowStateContext,
  type ClinicData,
} from '../context/booking-context.ts';
import { ANY_PRACTITIONER, type BookingFlow, type FlowState, type StepName } from '../flow/booking-flow.ts';
import { toBookingRequest } from '../flow/booking-request.ts';
import { formatDuration, formatMoney } from '../format/money.ts';
import { baseStyles } from '../styles/base.styles.ts';
import { controlStyles } from '../styles/controls.styles.ts';
import {
  deviceTimeZone,
  formatDate,
  formatInDeviceZone,
  formatTime,
  localDate,
  zoneLabel,
} from '../time/clinic-time.ts';

export class StepConfirm extends LitElement {
  static override styles = [
    baseStyles,
    controlStyles,
    css`
      dl {
        display: grid;
        margin: 0;
      }
      .row {
        padding: 12px 0;
        border-bottom: 1px solid var(--_border);
      }
      dt {
        color: var(--_muted);
        font-size: 0.875em;
      }
      dd {
        display: flex;
        gap: 12px;
        justify-content: space-between;
        align-items: center;
        margin: 0;
      }
      dd > span {
        min-width: 0;
        overflow-wrap: anywhere;
      }
      .signature {
        max-width: 100%;
        height: auto;
        background: #fff;
        /* Dark ink on white as sent, under forced colours too. */
        forced-color-adjust: none;
      }
      .failure,
      .challenge {
        margin-top: var(--_space);
      }
    `,
  ];

  @consume({ context: clinicContext }) @state() private clinic!: ClinicData;
  @consume({ context: apiContext }) @state() private api!: BookingApi;
  @consume({ context: flowContext }) @state() private flow!: BookingFlow;
  @consume({ context: flowStateContext, subscribe: true }) @state() private flowState!: FlowState;

  /** The patient pressed Book before passing the security check. */
  @state() private challengeNeeded = false;

  override render() {
    const s = this.flowState;
    const service = this.flow.service;
    const slot = s.slot;
    if (!service || !slot) return nothing;
    const practitioner = this.clinic.practitioners.find((p) => p.id === slot.practitionerId);
    const patient = s.details.patient;
    const answers = describeIntake(this.clinic.profile.intake, s.details.answers);
    const device = deviceTimeZone();
    const pending = s.submission.status === 'pending';
    return html`
      <dl part="summary">
        ${this.#row('Service', 'service', html`${service.name}<br /><span class="hint">${formatDuration(service.durationMinutes)}${service.price ? ` · ${formatMoney(service.price)}` : ''}</span>`)}
        ${this.#row('Practitioner', 'service', html`${practitioner?.name ?? 'Any available practitioner'}${s.practitionerId === ANY_PRACTITIONER ? html` <span class="hint">(first available)</span>` : nothing}`)}
        ${this.#row(
          'Date and time',
          'time',
          html`${formatDate(localDate(slot.start))}, ${formatTime(slot.start)}
            <span class="hint"
              >${zoneLabel(this.clinic.profile.timezone, new Date(slot.start))}${device && device !== this.clinic.profile.timezone ? ` · ${formatInDeviceZone(slot.start)} your time` : ''}</span
            >`,
        )}
        ${this.#row(
          'Your details',
          'details',
          html`${patient.firstName} ${patient.lastName}<br />${patient.email}<br />${patient.phone}<br />Born
            ${formatDate(patient.dateOfBirth, 'full')}${patient.medicareNumber ? html`<br />Medicare ${patient.medicareNumber}${patient.medicareIrn ? ` / ${patient.medicareIrn}` : ''}` : nothing}${patient.note ? html`<br /><span class="hint">Note: ${patient.note}</span>` : nothing}`,
        )}
        ${
          answers.length
            ? this.#row(
                'Your answers',
                'details',
                html`${answers.map((a) => html`${a.question}: <strong>${a.answer}</strong><br />`)}`,
              )
            : nothing
        }
        ${this.#row(
          this.clinic.profile.waiver.title,
          'details',
          html`Agreed and
          signed${s.details.signature ? html`<br /><img class="signature" src=${s.details.signature.svg} alt="Your signature" width="200" height="64" />` : nothing}`,
        )}
      </dl>
      ${
        this.clinic.profile.turnstile
          ? html`<div class="challenge">
              <slot name="challenge"></slot>
              ${
                s.challengeToken || this.challengeNeeded
                  ? nothing
                  : html`<p class="hint">Complete the security check to book.</p>`
              }
            </div>`
          : nothing
      }
      <div role="alert">
        ${
          this.challengeNeeded && !s.challengeToken
            ? html`<p class="error-text">Complete the security check to book.</p>`
            : nothing
        }
        ${
          s.submission.status === 'failed'
            ? html`<div class="notice failure">
                <p>${s.submission.failure.message}</p>
                <p class="hint">Everything you entered is kept. Trying again will not book twice.</p>
              </div>`
            : nothing
        }
      </div>
      <div class="actions">
        <button
          type="button"
          class="button-secondary"
          aria-disabled=${pending ? 'true' : nothing}
          @click=${() => !pending && this.flow.back()}
        >
          Back
        </button>
        <button
          type="button"
          class="button-primary"
          part="book-button"
          aria-disabled=${pending}
          @click=${this.#book}
        >
          ${pending ? 'Booking…' : s.submission.status === 'failed' ? 'Try again' : 'Book appointment'}
        </button>
      </div>
    `;
  }

  #row(label: string, step: StepName, value: unknown) {
    return html`<div class="row">
      <dt>${label}</dt>
      <dd>
        <span>${value}</span>
        <button
          type="button"
          class="button-link"
          aria-label="Change ${label.toLowerCase()}"
          @click=${() => this.flow.goTo(step)}
        >
          Change
        </button>
      </dd>
    </div>`;
  }

  async #book() {
    if (this.clinic.profile.turnstile && !this.flowState.challengeToken) {
      this.challengeNeeded = true;
      return;
    }
    const key = this.flow.beginBooking();
    if (!key) return;
    try {
      const request = toBookingRequest(
        this.flowState,
        this.clinic.profile,
        this.flowState.challengeToken ?? undefined,
      );
      const booking = await this.api.createBooking(request, key);
      this.flow.bookingSucceeded(booking);
    } catch (error) {
      const e =
        error instanceof BookingApiError
          ? error
          : new BookingApiError(0, 'network_error', 'Something went wrong. Please try again.');
      // Composed, so the page sees it on <clinic-booking> whatever step the failure leads to.
      const detail: BookingFailedDetail = { code: e.code, message: e.message };
      this.dispatchEvent(new CustomEvent(EVENTS.bookingFailed, { detail, bubbles: true, composed: true }));
      this.flow.bookingFailed({
        code: e.code,
        message: e.message,
        fields: e.fields,
        alternatives: e.alternatives,
      });
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cb-step-confirm': StepConfirm;
  }
}
