/**
 * Step 1: the patient picks a kind of care (a service category).
 */
import { LitElement, css, html } from 'lit';
import { property } from 'lit/decorators.js';
import type { Category } from '../../shared/contract.ts';
import { baseStyles } from '../styles/base.styles.ts';

/** Fired when the patient picks a category; `detail.categoryId` is its id. */
export type CategoryChosenEvent = CustomEvent<{ categoryId: string }>;

export class StepCategory extends LitElement {
  static override styles = [
    baseStyles,
    css`
      ul {
        display: grid;
        gap: calc(var(--_space) * 0.75);
        padding: 0;
        list-style: none;
      }
      button {
        display: block;
        width: 100%;
        min-height: 44px;
        padding: calc(var(--_space) * 0.75) var(--_space);
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
        background: var(--_surface);
        text-align: start;
      }
      button:hover {
        border-color: var(--_primary);
      }
      .name {
        display: block;
        font-weight: 600;
      }
      .description {
        display: block;
        color: var(--_muted);
        font-size: 14px;
      }
    `,
  ];

  /** The clinic's categories, in the order the clinic lists them. */
  @property({ attribute: false }) categories: Category[] = [];

  override render() {
    return html`<ul part="category-list">
      ${this.categories.map(
        (category) => html`<li>
          <button type="button" part="option" @click=${() => this.#choose(category.id)}>
            <span class="name">${category.name}</span>
            ${category.description ? html`<span class="description">${category.description}</span>` : null}
          </button>
        </li>`,
      )}
    </ul>`;
  }

  #choose(categoryId: string) {
    this.dispatchEvent(new CustomEvent('category-chosen', { detail: { categoryId }, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cb-step-category': StepCategory;
  }
}
