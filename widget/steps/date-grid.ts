/**
 * A month of dates following the ARIA grid pattern: one tab stop, arrow keys move by day
 * and week, Home and End to the week's ends, Page Up and Page Down by month. Days with
 * free times are marked; the others stay focusable (so the arrow keys never skip) but say
 * they have no times. The month buttons stay focusable at the first and last bookable month
 * (they say so and do nothing), so focus is never dropped on the page.
 */
import { LitElement, css, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { addDaysToIsoDate } from '../../shared/dates.ts';
import { lastDayOfMonth } from '../api/availability-store.ts';
import { baseStyles } from '../styles/base.styles.ts';
import { formatDate, formatMonth } from '../time/clinic-time.ts';

const WEEKDAYS = [
  ['Mon', 'Monday'],
  ['Tue', 'Tuesday'],
  ['Wed', 'Wednesday'],
  ['Thu', 'Thursday'],
  ['Fri', 'Friday'],
  ['Sat', 'Saturday'],
  ['Sun', 'Sunday'],
] as const;

/** Detail of `date-focus`: the date the patient moved to (`date`), maybe in another month. */
export type DateEvent = CustomEvent<{ date: string }>;

function weekdayIndex(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
}

function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const month = target.toISOString().slice(0, 7);
  const last = Number(lastDayOfMonth(month).slice(8));
  return `${month}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

export class DateGrid extends LitElement {
  static override styles = [
    baseStyles,
    css`
      .month-bar {
        display: flex;
        align-items: center;
        justify-content: space-between;
        margin-bottom: 8px;
      }
      .month-bar h3 {
        margin: 0;
        font-size: 1em;
      }
      .nav {
        min-width: 44px;
        min-height: 44px;
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
        background: var(--_surface);
        font-size: 1.125em;
      }
      .nav[aria-disabled='true'] {
        opacity: 0.4;
        cursor: default;
      }
      table {
        width: 100%;
        border-collapse: collapse;
        table-layout: fixed;
      }
      th {
        padding: 4px 0;
        color: var(--_muted);
        font-size: 0.8125em;
        font-weight: 600;
      }
      td {
        padding: 2px;
        text-align: center;
      }
      .day {
        position: relative;
        width: 100%;
        max-width: 48px;
        min-height: 40px;
        aspect-ratio: 1;
        /* A day's number on one line, however narrow the cell (at 320px the button's own
           padding left too little room for two digits). */
        padding: 0;
        white-space: nowrap;
        border: 1px solid transparent;
        border-radius: var(--_radius);
        background: none;
        color: var(--_muted);
        font-variant-numeric: tabular-nums;
      }
      .day.free {
        border-color: var(--_border);
        color: inherit;
        font-weight: 600;
      }
      .day.free::after {
        content: '';
        position: absolute;
        bottom: 5px;
        left: 50%;
        width: 5px;
        height: 5px;
        border-radius: 50%;
        background: var(--_primary);
        transform: translateX(-50%);
      }
      .day[aria-disabled='true'] {
        cursor: default;
      }
      [aria-selected='true'] > .day {
        background: var(--_primary);
        color: var(--_on-primary);
      }
      [aria-selected='true'] > .day::after {
        background: var(--_on-primary);
      }
      /* Forced colours replace the brand colours that mark days; system colours say it instead. */
      @media (forced-colors: active) {
        .day {
          border-color: Canvas;
          color: GrayText;
        }
        .day.free {
          border-color: CanvasText;
          color: CanvasText;
        }
        .day.free::after {
          background: CanvasText;
        }
        /* Not adjusted: the browser would put a Canvas backplate behind the number,
           hiding HighlightText on it. */
        [aria-selected='true'] > .day {
          forced-color-adjust: none;
          border-color: Highlight;
          background: Highlight;
          color: HighlightText;
        }
        [aria-selected='true'] > .day::after {
          background: HighlightText;
        }
        .nav[aria-disabled='true'] {
          color: GrayText;
        }
      }
    `,
  ];

  /** `YYYY-MM` shown. */
  @property() month = '';
  /** The selected date, `YYYY-MM-DD`. */
  @property() selected: string | null = null;
  /** The first and last dates that can be booked at all. */
  @property() first = '';
  @property() last = '';
  /** Dates with free times in the shown month. */
  @property({ attribute: false }) available: ReadonlySet<string> = new Set();
  /** True while the month's times load; the grid says so to assistive technology. */
  @property({ type: Boolean }) loading = false;

  @state() private focusDate: string | null = null;
  #restoreFocus = false;

  override render() {
    const monthStart = `${this.month}-01`;
    const monthEnd = lastDayOfMonth(this.month);
    const active = this.#activeDate();
    const lead = weekdayIndex(monthStart);
    const cells: Array<string | null> = [...Array<null>(lead).fill(null)];
    for (let date = monthStart; date <= monthEnd; date = addDaysToIsoDate(date, 1)) cells.push(date);
    while (cells.length % 7) cells.push(null);
    const weeks: Array<Array<string | null>> = [];
    for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
    const canPrev = this.first < monthStart;
    const canNext = this.last > monthEnd;
    return html`
      <div class="month-bar">
        <button
          type="button"
          class="nav"
          part="month-nav"
          aria-label="Previous month"
          aria-disabled=${canPrev ? nothing : 'true'}
          @click=${() => canPrev && this.#moveMonth(-1)}
        >
          ‹
        </button>
        <h3 id="month" aria-live="polite">${formatMonth(this.month)}</h3>
        <button
          type="button"
          class="nav"
          part="month-nav"
          aria-label="Next month"
          aria-disabled=${canNext ? nothing : 'true'}
          @click=${() => canNext && this.#moveMonth(1)}
        >
          ›
        </button>
      </div>
      <table
        role="grid"
        aria-labelledby="month"
        aria-busy=${this.loading}
        part="date-grid"
        @keydown=${this.#onKeydown}
      >
        <thead>
          <tr>
            ${WEEKDAYS.map(([short, long]) => html`<th scope="col" abbr=${long}>${short}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${weeks.map(
            (week) =>
              html`<tr>
                ${week.map((date) => (date ? this.#renderDay(date, active) : html`<td></td>`))}
              </tr>`,
          )}
        </tbody>
      </table>
    `;
  }

  #renderDay(date: string, active: string) {
    const free = this.available.has(date);
    const bookable = date >= this.first && date <= this.last;
    const selected = date === this.selected;
    // "Selected" is in the button's own name too: focus is on the button, not on its cell.
    const label = `${formatDate(date)}, ${this.loading && bookable ? 'loading' : free ? 'times available' : 'no times'}${selected ? ', selected' : ''}`;
    return html`<td role="gridcell" aria-selected=${selected}>
      <button
        type="button"
        class="day ${free ? 'free' : ''}"
        part="day${free ? ' day-available' : ''}"
        data-date=${date}
        tabindex=${date === active ? 0 : -1}
        aria-label=${label}
        aria-disabled=${free ? nothing : 'true'}
        @click=${() => free && this.#emit('date-select', date)}
      >
        ${Number(date.slice(8))}
      </button>
    </td>`;
  }

  /** The date holding the tab stop: the focused one, else the selected one, else the first. */
  #activeDate(): string {
    const inMonth = (d: string | null) => d !== null && d.startsWith(this.month);
    if (inMonth(this.focusDate)) return this.focusDate!;
    if (inMonth(this.selected)) return this.selected!;
    const firstFree = [...this.available].filter((d) => d.startsWith(this.month)).sort()[0];
    if (firstFree) return firstFree;
    return `${this.month}-01` < this.first && this.first.startsWith(this.month)
      ? this.first
      : `${this.month}-01`;
  }

  #onKeydown(event: KeyboardEvent) {
    const target = event.target as HTMLElement;
    const date = target.dataset?.date;
    if (!date) return;
    const moves: Record<string, () => string> = {
      ArrowLeft: () => addDaysToIsoDate(date, -1),
      ArrowRight: () => addDaysToIsoDate(date, 1),
      ArrowUp: () => addDaysToIsoDate(date, -7),
      ArrowDown: () => addDaysToIsoDate(date, 7),
      Home: () => addDaysToIsoDate(date, -weekdayIndex(date)),
      End: () => addDaysToIsoDate(date, 6 - weekdayIndex(date)),
      PageUp: () => addMonths(date, -1),
      PageDown: () => addMonths(date, 1),
    };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    let next = move();
    if (next < this.first) next = this.first;
    if (next > this.last) next = this.last;
    this.focusDate = next;
    this.#restoreFocus = true;
    if (!next.startsWith(this.month)) this.#emit('month-change', next);
  }

  #moveMonth(delta: number) {
    const date = addMonths(`${this.month}-01`, delta);
    this.focusDate = null;
    this.#emit('month-change', date);
  }

  /** Focuses the day that holds the grid's tab stop. */
  override focus(options?: FocusOptions) {
    this.renderRoot.querySelector<HTMLElement>('.day[tabindex="0"]')?.focus(options);
  }

  protected override updated() {
    if (!this.#restoreFocus) return;
    const button = this.renderRoot.querySelector<HTMLElement>(`[data-date="${this.focusDate}"]`);
    if (button) {
      this.#restoreFocus = false;
      button.focus();
    }
  }

  #emit(type: 'date-select' | 'month-change', date: string) {
    this.dispatchEvent(new CustomEvent(type, { detail: { date }, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cb-date-grid': DateGrid;
  }
}
