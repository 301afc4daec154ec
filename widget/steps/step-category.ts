/**
 * Step 1: the patient picks a kind of care (a service category). Takes the categories and
 * the earlier choice as properties and reports the choice as `category-chosen`.
 */
import { LitElement, html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import type { Category } from '../../shared/contract.ts';
import { baseStyles } from '../styles/base.styles.ts';
import { controlStyles } from '../styles/controls.styles.ts';
import { safeDefine } from '../internal/safe-define.ts';

/** Fired when the patient picks a category; `detail.categoryId` is its id. */
export type CategoryChosenEvent = CustomEvent<{ categoryId: string }>;

export class StepCategory extends LitElement {
  static override styles = [baseStyles, controlStyles];

  /** The clinic's categories, in the order the clinic lists them. */
  @property({ attribute: false }) categories: Category[] = [];
  /** The category chosen earlier, shown as pressed when the patient comes back. */
  @property() selected: string | null = null;

  override render() {
    return html`<ul class="options" part="category-list" aria-label="Kinds of care">
      ${this.categories.map(
        (category) =>
          html`<li>
            <button
              type="button"
              class="option"
              part="option"
              aria-pressed=${category.id === this.selected}
              @click=${() => this.#choose(category.id)}
            >
              <span class="option-name">${category.name}</span>
              ${category.description ? html`<span class="hint">${category.description}</span>` : nothing}
            </button>
          </li>`,
      )}
    </ul>`;
  }

  #choose(categoryId: string) {
    this.dispatchEvent(new CustomEvent('category-chosen', { detail: { categoryId }, bubbles: true }));
  }
}

safeDefine('cb-step-category', StepCategory);

declare global {
  interface HTMLElementTagNameMap {
    'cb-step-category': StepCategory;
  }
  interface HTMLElementEventMap {
    'category-chosen': CategoryChosenEvent;
  }
}
