/**
 * Step 5: everything the patient chose, each part with a way to change it, and "Book".
 * A failed booking keeps everything; "Try again" resends with the same Idempotency-Key,
 * so a retry or a double click never books twice. While a booking is on its way the buttons
 * say they are unavailable but stay focusable, so focus stays where the patient left it.
 *
 * Takes the choices, the clinic's profile and the booking's progress as properties; reports
 * "Change" (`change-step`), "Book" (`book-requested`, once the security check is passed) and
 * Back (`step-back`). The root sends the booking.
 */
import { LitElement, css, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ANY_PRACTITIONER } from '../../shared/any-practitioner.ts';
import type { ClinicProfile, Service, Slot } from '../../shared/contract.ts';
import { describeIntake } from '../../shared/intake.ts';
import type { DetailsInput, Location, StepId, Submission } from '../flow/flow-types.ts';
import { formatDuration, formatMoney } from '../format/money.ts';
import { safeDefine } from '../internal/safe-define.ts';
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

/** `change-step`: the patient pressed a "Change" link; `detail.step` is the step to go back to. */
export type ChangeStepEvent = CustomEvent<{ step: StepId }>;

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

  @property({ attribute: false }) service: Service | null = null;
  /** The clinic's practitioners, to name the one free at the chosen time. */
  @property({ attribute: false }) practitioners: ReadonlyArray<{ id: string; name: string }> = [];
  /** The practitioner as chosen: an id, or `any`. */
  @property({ attribute: false }) practitionerId: string | null = null;
  /** The chosen time (with "any", the practitioner free at it). */
  @property({ attribute: false }) time: Slot | null = null;
  @property({ attribute: false }) details!: DetailsInput;
  /** The clinic's profile: its zone, questions, waiver title and security check. */
  @property({ attribute: false }) profile!: ClinicProfile;
  /** Where the appointment is, when the patient chose among several locations. */
  @property({ attribute: false }) location: Location | null = null;
  /** The location step was shown, so "Change" may go back to it. */
  @property({ attribute: false }) canChangeLocation = false;
  @property({ attribute: false }) submission: Submission = { status: 'idle' };
  /** The Turnstile token, once the patient passed the check. */
  @property({ attribute: false }) challengeToken: string | null = null;

  /** The patient pressed Book before passing the security check. */
  @state() private challengeNeeded = false;

  override render() {
    const { service, time: slot, profile, details, submission, location } = this;
    if (!service || !slot) return nothing;
    const practitioner = this.practitioners.find((p) => p.id === slot.practitionerId);
    const patient = details.patient;
    const answers = describeIntake(profile.intake, details.answers);
    const device = deviceTimeZone();
    const pending = submission.status === 'pending';
    return html`
      <dl part="summary">
        ${location ? this.#row('Location', this.canChangeLocation ? 'location' : null, html`${location.name}${location.address ? html`<br /><span class="hint">${location.address}</span>` : nothing}`) : nothing}
        ${this.#row('Service', 'service', html`${service.name}<br /><span class="hint">${formatDuration(service.durationMinutes)}${service.price ? ` · ${formatMoney(service.price)}` : ''}</span>`)}
        ${this.#row('Practitioner', 'service', html`${practitioner?.name ?? 'Any available practitioner'}${this.practitionerId === ANY_PRACTITIONER ? html` <span class="hint">(first available)</span>` : nothing}`)}
        ${this.#row(
          'Date and time',
          'time',
          html`${formatDate(localDate(slot.start))}, ${formatTime(slot.start)}
            <span class="hint"
              >${zoneLabel(profile.timezone, new Date(slot.start))}${device && device !== profile.timezone ? ` · ${formatInDeviceZone(slot.start)} your time` : ''}</span
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
          profile.waiver.title,
          'details',
          html`Agreed and
          signed${details.signature ? html`<br /><img class="signature" src=${details.signature.svg} alt="Your signature" width="200" height="64" />` : nothing}`,
        )}
      </dl>
      ${
        profile.turnstile
          ? html`<div class="challenge">
              <slot name="challenge"></slot>
              ${
                this.challengeToken || this.challengeNeeded
                  ? nothing
                  : html`<p class="hint">Complete the security check to book.</p>`
              }
            </div>`
          : nothing
      }
      <div role="alert">
        ${
          this.challengeNeeded && !this.challengeToken
            ? html`<p class="error-text">Complete the security check to book.</p>`
            : nothing
        }
        ${
          submission.status === 'failed'
            ? html`<div class="notice failure">
                <p>${submission.failure.message}</p>
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
          @click=${() => !pending && this.#emit('step-back')}
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
          ${pending ? 'Booking…' : submission.status === 'failed' ? 'Try again' : 'Book appointment'}
        </button>
      </div>
    `;
  }

  #row(label: string, step: StepId | null, value: unknown) {
    return html`<div class="row">
      <dt>${label}</dt>
      <dd>
        <span>${value}</span>
        ${
          step
            ? html`<button
                type="button"
                class="button-link"
                aria-label="Change ${label.toLowerCase()}"
                @click=${() => this.#emit('change-step', { step })}
              >
                Change
              </button>`
            : nothing
        }
      </dd>
    </div>`;
  }

  #book() {
    if (this.submission.status === 'pending') return;
    if (this.profile.turnstile && !this.challengeToken) {
      this.challengeNeeded = true;
      return;
    }
    this.#emit('book-requested');
  }

  #emit(type: 'book-requested' | 'step-back'): void;
  #emit(type: 'change-step', detail: ChangeStepEvent['detail']): void;
  #emit(type: string, detail?: unknown) {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true }));
  }
}

safeDefine('cb-step-confirm', StepConfirm);

declare global {
  interface HTMLElementTagNameMap {
    'cb-step-confirm': StepConfirm;
  }
  interface HTMLElementEventMap {
    'change-step': ChangeStepEvent;
    'book-requested': Event;
  }
}
