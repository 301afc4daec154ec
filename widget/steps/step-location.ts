/**
 * Before the five steps, at a practice with several locations: "Where would you like to be
 * seen?". Each location with its address, a link to its map and, when it is known, its next
 * free time. Takes the locations and the earlier choice as properties and reports the choice
 * as `location-chosen`; while the chosen clinic loads (or when it could not), `status` says
 * so in a live region that is always there.
 */
import { LitElement, css, html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import type { Location } from '../flow/flow-types.ts';
import { safeDefine } from '../internal/safe-define.ts';
import { baseStyles } from '../styles/base.styles.ts';
import { controlStyles } from '../styles/controls.styles.ts';
import { formatDate, formatTime, localDate } from '../time/clinic-time.ts';

/** A location as the step lists it. */
export interface LocationOption extends Location {
  /**
   * Its next free time (a slot's ISO start, in its zone) for the service the page chose;
   * `null` when it has none soon; absent when not looked up.
   */
  nextFree?: string | null;
}

/** `location-chosen`: the patient picked a location; `detail.locationId` is its clinic's id. */
export type LocationChosenEvent = CustomEvent<{ locationId: string }>;

export class StepLocation extends LitElement {
  static override styles = [
    baseStyles,
    controlStyles,
    css`
      .map {
        display: inline-flex;
        align-items: center;
        min-height: 24px;
        margin: 4px 0 0;
        padding: 2px 4px;
        color: var(--_primary);
      }
      .status:empty {
        display: block;
        margin: 0;
      }
      .status.error {
        color: var(--_error);
      }
    `,
  ];

  /** The practice's locations, in its order. */
  @property({ attribute: false }) locations: LocationOption[] = [];
  /** The location chosen earlier (its id), shown as pressed when the patient comes back. */
  @property({ attribute: false }) selected: string | null = null;
  /** What to say about the choice: its clinic loading, or why it could not. */
  @property({ attribute: false }) status: { text: string; error: boolean } | null = null;

  override render() {
    const { status } = this;
    return html`<p class="status ${status?.error ? 'error' : ''}" role="status">${status?.text ?? ''}</p>
      <ul class="options" part="location-list" aria-label="Locations">
        ${this.locations.map((location) => this.#renderLocation(location))}
      </ul>`;
  }

  #renderLocation(location: LocationOption) {
    const next = location.nextFree;
    return html`<li>
      <button
        type="button"
        class="option"
        part="option"
        aria-pressed=${location.id === this.selected}
        @click=${() => this.#choose(location.id)}
      >
        <span class="option-name">${location.name}</span>
        ${location.address ? html`<span class="option-meta">${location.address}</span>` : nothing}
        ${
          next === undefined
            ? nothing
            : html`<span class="hint"
                >${next ? `Next free: ${formatDate(localDate(next), 'short')}, ${formatTime(next)}` : 'No free times soon'}</span
              >`
        }
      </button>
      ${
        location.mapUrl
          ? html`<a
              class="map"
              part="map-link"
              href=${location.mapUrl}
              target="_blank"
              rel="noopener noreferrer"
              >Map of ${location.name}<span class="visually-hidden"> (opens in a new tab)</span></a
            >`
          : nothing
      }
    </li>`;
  }

  #choose(locationId: string) {
    this.dispatchEvent(new CustomEvent('location-chosen', { detail: { locationId }, bubbles: true }));
  }
}

safeDefine('cb-step-location', StepLocation);

declare global {
  interface HTMLElementTagNameMap {
    'cb-step-location': StepLocation;
  }
  interface HTMLElementEventMap {
    'location-chosen': LocationChosenEvent;
  }
}
