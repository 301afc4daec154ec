/**
 * Step 2: the patient picks a service in the chosen category, then who they would like to
 * see, with "Any available practitioner" first. Takes the services, the practitioners who
 * offer the chosen one and the choices so far as properties; reports `service-chosen` and
 * `practitioner-chosen`.
 */
import { LitElement, html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { ANY_PRACTITIONER } from '../../shared/any-practitioner.ts';
import type { BootstrapPractitioner, Service } from '../../shared/contract.ts';
import { formatDuration, formatMoney } from '../format/money.ts';
import { safeDefine } from '../internal/safe-define.ts';
import { baseStyles } from '../styles/base.styles.ts';
import { controlStyles } from '../styles/controls.styles.ts';

/** `service-chosen`: the patient picked a service. */
export type ServiceChosenEvent = CustomEvent<{ serviceId: string }>;
/** `practitioner-chosen`: the patient picked a practitioner's id, or `any`. */
export type PractitionerChosenEvent = CustomEvent<{ practitionerId: string }>;

export class StepService extends LitElement {
  static override styles = [baseStyles, controlStyles];

  /** The chosen category's services, in the clinic's order. */
  @property({ attribute: false }) services: Service[] = [];
  /** Who offers the chosen service, in the clinic's order. */
  @property({ attribute: false }) practitioners: BootstrapPractitioner[] = [];
  /** The chosen service, if any: the practitioners are shown once there is one. */
  @property({ attribute: false }) serviceId: string | null = null;
  /** The chosen practitioner's id, or `any`. */
  @property({ attribute: false }) practitionerId: string | null = null;

  override render() {
    const chosen = this.serviceId;
    return html`
      <ul class="options" part="service-list" aria-label="Services">
        ${this.services.map(
          (service) =>
            html`<li>
              <button
                type="button"
                class="option"
                part="option"
                aria-pressed=${service.id === chosen}
                @click=${() => this.#chooseService(service.id)}
              >
                <span class="option-name">${service.name}</span>
                <span class="option-meta"
                  >${formatDuration(service.durationMinutes)}${service.price ? html` · ${formatMoney(service.price)}` : nothing}</span
                >
                ${service.description ? html`<span class="hint">${service.description}</span>` : nothing}
              </button>
            </li>`,
        )}
      </ul>
      ${chosen ? this.#renderPractitioners() : nothing}
    `;
  }

  #renderPractitioners() {
    const chosen = this.practitionerId;
    return html`<h3 class="section-title" id="who" tabindex="-1">Who would you like to see?</h3>
      <ul class="options" part="practitioner-list" aria-labelledby="who">
        <li>
          <button
            type="button"
            class="option"
            part="option"
            aria-pressed=${chosen === ANY_PRACTITIONER}
            @click=${() => this.#choosePractitioner(ANY_PRACTITIONER)}
          >
            <span class="option-name">Any available practitioner</span>
            <span class="option-meta">See the most times</span>
          </button>
        </li>
        ${this.practitioners.map(
          (p) =>
            html`<li>
              <button
                type="button"
                class="option"
                part="option"
                aria-pressed=${chosen === p.id}
                @click=${() => this.#choosePractitioner(p.id)}
              >
                <span class="option-name">${p.name}</span>
                ${p.title ? html`<span class="option-meta">${p.title}</span>` : nothing}
                ${p.bio ? html`<span class="hint">${p.bio}</span>` : nothing}
              </button>
            </li>`,
        )}
      </ul>`;
  }

  async #chooseService(serviceId: string) {
    const changed = serviceId !== this.serviceId;
    this.dispatchEvent(new CustomEvent('service-chosen', { detail: { serviceId }, bubbles: true }));
    if (changed) {
      // Focus goes to the question that now follows, once the new service's practitioners show.
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#who')?.focus();
    }
  }

  #choosePractitioner(practitionerId: string) {
    this.dispatchEvent(new CustomEvent('practitioner-chosen', { detail: { practitionerId }, bubbles: true }));
  }
}

safeDefine('cb-step-service', StepService);

declare global {
  interface HTMLElementTagNameMap {
    'cb-step-service': StepService;
  }
  interface HTMLElementEventMap {
    'service-chosen': ServiceChosenEvent;
    'practitioner-chosen': PractitionerChosenEvent;
  }
}
