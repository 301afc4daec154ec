/**
 * The success screen: the booking reference and time in the clinic's zone, where it is,
 * the patient's change-or-cancel link (when the booking has a `manageToken`),
 * add-to-calendar links that carry it, and "book another". Takes the booking, the clinic's name, the
 * location and phone as properties; reports `book-another`.
 */
import { LitElement, css, html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import type { Booking } from '../../shared/contract.ts';
import { googleCalendarUrl, icsDataUrl } from '../calendar/calendar-links.ts';
import { changeLinkUrl } from '../calendar/change-link.ts';
import type { Location } from '../flow/flow-types.ts';
import { safeDefine } from '../internal/safe-define.ts';
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

  @property({ attribute: false }) booking: Booking | null = null;
  @property({ attribute: false }) clinicName = '';
  /** Where the appointment is: its name and address go on the screen and into the calendar. */
  @property({ attribute: false }) location: Location | null = null;
  /** The clinic's phone, for changes. */
  @property({ attribute: false }) phone: string | null = null;

  override render() {
    const { booking, location, phone } = this;
    if (!booking) return nothing;
    const place = location ? placeOf(location) : undefined;
    const changeUrl = booking.manageToken ? changeLinkUrl(booking.manageToken) : undefined;
    const event = {
      booking,
      clinicName: this.clinicName,
      ...(place ? { location: place } : {}),
      ...(changeUrl ? { changeUrl } : {}),
    };
    return html`
      <p class="when" part="booked-time">
        ${formatDate(localDate(booking.start), 'full')} at ${formatTime(booking.start)}
        <span class="hint">${zoneLabel(booking.timezone, new Date(booking.start))}</span>
      </p>
      <p>${booking.serviceName} with ${booking.practitionerName} at ${location?.name || this.clinicName}.</p>
      ${location?.address ? html`<p class="hint" part="booked-location">${location.address}${location.mapUrl ? html` · <a href=${location.mapUrl} target="_blank" rel="noopener noreferrer">Map<span class="visually-hidden"> of ${location.name} (opens in a new tab)</span></a>` : nothing}</p>` : nothing}
      <p class="reference" part="booking-reference">Booking reference: <strong>${booking.id}</strong></p>
      ${changeUrl ? html`<p><a href=${changeUrl} part="change-link">Change or cancel this booking</a></p>` : nothing}
      ${phone ? html`<p class="hint">${changeUrl ? 'Or call' : 'To change or cancel, call'} ${phone}.</p>` : nothing}
      <div class="links">
        <a href=${icsDataUrl(event)} download="appointment.ics" part="calendar-link"
          >Add to calendar (.ics)</a
        >
        <a href=${googleCalendarUrl(event)} target="_blank" rel="noopener noreferrer" part="calendar-link"
          >Add to Google Calendar</a
        >
      </div>
      <div class="actions">
        <button
          type="button"
          class="button-secondary"
          @click=${() => this.dispatchEvent(new CustomEvent('book-another', { bubbles: true }))}
        >
          Book another appointment
        </button>
      </div>
    `;
  }
}

/** The calendar's LOCATION: the location's name, with its address when known. */
function placeOf(location: Location): string | undefined {
  if (!location.name) return location.address;
  return location.address ? `${location.name}, ${location.address}` : location.name;
}

safeDefine('cb-step-done', StepDone);

declare global {
  interface HTMLElementTagNameMap {
    'cb-step-done': StepDone;
  }
  interface HTMLElementEventMap {
    'book-another': Event;
  }
}
