/**
 * The manage view: what `<clinic-booking>` shows instead of the booking when the page's URL
 * has `?cb-manage=<token>` (the patient's change-or-cancel link) and the proxy knows that
 * token at this widget's clinic. The booking, until when it may change, "Change time" with
 * the booking's own time step (`<cb-step-time>`, by properties) and "Cancel booking" with a
 * confirmation; then the result, or what the clinic's policy says instead.
 *
 * Loaded as its own chunk (`widget-manage-view-<hash>.js`) only on pages with the link, so
 * the booking journey carries none of it.
 */
import { LitElement, css, html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { ANY_PRACTITIONER } from '../../shared/any-practitioner.ts';
import type { Booking, ManageResponse, Slot } from '../../shared/contract.ts';
import type { BookingApi, BookingApiError } from '../api/booking-api.ts';
import { ManageApi } from '../api/manage-api.ts';
import type { BookingCancelledDetail, BookingRescheduledDetail } from '../clinic-booking/booking-events.ts';
import type { ClinicSession } from '../clinic-booking/clinic-session.ts';
import { safeDefine } from '../internal/safe-define.ts';
import { baseStyles } from '../styles/base.styles.ts';
import { controlStyles } from '../styles/controls.styles.ts';
import { formatDate, formatTime, localDate, zoneLabel } from '../time/clinic-time.ts';

type View = 'booking' | 'time' | 'move' | 'cancel' | 'moved' | 'cancelled' | 'gone';

const HEADINGS: Record<View, string> = {
  booking: 'Your booking',
  time: 'Choose a new time',
  move: 'Move your booking?',
  cancel: 'Cancel your booking?',
  moved: 'Your booking is moved',
  cancelled: 'Your booking is cancelled',
  gone: 'We could not find this booking',
};

/** What a move or cancel refused sends the patient back to (anything else may be retried). */
const TO_TIMES = new Set(['slot_taken', 'slot_unavailable', 'rule_not_met', 'validation_failed']);

/**
 * After focus has moved to the new heading, so its announcement cannot cut the alert off
 * (as the time step does).
 */
const ALERT_DELAY_MS = 150;

/*
 * The booking's own chunks, loaded when needed: the time step's (`step-registry.ts`), and the
 * success screen's for the calendar links. Only these and the modules the booking's chunks
 * share are imported here (no entry-only module such as the API client or the root's
 * styles: the bundler would split those out of the entry into a chunk of their own, which
 * every booking would then download too); the root hands over its client and session.
 */
const loadTimeStep = () => import('../steps/browse-steps.ts');
const loadCalendarLinks = () => import('../steps/book-steps.ts');

/** What a failed call says (a `BookingApiError`, told by its shape: its class is the entry's). */
function failureOf(error: unknown): Pick<BookingApiError, 'code' | 'message' | 'alternatives'> {
  const e = error as Partial<BookingApiError> | null;
  return {
    code: e?.code ?? 'network_error',
    message: (e?.code && e.message) || 'Something went wrong. Please try again.',
    alternatives: e?.alternatives ?? [],
  };
}

/**
 * Loads the link's booking at the clinic of `api`, with that clinic's session.
 * @param loadSession loads the clinic's profile and catalogue (started at once, beside the booking)
 * @returns the view, or null when the proxy does not know the token at this clinic (404
 *   `booking_not_found`: another clinic's link, or one that has expired), so the widget
 *   stays a booking widget
 * @throws BookingApiError when the proxy cannot be reached or refuses otherwise
 */
export async function openManageView(
  api: BookingApi,
  token: string,
  loadSession: () => Promise<ClinicSession>,
  signal: AbortSignal,
): Promise<ManageView | null> {
  const manage = new ManageApi(api, token);
  // Both at once: the patient waits for one round trip, not two.
  const session = loadSession();
  session.catch(() => undefined);
  let managed: ManageResponse;
  try {
    managed = await manage.get(signal);
  } catch (error) {
    if (failureOf(error).code === 'booking_not_found') return null;
    throw error;
  }
  const view = document.createElement('cb-manage-view');
  view.setAttribute('exportparts', 'heading, time, date-grid, day, day-available, month-nav, calendar-link');
  Object.assign(view, { api: manage, managed, session: await session });
  if (managed.canChange) void loadTimeStep().catch(() => undefined);
  return view;
}

/**
 * `<cb-manage-view>`: one booking, moved or cancelled by the patient. Made by
 * {@link openManageView}. Fires `cb-booking-rescheduled` and `cb-booking-cancelled` (they
 * cross the root's shadow, as the booking's events do) and `manage-exit` when the patient
 * asks to book instead.
 */
export class ManageView extends LitElement {
  static override styles = [
    baseStyles,
    controlStyles,
    css`
      /* As the root's header (its styles are the entry's: see the imports above). */
      header {
        margin-bottom: var(--_space);
      }
      .clinic-name {
        color: var(--_muted);
        font-size: 0.875em;
      }
      h2 {
        font-size: 1.375em;
        line-height: 1.3;
      }
      h2:focus {
        outline: none;
      }
      p {
        margin-bottom: 8px;
      }
      .when {
        font-size: 1.125em;
        font-weight: 600;
      }
      textarea {
        min-height: 88px;
      }
      .links {
        display: flex;
        flex-wrap: wrap;
        gap: 8px;
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

  api!: ManageApi;
  session!: ClinicSession;
  @state() managed!: ManageResponse;

  @state() private view: View = 'booking';
  /** Whom the new time is searched with: the booking's practitioner, or `any`. */
  @state() private practitionerId = '';
  @state() private chosen: Slot | null = null;
  @state() private pending = false;
  /** A failure the patient may retry (the same move, the same Idempotency-Key). */
  @state() private failed = false;
  @state() private alert = '';
  /** The time step's notice and nearby times, after a refused move. */
  @state() private notice: string | null = null;
  @state() private alternatives: Slot[] = [];
  #key = '';
  /** The success screen's chunk, for the calendar links after a move. */
  #links: Awaited<ReturnType<typeof loadCalendarLinks>> | null = null;
  #reason = '';
  #previous: Booking | null = null;
  #alertTimer = 0;

  get #booking(): Booking {
    return this.managed.booking;
  }

  /** Shows `view`, its heading taking focus, and says `alert` once it has. */
  #go(view: View, alert = '') {
    this.view = view;
    this.pending = false;
    this.failed = false;
    this.alert = '';
    clearTimeout(this.#alertTimer);
    void this.updateComplete.then(() => {
      this.renderRoot.querySelector<HTMLElement>('h2')?.focus();
      if (alert) this.#alertTimer = window.setTimeout(() => (this.alert = alert), ALERT_DELAY_MS);
    });
  }

  #changeTime() {
    this.practitionerId ||= this.#booking.practitionerId;
    this.chosen = null;
    this.notice = null;
    this.alternatives = [];
    void loadTimeStep().then(() => this.requestUpdate());
    this.#go('time');
  }

  #choose(slot: Slot) {
    this.chosen = slot;
    // A new key for each new time; a retry of this one keeps it.
    this.#key = crypto.randomUUID();
    void this.#loadLinks();
    this.#go('move');
  }

  async #loadLinks() {
    this.#links ??= await loadCalendarLinks().catch(() => null);
  }

  async #send(action: 'move' | 'cancel') {
    if (this.pending) return;
    this.pending = true;
    this.failed = false;
    this.alert = '';
    const before = this.#booking;
    try {
      if (action === 'move') {
        const slot = this.chosen!;
        // The practitioner free at the time (under "any", the one the time step named).
        const booking = await this.api.reschedule(slot.start, slot.practitionerId, this.#key);
        this.#previous = before;
        // The new time has its own deadline for online changes (it may already have passed):
        // the proxy's word on it, or else the old one until the link is opened again.
        const now = (await this.api.get().catch(() => null)) ?? { ...this.managed, booking };
        const manageToken = now.booking.manageToken ?? booking.manageToken ?? before.manageToken;
        this.managed = { ...now, booking: { ...now.booking, manageToken } };
        this.session.availability.clear();
        await this.#loadLinks();
        this.#emit('cb-booking-rescheduled', { ...detailOf(booking), previousStart: before.start });
        this.#go('moved');
      } else {
        const { booking } = await this.api.cancel(this.#reason.trim());
        await this.#loadLinks();
        this.managed = { ...this.managed, booking, status: 'cancelled', canChange: false };
        this.#emit('cb-booking-cancelled', detailOf(booking));
        this.#go('cancelled');
      }
    } catch (error) {
      this.#refused(error);
    }
  }

  #refused(error: unknown) {
    const e = failureOf(error);
    const { message } = e;
    if (e.code === 'booking_not_found') return this.#go('gone', message);
    if (e.code === 'too_late_to_change' || e.code === 'booking_cancelled') {
      this.managed = {
        ...this.managed,
        canChange: false,
        ...(e.code === 'booking_cancelled' ? { status: 'cancelled' as const } : {}),
      };
      return this.#go('booking', message);
    }
    if (this.view === 'move' && TO_TIMES.has(e.code)) {
      this.chosen = null;
      this.notice = message;
      this.alternatives = e.alternatives;
      return this.#go('time');
    }
    this.pending = false;
    this.failed = true;
    this.alert = message;
  }

  #emit(type: string, detail: BookingCancelledDetail | BookingRescheduledDetail) {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  override render() {
    const { profile } = this.session;
    return html`<header>
        <p class="clinic-name">${profile.name}</p>
        <h2 part="heading" tabindex="-1">${HEADINGS[this.view]}</h2>
      </header>
      ${this.#body()}
      <div role="alert">
        ${
          this.alert
            ? html`<div class="notice">
                <p>${this.alert}</p>
                ${
                  this.failed && this.view === 'move'
                    ? html`<p class="hint">Trying again will not move it twice.</p>`
                    : nothing
                }
              </div>`
            : nothing
        }
      </div>
      ${this.#actions()}`;
  }

  #body() {
    const booking = this.#booking;
    switch (this.view) {
      case 'booking':
        return html`${this.#summary(booking)}
          <p>Status: <strong>${this.managed.status === 'booked' ? 'Booked' : 'Cancelled'}</strong></p>
          ${
            this.managed.status === 'cancelled'
              ? nothing
              : this.managed.canChange
                ? html`<p class="hint">You can change or cancel online until ${this.#deadline()}.</p>`
                : html`<p>
                    Online changes closed ${this.#deadline()}. ${this.#call('To change or cancel, call')}
                  </p>`
          }`;
      case 'time':
        return this.#times();
      case 'move': {
        const slot = this.chosen!;
        return html`<p>${booking.serviceName}</p>
          <p class="hint">From ${this.#when(booking)} with ${booking.practitionerName}</p>
          <p class="when">
            To ${formatDate(localDate(slot.start), 'full')} at ${formatTime(slot.start)}
            <span class="hint">${zoneLabel(booking.timezone, new Date(slot.start))}</span>
          </p>
          <p>with ${this.#name(slot)}</p>`;
      }
      case 'cancel':
        return html`${this.#summary(booking)}
          <div class="field">
            <label for="reason">Reason <span class="hint">(optional)</span></label>
            <textarea
              id="reason"
              maxlength="500"
              .value=${this.#reason}
              @input=${(e: Event) => (this.#reason = (e.target as HTMLTextAreaElement).value)}
            ></textarea>
          </div>`;
      case 'moved':
        return html`${this.#summary(booking)}
          <p class="hint">It was ${this.#when(this.#previous!)} with ${this.#previous!.practitionerName}.</p>
          ${this.#calendarLinks(booking)}`;
      case 'cancelled':
        return html`<p>
            ${booking.serviceName} with ${booking.practitionerName} on ${this.#when(booking)} is cancelled.
          </p>
          ${this.#calendarLinks(booking, true)}`;
      case 'gone':
        return nothing;
    }
  }

  #actions() {
    const { view, pending, failed } = this;
    const button = (label: string, onClick: () => void, primary = false) =>
      html`<button
        type="button"
        class=${primary ? 'button-primary' : 'button-secondary'}
        aria-disabled=${primary && pending ? 'true' : nothing}
        @click=${() => (primary || !pending) && onClick()}
      >
        ${label}
      </button>`;
    const again = (doing: string, label: string) => (pending ? doing : failed ? 'Try again' : label);
    switch (view) {
      case 'booking':
        return this.managed.canChange
          ? html`<div class="actions">
              ${button('Cancel booking', () => {
                void this.#loadLinks();
                this.#go('cancel');
              })}
              ${button('Change time', () => this.#changeTime(), true)}
            </div>`
          : this.managed.status === 'cancelled'
            ? this.#exit()
            : nothing;
      case 'time':
        return html`<div class="actions">${button('Back', () => this.#go('booking'))}</div>`;
      case 'move':
        return html`<div class="actions">
          ${button('Choose another time', () => this.#go('time'))}
          ${button(again('Moving…', 'Move booking'), () => void this.#send('move'), true)}
        </div>`;
      case 'cancel':
        return html`<div class="actions">
          ${button('Keep booking', () => this.#go('booking'))}
          ${button(again('Cancelling…', 'Cancel booking'), () => void this.#send('cancel'), true)}
        </div>`;
      case 'moved':
        return html`<div class="actions">${button('Back to your booking', () => this.#go('booking'))}</div>`;
      default:
        return this.#exit();
    }
  }

  #exit() {
    return html`<div class="actions">
      <button
        type="button"
        class="button-secondary"
        @click=${() => this.dispatchEvent(new CustomEvent('manage-exit', { bubbles: true }))}
      >
        Book another appointment
      </button>
    </div>`;
  }

  #times() {
    const { session } = this;
    const { serviceId, practitionerId, practitionerName } = this.#booking;
    const offering = session.practitioners.filter((p) => p.serviceIds.includes(serviceId));
    if (!customElements.get('cb-step-time')) return html`<p class="status" role="status">Loading…</p>`;
    const choice = (id: string, label: string) =>
      html`<label class="check">
        <input
          type="radio"
          name="who"
          .checked=${this.practitionerId === id}
          @change=${() => (this.practitionerId = id)}
        />
        ${label}
      </label>`;
    return html`${
        offering.length > 1
          ? html`<fieldset class="field">
              <legend>With</legend>
              ${choice(practitionerId, practitionerName)}
              ${choice(ANY_PRACTITIONER, 'Any available practitioner')}
            </fieldset>`
          : nothing
      }
      <cb-step-time
        exportparts="time, date-grid, day, day-available, month-nav"
        .serviceId=${serviceId}
        .practitionerId=${this.practitionerId}
        .practitioners=${session.practitioners}
        .availability=${session.availability}
        .timezone=${session.profile.timezone}
        .selected=${this.chosen}
        .notice=${this.notice}
        .alternatives=${this.alternatives}
        .phone=${session.profile.contact?.phone ?? null}
        @slot-chosen=${(e: CustomEvent<{ slot: Slot }>) => this.#choose(e.detail.slot)}
      ></cb-step-time>`;
  }

  #summary(booking: Booking) {
    const { profile, location } = this.session;
    const address = profile.address ?? location.address;
    return html`<p class="when">
        ${formatDate(localDate(booking.start), 'full')} at ${formatTime(booking.start)}
        <span class="hint">${zoneLabel(booking.timezone, new Date(booking.start))}</span>
      </p>
      <p>${booking.serviceName} with ${booking.practitionerName} at ${location.name}.</p>
      ${address ? html`<p class="hint">${address}</p>` : nothing}
      <p class="hint">Booking reference: ${booking.id}</p>`;
  }

  #when(booking: Booking) {
    return `${formatDate(localDate(booking.start))} at ${formatTime(booking.start)}`;
  }

  #deadline() {
    const deadline = this.managed.changeDeadline;
    return `${formatDate(localDate(deadline))} at ${formatTime(deadline)}`;
  }

  #name(slot: Slot) {
    return this.session.practitioners.find((p) => p.id === slot.practitionerId)?.name ?? '';
  }

  /** The clinic's phone as a link a phone can dial. */
  #call(lead: string) {
    const phone = this.session.profile.contact?.phone;
    return phone ? html`${lead} <a href="tel:${phone.replace(/[^\d+]/g, '')}">${phone}</a>.` : nothing;
  }

  /** The moved booking's calendar links; for a cancelled one, the file that takes it out. */
  #calendarLinks(booking: Booking, cancelled = false) {
    const links = this.#links;
    if (!links) return nothing;
    const { profile } = this.session;
    const address = profile.address ?? this.session.location.address;
    const event = {
      booking,
      clinicName: profile.name,
      location: address ? `${this.session.location.name}, ${address}` : this.session.location.name,
      ...(booking.manageToken ? { changeUrl: links.changeLinkUrl(booking.manageToken) } : {}),
      cancelled,
      // A move's or a cancel's file replaces the one the calendar has: a later revision.
      sequence: links.revisionNow(),
    };
    if (cancelled) {
      return html`<div class="links">
        <a href=${links.icsDataUrl(event)} download="appointment-cancelled.ics" part="calendar-link"
          >Remove from your calendar (.ics)</a
        >
      </div>`;
    }
    return html`<div class="links">
      <a href=${links.icsDataUrl(event)} download="appointment.ics" part="calendar-link"
        >Add to calendar (.ics)</a
      >
      <a href=${links.googleCalendarUrl(event)} target="_blank" rel="noopener noreferrer" part="calendar-link"
        >Add to Google Calendar<span class="visually-hidden"> (opens in a new tab)</span></a
      >
    </div>`;
  }
}

function detailOf(booking: Booking): BookingCancelledDetail {
  const { id, serviceId, serviceName, practitionerId, practitionerName, start } = booking;
  return { bookingId: id, serviceId, serviceName, practitionerId, practitionerName, start };
}

safeDefine('cb-manage-view', ManageView);

declare global {
  interface HTMLElementTagNameMap {
    'cb-manage-view': ManageView;
  }
  interface HTMLElementEventMap {
    'manage-exit': Event;
  }
}
