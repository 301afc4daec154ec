/**
 * Step 2: the patient picks a service in the chosen category, then who they would like to
 * see, with "Any available practitioner" first.
 */
import { consume } from '@lit/context';
import { LitElement, html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import type { AvailabilityStore } from '../api/availability-store.ts';
import {
  asksReturningPatient,
  availabilityContext,
  clinicContext,
  flowContext,
  flowStateContext,
  type ClinicData,
} from '../context/booking-context.ts';
import { ANY_PRACTITIONER, type BookingFlow, type FlowState } from '../flow/booking-flow.ts';
import { formatDuration, formatMoney } from '../format/money.ts';
import { baseStyles } from '../styles/base.styles.ts';
import { controlStyles } from '../styles/controls.styles.ts';

export class StepService extends LitElement {
  static override styles = [baseStyles, controlStyles];

  @consume({ context: clinicContext }) @state() private clinic!: ClinicData;
  @consume({ context: flowContext }) @state() private flow!: BookingFlow;
  @consume({ context: flowStateContext, subscribe: true }) @state() private flowState!: FlowState;
  @consume({ context: availabilityContext }) @state() private availability!: AvailabilityStore;

  override render() {
    const category = this.flow.category;
    const services = category?.services ?? [];
    const chosen = this.flowState.serviceId;
    return html`
      <ul class="options" part="service-list" aria-label="Services">
        ${services.map(
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
      ${chosen ? this.#renderPractitioners(chosen) : nothing}
    `;
  }

  #renderPractitioners(serviceId: string) {
    const ids = new Set(this.flow.practitionerIdsForService(serviceId));
    const practitioners = this.clinic.practitioners.filter((p) => ids.has(p.id));
    const chosen = this.flowState.practitionerId;
    return html`<h3 class="section-title" id="who" tabindex="-1">Who would you like to see?</h3>
      <ul class="options" part="practitioner-list" aria-labelledby="who">
        <li>
          <button
            type="button"
            class="option"
            part="option"
            aria-pressed=${chosen === ANY_PRACTITIONER}
            @click=${() => this.flow.choosePractitioner(ANY_PRACTITIONER)}
          >
            <span class="option-name">Any available practitioner</span>
            <span class="option-meta">See the most times</span>
          </button>
        </li>
        ${practitioners.map(
          (p) =>
            html`<li>
              <button
                type="button"
                class="option"
                part="option"
                aria-pressed=${chosen === p.id}
                @click=${() => this.flow.choosePractitioner(p.id)}
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
    const changed = serviceId !== this.flowState.serviceId;
    this.flow.chooseService(serviceId);
    if (!asksReturningPatient(this.clinic) || this.flowState.returningPatient) {
      // The first month of times starts loading while the patient picks a practitioner.
      this.availability.prefetch({
        serviceId,
        practitionerId: ANY_PRACTITIONER,
        returningPatient: this.flowState.returningPatient,
        month: this.availability.bookable().first.slice(0, 7),
      });
    }
    if (changed) {
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#who')?.focus();
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cb-step-service': StepService;
  }
}
