/**
 * The success screen: the booking reference and time in the clinic's zone, add-to-calendar
 * links, and "book another".
 */
import { consume } from '@lit/context';
import { LitElement, css, html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { googleCalendarUrl, icsDataUrl } from '../calendar/calendar-links.ts';
import { clinicContext, flowContext, flowStateContext, type ClinicData } from '../context/booking-context.ts';
import type { BookingFlow, FlowState } from '../flow/booking-flow.ts';
import { baseStyles } from '../styles/base.styles.ts';
import { controlStyles } from '../styles/controls.styles.ts';
import { formatDate, formatTime, localDate, zoneLabel } from '../time/clinic-time.ts';

export class StepDone extends LitElement {
  static override styles = [
    baseStyles,
    controlStyles,
    css`
      .when {
        font-size: 18px;
        font-weight: 600;
      }
      .reference {
        margin: 12px 0;
        color: var(--_success);
      }
      .links {
        display: flex;
        flex-wrap: wrap;
        gap: 8px;
        margin-top: var(--_space);
      }
      .links a {
        display: inline-flex;
        align-items: center;
        min-height: 44px;
        padding: 10px 16px;
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
        color: var(--_primary);
        font-weight: 600;
        text-decoration: none;
      }
    `,
  ];

  @consume({ context: clinicContext }) @state() private clinic!: ClinicData;
  @consume({ context: flowContext }) @state() private flow!: BookingFlow;
  @consume({ context: flowStateContext, subscribe: true }) @state() private flowState!: FlowState;

  override render() {
    const submission = this.flowState.submission;
    if (submission.status !== 'booked') return nothing;
    const { booking } = submission;
    const event = { booking, clinicName: this.clinic.profile.name };
    return html`
      <p class="when" part="booked-time">
        ${formatDate(localDate(booking.start), 'full')} at ${formatTime(booking.start)}
        <span class="hint">${zoneLabel(booking.timezone, new Date(booking.start))}</span>
      </p>
      <p>${booking.serviceName} with ${booking.practitionerName} at ${this.clinic.profile.name}.</p>
      <p class="reference" part="booking-reference">Booking reference: <strong>${booking.id}</strong></p>
      ${this.clinic.profile.contact?.phone ? html`<p class="hint">To change or cancel, call ${this.clinic.profile.contact.phone}.</p>` : nothing}
      <div class="links">
        <a href=${icsDataUrl(event)} download="appointment.ics" part="calendar-link"
          >Add to calendar (.ics)</a
        >
        <a href=${googleCalendarUrl(event)} target="_blank" rel="noopener noreferrer" part="calendar-link"
          >Add to Google Calendar</a
        >
      </div>
      <div class="actions">
        <button type="button" class="button-secondary" @click=${() => this.flow.bookAnother()}>
          Book another appointment
        </button>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cb-step-done': StepDone;
  }
}
