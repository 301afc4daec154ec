/**
 * Step 3: a date grid that opens on the first day with free times, the times of the chosen
 * day grouped by part of day, and a "next available" jump. Times are the clinic's, and the
 * zone is named; when the patient's device is elsewhere, the step says so.
 *
 * What the day panel says (loading, no times, no later times) goes through one live region
 * that is always there, so screen readers announce each change; a region inserted with its
 * text already in it is often not read.
 */
import { consume } from '@lit/context';
import { LitElement, css, html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import type { Slot } from '../../shared/contract.ts';
import { addDaysToIsoDate } from '../../shared/dates.ts';
import { nextMonth, type AvailabilityStore } from '../api/availability-store.ts';
import {
  asksReturningPatient,
  availabilityContext,
  clinicContext,
  flowContext,
  flowStateContext,
  type ClinicData,
} from '../context/booking-context.ts';
import { ANY_PRACTITIONER, type BookingFlow, type FlowState } from '../flow/booking-flow.ts';
import { baseStyles } from '../styles/base.styles.ts';
import { controlStyles } from '../styles/controls.styles.ts';
import {
  deviceTimeZone,
  formatDate,
  formatTime,
  localDate,
  partOfDay,
  zoneLabel,
  type PartOfDay,
} from '../time/clinic-time.ts';
import type { DateEvent } from './date-grid.ts';

type MonthLoad =
  { status: 'loading' } | { status: 'ready'; slots: Slot[] } | { status: 'error'; message: string };

const PARTS: PartOfDay[] = ['Morning', 'Afternoon', 'Evening'];

/**
 * How long after arriving the "that time was taken" alert is filled in: after the root has
 * moved focus to the step's heading, so the focus announcement cannot cut the alert off.
 */
const ALERT_DELAY_MS = 150;

export class StepTime extends LitElement {
  static override styles = [
    baseStyles,
    controlStyles,
    css`
      .zone {
        margin-bottom: calc(var(--_space) * 0.75);
        color: var(--_muted);
        font-size: 0.875em;
      }
      .layout {
        display: grid;
        gap: var(--_space);
        grid-template-columns: repeat(auto-fit, minmax(min(100%, 260px), 1fr));
        align-items: start;
      }
      .times {
        display: grid;
        gap: 8px;
        grid-template-columns: repeat(auto-fill, minmax(96px, 1fr));
        padding: 0;
        list-style: none;
      }
      .time {
        width: 100%;
        min-height: 44px;
        border: 1px solid var(--_primary);
        border-radius: var(--_radius);
        background: var(--_surface);
        color: var(--_primary);
        font-weight: 600;
      }
      .time:hover,
      .time[aria-pressed='true'] {
        background: var(--_primary);
        color: var(--_on-primary);
      }
      .time small {
        display: block;
        font-weight: 400;
        font-size: 0.75em;
      }
      h4 {
        margin: 12px 0 6px;
        font-size: 0.9375em;
      }
      .day-title {
        margin: 0 0 4px;
        font-size: 1em;
      }
      .alternatives {
        margin-top: 8px;
      }
      .day-status:empty {
        display: block;
        margin: 0;
        padding: 0;
        border: 0;
      }
      .day-status:not(:empty):not(.notice) {
        margin-bottom: 8px;
      }
      @media (forced-colors: active) {
        .time:hover,
        .time[aria-pressed='true'] {
          /* Not adjusted, or a Canvas backplate hides the HighlightText. */
          forced-color-adjust: none;
          border-color: Highlight;
          background: Highlight;
          color: HighlightText;
        }
        [aria-disabled='true'] {
          color: GrayText;
        }
      }
      .returning {
        display: flex;
        flex-wrap: wrap;
        gap: 8px 20px;
      }
    `,
  ];

  @consume({ context: clinicContext }) @state() private clinic!: ClinicData;
  @consume({ context: flowContext }) @state() private flow!: BookingFlow;
  @consume({ context: flowStateContext, subscribe: true }) @state() private flowState!: FlowState;
  @consume({ context: availabilityContext }) @state() private availability!: AvailabilityStore;

  @state() private month = '';
  @state() private selectedDate: string | null = null;
  @state() private load: MonthLoad = { status: 'loading' };
  @state() private searching = false;
  /** Why "Next available" found nothing, shown beside the day's times until the next change. */
  @state() private searchNote: string | null = null;
  /** The flow's notice once it may be announced (see `ALERT_DELAY_MS`). */
  @state() private announced: string | null = null;

  #queryKey = '';
  #abort: AbortController | null = null;
  #announceTimer: ReturnType<typeof setTimeout> | undefined;
  /** The notice waiting for `ALERT_DELAY_MS` to pass. */
  #pending: string | null = null;

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.#abort?.abort();
    clearTimeout(this.#announceTimer);
  }

  protected override updated() {
    const notice = this.flowState.notice;
    if (!notice || notice === this.announced || this.#pending === notice) return;
    clearTimeout(this.#announceTimer);
    this.#pending = notice;
    this.#announceTimer = setTimeout(() => (this.announced = notice), ALERT_DELAY_MS);
  }

  protected override willUpdate() {
    if (!this.flowState.notice) {
      clearTimeout(this.#announceTimer);
      this.announced = this.#pending = null;
    }
    const key = this.#searchKey();
    if (key !== this.#queryKey && this.#ready()) {
      this.#queryKey = key;
      const chosen = this.flowState.slot;
      const start = chosen ? localDate(chosen.start) : this.availability.bookable().first;
      this.month = start.slice(0, 7);
      this.selectedDate = chosen ? localDate(chosen.start) : null;
      void this.#openMonth(this.month, chosen === null);
    }
  }

  override render() {
    // The alert region is there (empty) before its message, and holds only the message: the
    // nearest times follow it as buttons of their own rather than being read as one long alert.
    const shown = this.announced !== null && this.announced === this.flowState.notice;
    return html`
      <div class=${shown ? 'notice' : ''}>
        <div role="alert">${shown ? html`<p>${this.announced}</p>` : nothing}</div>
        ${shown ? this.#renderAlternatives() : nothing}
      </div>
      ${asksReturningPatient(this.clinic) ? this.#renderReturning() : nothing}
      ${this.#ready() ? this.#renderCalendar() : nothing}
    `;
  }

  #renderReturning() {
    const answer = this.flowState.returningPatient;
    return html`<fieldset class="field">
      <legend>Have you been to ${this.clinic.profile.name} before?</legend>
      <div class="returning">
        ${(['yes', 'no'] as const).map(
          (value) =>
            html`<label class="check">
              <input
                type="radio"
                name="returning"
                .checked=${answer === value}
                @change=${() => this.flow.setReturningPatient(value)}
              />
              ${value === 'yes' ? 'Yes, I have' : 'No, this is my first visit'}
            </label>`,
        )}
      </div>
    </fieldset>`;
  }

  #renderAlternatives() {
    const alternatives = this.flowState.alternatives;
    if (!alternatives.length) return nothing;
    return html`<ul class="times alternatives" aria-label="Nearest free times">
      ${alternatives.map(
        (slot) =>
          html`<li>
            <button type="button" class="time" @click=${() => this.flow.chooseSlot(slot)}>
              ${formatTime(slot.start)}<small
                >${formatDate(localDate(slot.start), 'short')}${this.#withWhom(slot)}</small
              >
            </button>
          </li>`,
      )}
    </ul>`;
  }

  #renderCalendar() {
    const { timezone } = this.clinic.profile;
    const device = deviceTimeZone();
    const slots = this.load.status === 'ready' ? this.load.slots : [];
    const available = new Set(slots.map((s) => localDate(s.start)));
    const { first, last } = this.availability.bookable();
    return html`
      <p class="zone" part="timezone">
        Times are in
        ${zoneLabel(timezone)}.${
          device && device !== timezone
            ? html` Your device is set to a different time zone (${device.replace(/_/g, ' ')}); the times here
              are the clinic's.`
            : nothing
        }
      </p>
      <div class="layout">
        <div>
          <cb-date-grid
            exportparts="date-grid, day, day-available, month-nav"
            .month=${this.month}
            .selected=${this.selectedDate}
            .first=${first}
            .last=${last}
            .available=${available}
            ?loading=${this.load.status === 'loading'}
            @date-select=${(e: DateEvent) => {
              this.selectedDate = e.detail.date;
              this.searchNote = null;
            }}
            @month-change=${(e: DateEvent) => this.#changeMonth(e.detail.date)}
          ></cb-date-grid>
          <div class="actions">
            <button
              type="button"
              class="button-secondary"
              aria-disabled=${this.searching ? 'true' : nothing}
              @click=${() => void this.#nextAvailable()}
            >
              Next available
            </button>
          </div>
        </div>
        <div>${this.#renderDay(slots)}</div>
      </div>
    `;
  }

  #renderDay(slots: Slot[]) {
    const { status, content } = this.#dayPanel(slots);
    const isNote = status !== null && status === this.searchNote;
    return html`<p class="day-status ${isNote ? 'notice' : ''}" role="status">${status ?? ''}</p>
      ${content}`;
  }

  /** What the day panel says through its live region, and what else it shows. */
  #dayPanel(slots: Slot[]): { status: string | null; content: unknown } {
    const load = this.load;
    if (load.status === 'loading' || this.searching)
      return { status: 'Loading free times…', content: nothing };
    const note = this.searchNote;
    if (load.status === 'error') {
      return {
        status: null,
        content: html`<p role="alert">${load.message}</p>
          <button type="button" class="button-secondary" @click=${() => void this.#retry()}>
            Try again
          </button>`,
      };
    }
    const date = this.selectedDate;
    if (!date || !date.startsWith(this.month)) {
      const phone = this.clinic.profile.contact?.phone;
      const empty = `No free times this month. Try the next month or "Next available".${phone ? ` Or call us on ${phone}.` : ''}`;
      return { status: note ?? (slots.length ? 'Choose a day with free times.' : empty), content: nothing };
    }
    const day = uniqueStarts(slots.filter((s) => localDate(s.start) === date));
    if (!day.length) return { status: note ?? `No free times on ${formatDate(date)}.`, content: nothing };
    const chosen = this.flowState.slot;
    return {
      status: note,
      content: html`<h3 class="day-title" id="day-title">${formatDate(date)}</h3>
        ${PARTS.map((part) => {
          const times = day.filter((s) => partOfDay(s.start) === part);
          if (!times.length) return nothing;
          return html`<h4 id="part-${part}">${part}</h4>
            <ul class="times" aria-labelledby="day-title part-${part}">
              ${times.map(
                (slot) =>
                  html`<li>
                    <button
                      type="button"
                      class="time"
                      part="time"
                      aria-pressed=${chosen?.start === slot.start}
                      @click=${() => this.flow.chooseSlot(slot)}
                    >
                      ${formatTime(slot.start)}${this.flowState.practitionerId === ANY_PRACTITIONER ? html`<small>${this.#withWhom(slot)}</small>` : nothing}
                    </button>
                  </li>`,
              )}
            </ul>`;
        })}`,
    };
  }

  /** "Try again" after the times failed to load: its button goes, so focus goes to the calendar. */
  async #retry() {
    const loading = this.#openMonth(this.month, false);
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('cb-date-grid')?.focus();
    await loading;
  }

  #withWhom(slot: Slot): string {
    const name = this.clinic.practitioners.find((p) => p.id === slot.practitionerId)?.name;
    return name ? ` ${name.split(' ')[0]}` : '';
  }

  #ready(): boolean {
    const answered = !asksReturningPatient(this.clinic) || this.flowState.returningPatient !== null;
    return Boolean(this.flowState.serviceId && this.flowState.practitionerId) && answered;
  }

  #searchKey(): string {
    const s = this.flowState;
    return [s.serviceId, s.practitionerId, s.returningPatient].join('|');
  }

  #fetchMonth(month: string, signal?: AbortSignal): Promise<Slot[]> {
    const s = this.flowState;
    return this.availability.month(
      {
        serviceId: s.serviceId!,
        practitionerId: s.practitionerId!,
        returningPatient: s.returningPatient,
        month,
      },
      signal,
    );
  }

  /** Shows a month; with `seekFirst`, moves on to later months until a day has times. */
  async #openMonth(month: string, seekFirst: boolean) {
    this.#abort?.abort();
    const abort = (this.#abort = new AbortController());
    this.month = month;
    this.load = { status: 'loading' };
    try {
      let slots = await this.#fetchMonth(month, abort.signal);
      while (seekFirst && slots.length === 0 && !this.availability.isOutside(nextMonth(this.month))) {
        this.month = nextMonth(this.month);
        slots = await this.#fetchMonth(this.month, abort.signal);
      }
      if (abort.signal.aborted) return;
      this.load = { status: 'ready', slots };
      if (seekFirst || !this.selectedDate?.startsWith(this.month)) {
        this.selectedDate = slots[0] ? localDate(slots[0].start) : null;
      }
    } catch (error) {
      if (abort.signal.aborted) return;
      this.load = {
        status: 'error',
        message: (error as Error).message || 'We could not load the free times.',
      };
    }
  }

  #changeMonth(date: string) {
    const month = date.slice(0, 7);
    if (this.availability.isOutside(month)) return;
    this.selectedDate = null;
    void this.#openMonth(month, false).then(() => {
      // Arrow keys that crossed into this month keep their place when that day has times.
      if (this.load.status === 'ready' && this.load.slots.some((s) => localDate(s.start) === date))
        this.selectedDate = date;
    });
  }

  /** Jumps to the first day with free times after the selected one, loading later months as needed. */
  async #nextAvailable() {
    if (this.searching) return;
    const after = this.selectedDate ?? addDaysToIsoDate(this.availability.bookable().first, -1);
    this.searching = true;
    this.searchNote = null;
    try {
      let month = after.slice(0, 7);
      while (!this.availability.isOutside(month)) {
        const slots = await this.#fetchMonth(month);
        const next = slots.find((s) => localDate(s.start) > after);
        if (next) {
          this.month = month;
          this.load = { status: 'ready', slots };
          this.selectedDate = localDate(next.start);
          this.searching = false;
          await this.updateComplete;
          this.renderRoot.querySelector<HTMLElement>('.time')?.focus();
          return;
        }
        month = nextMonth(month);
      }
      this.searchNote = `There are no later free times in the next ${this.clinic.profile.policy.maxDaysAhead} days.`;
    } catch (error) {
      this.searchNote = (error as Error).message || 'We could not look for later times. Please try again.';
    } finally {
      this.searching = false;
    }
  }
}

/** One slot per start time: with "any practitioner", the first practitioner free at that time. */
function uniqueStarts(slots: Slot[]): Slot[] {
  const seen = new Set<string>();
  return slots.filter((s) => !seen.has(s.start) && Boolean(seen.add(s.start)));
}

declare global {
  interface HTMLElementTagNameMap {
    'cb-step-time': StepTime;
  }
}
