/**
 * Step 3: a date grid that opens on the first day with free times, the times of the chosen
 * day grouped by part of day, and a "next available" jump. Times are the clinic's, and the
 * zone is named; when the patient's device is elsewhere, the step says so.
 *
 * Usable on its own, outside the booking flow (e.g. to pick a new time for a booking): it
 * takes everything by property and reports the choice by event. See {@link StepTime}.
 *
 * What the day panel says (loading, no times, no later times) goes through one live region
 * that is always there, so screen readers announce each change; a region inserted with its
 * text already in it is often not read.
 */
import { LitElement, css, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ANY_PRACTITIONER } from '../../shared/any-practitioner.ts';
import type { Slot } from '../../shared/contract.ts';
import { addDaysToIsoDate, daysBetweenIsoDates } from '../../shared/dates.ts';
import { nextMonth, type AvailabilitySource } from '../api/availability-store.ts';
import { safeDefine } from '../internal/safe-define.ts';
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
import { DateGrid, type DateEvent } from './date-grid.ts';

/** `slot-chosen`: the patient picked a time (with "any", the practitioner free at it). */
export type SlotChosenEvent = CustomEvent<{ slot: Slot }>;
/** `returning-patient-chosen`: the answer to {@link StepTime.returningQuestion}. */
export type ReturningPatientChosenEvent = CustomEvent<{ answer: 'yes' | 'no' }>;

type MonthLoad =
  { status: 'loading' } | { status: 'ready'; slots: Slot[] } | { status: 'error'; message: string };

const PARTS: PartOfDay[] = ['Morning', 'Afternoon', 'Evening'];

/**
 * How long after arriving the "that time was taken" alert is filled in: after the root has
 * moved focus to the step's heading, so the focus announcement cannot cut the alert off.
 */
const ALERT_DELAY_MS = 150;

/**
 * `<cb-step-time>`: free times of one service, by month, and the patient's pick.
 *
 * To use it on its own (outside `<clinic-booking>`, e.g. a "manage my booking" view picking
 * a new time), import `widget/steps/step-time.ts` (it defines the element) and set:
 *
 * - `serviceId` and `practitionerId` (an id, or `any`): the search;
 * - `availability`: an {@link AvailabilitySource}, usually
 *   `AvailabilityStore.forClinic(new BookingApi(apiBase, clinicId), profile)`;
 * - `timezone`: the clinic's IANA zone (the times are the clinic's, and the step names it);
 * - optionally `practitioners` (to name who is free at each time under "any"), `selected`
 *   (the slot chosen so far, whose month it opens on), `notice` and `alternatives` (an
 *   alert and nearby times, e.g. after a time was taken), `returningQuestion` (asked before
 *   the times when set, with `returningPatient` its answer) and `phone` (offered when a month
 *   has no times).
 *
 * Listen for `slot-chosen` (`detail.slot`) and, with a returning question,
 * `returning-patient-chosen` (`detail.answer`), and set the properties that follow from them.
 * Put it in a styled container: it reads the `--cb-*` tokens like the rest of the widget.
 *
 * @fires slot-chosen - A time was picked. `detail`: `{ slot }`.
 * @fires returning-patient-chosen - "Have you been here before?" was answered. `detail`: `{ answer }`.
 */
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

  /** The service whose times are shown. */
  @property({ attribute: false }) serviceId: string | null = null;
  /** A practitioner's id, or `any` for whoever is free. */
  @property({ attribute: false }) practitionerId: string | null = null;
  /** The clinic's practitioners, to name who is free at each time under "any". */
  @property({ attribute: false }) practitioners: ReadonlyArray<{ id: string; name: string }> = [];
  /** Where the free times come from. */
  @property({ attribute: false }) availability: AvailabilitySource | null = null;
  /** The clinic's IANA time zone: the times are the clinic's, and the step names it. */
  @property() timezone = 'UTC';
  /** The time chosen so far: shown as pressed, and its month opens first. */
  @property({ attribute: false }) selected: Slot | null = null;
  /** An alert to announce (e.g. "that time was just taken"), after focus has settled. */
  @property({ attribute: false }) notice: string | null = null;
  /** Nearby free times offered with the notice. */
  @property({ attribute: false }) alternatives: Slot[] = [];
  /** Asked before the times when set, e.g. "Have you been to Harbourside Physio before?". */
  @property({ attribute: false }) returningQuestion: string | null = null;
  /** The answer to {@link returningQuestion}. */
  @property({ attribute: false }) returningPatient: 'yes' | 'no' | null = null;
  /** The clinic's phone, offered when a month has no free times. */
  @property({ attribute: false }) phone: string | null = null;

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
    const notice = this.notice;
    if (!notice || notice === this.announced || this.#pending === notice) return;
    clearTimeout(this.#announceTimer);
    this.#pending = notice;
    this.#announceTimer = setTimeout(() => (this.announced = notice), ALERT_DELAY_MS);
  }

  protected override willUpdate() {
    if (!this.notice) {
      clearTimeout(this.#announceTimer);
      this.announced = this.#pending = null;
    }
    const key = this.#searchKey();
    if (key !== this.#queryKey && this.#ready()) {
      this.#queryKey = key;
      const chosen = this.selected;
      const start = chosen ? localDate(chosen.start) : this.availability!.bookable().first;
      this.month = start.slice(0, 7);
      this.selectedDate = chosen ? localDate(chosen.start) : null;
      void this.#openMonth(this.month, chosen === null);
    }
  }

  override render() {
    // The alert region is there (empty) before its message, and holds only the message: the
    // nearest times follow it as buttons of their own rather than being read as one long alert.
    const shown = this.announced !== null && this.announced === this.notice;
    return html`
      <div class=${shown ? 'notice' : ''}>
        <div role="alert">${shown ? html`<p>${this.announced}</p>` : nothing}</div>
        ${shown ? this.#renderAlternatives() : nothing}
      </div>
      ${this.returningQuestion ? this.#renderReturning(this.returningQuestion) : nothing}
      ${this.#ready() ? this.#renderCalendar() : nothing}
    `;
  }

  #renderReturning(question: string) {
    const answer = this.returningPatient;
    return html`<fieldset class="field">
      <legend>${question}</legend>
      <div class="returning">
        ${(['yes', 'no'] as const).map(
          (value) =>
            html`<label class="check">
              <input
                type="radio"
                name="returning"
                .checked=${answer === value}
                @change=${() => this.#emit('returning-patient-chosen', { answer: value })}
              />
              ${value === 'yes' ? 'Yes, I have' : 'No, this is my first visit'}
            </label>`,
        )}
      </div>
    </fieldset>`;
  }

  #renderAlternatives() {
    const alternatives = this.alternatives;
    if (!alternatives.length) return nothing;
    return html`<ul class="times alternatives" aria-label="Nearest free times">
      ${alternatives.map(
        (slot) =>
          html`<li>
            <button type="button" class="time" @click=${() => this.#choose(slot)}>
              ${formatTime(slot.start)}<small
                >${formatDate(localDate(slot.start), 'short')}${this.#withWhom(slot)}</small
              >
            </button>
          </li>`,
      )}
    </ul>`;
  }

  #renderCalendar() {
    const { timezone } = this;
    const device = deviceTimeZone();
    const slots = this.load.status === 'ready' ? this.load.slots : [];
    const available = new Set(slots.map((s) => localDate(s.start)));
    const { first, last } = this.availability!.bookable();
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
      const { phone } = this;
      const empty = `No free times this month. Try the next month or "Next available".${phone ? ` Or call us on ${phone}.` : ''}`;
      return { status: note ?? (slots.length ? 'Choose a day with free times.' : empty), content: nothing };
    }
    const day = uniqueStarts(slots.filter((s) => localDate(s.start) === date));
    if (!day.length) return { status: note ?? `No free times on ${formatDate(date)}.`, content: nothing };
    const chosen = this.selected;
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
                      @click=${() => this.#choose(slot)}
                    >
                      ${formatTime(slot.start)}${this.practitionerId === ANY_PRACTITIONER ? html`<small>${this.#withWhom(slot)}</small>` : nothing}
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
    const name = this.practitioners.find((p) => p.id === slot.practitionerId)?.name;
    return name ? ` ${name.split(' ')[0]}` : '';
  }

  #choose(slot: Slot) {
    this.#emit('slot-chosen', { slot });
  }

  #emit<K extends 'slot-chosen' | 'returning-patient-chosen'>(
    type: K,
    detail: HTMLElementEventMap[K]['detail'],
  ) {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true }));
  }

  #ready(): boolean {
    const answered = !this.returningQuestion || this.returningPatient !== null;
    return Boolean(this.serviceId && this.practitionerId && this.availability) && answered;
  }

  #searchKey(): string {
    return [this.serviceId, this.practitionerId, this.returningPatient].join('|');
  }

  #fetchMonth(month: string, signal?: AbortSignal): Promise<Slot[]> {
    return this.availability!.month(
      {
        serviceId: this.serviceId!,
        practitionerId: this.practitionerId!,
        returningPatient: this.returningPatient,
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
      while (seekFirst && slots.length === 0 && !this.availability!.isOutside(nextMonth(this.month))) {
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
    if (this.availability!.isOutside(month)) return;
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
    const after = this.selectedDate ?? addDaysToIsoDate(this.availability!.bookable().first, -1);
    this.searching = true;
    this.searchNote = null;
    try {
      let month = after.slice(0, 7);
      while (!this.availability!.isOutside(month)) {
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
      const { first, last } = this.availability!.bookable();
      this.searchNote = `There are no later free times in the next ${daysBetweenIsoDates(first, last)} days.`;
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

safeDefine('cb-date-grid', DateGrid);
safeDefine('cb-step-time', StepTime);

declare global {
  interface HTMLElementTagNameMap {
    'cb-step-time': StepTime;
  }
  interface HTMLElementEventMap {
    'slot-chosen': SlotChosenEvent;
    'returning-patient-chosen': ReturningPatientChosenEvent;
  }
}
