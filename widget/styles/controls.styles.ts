/**
 * Controls every step shares: option cards, the secondary and link buttons, form fields
 * with their hints and errors, and the action row. Targets are at least 44px tall. Under
 * forced colours (Windows high contrast) the chosen option is drawn in the system's
 * highlight colours, since the brand colours that mark it otherwise are replaced.
 */
import { css } from 'lit';

export const controlStyles = css`
  .options {
    display: grid;
    gap: calc(var(--_space) * 0.5);
    padding: 0;
    list-style: none;
  }
  .option {
    display: block;
    width: 100%;
    min-height: 44px;
    padding: calc(var(--_space) * 0.75) var(--_space);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    text-align: start;
  }
  .option:hover {
    border-color: var(--_primary);
  }
  .option[aria-pressed='true'] {
    border-color: var(--_primary);
    box-shadow: inset 0 0 0 2px var(--_primary);
  }
  .option-name {
    display: block;
    font-weight: 600;
  }
  .option-meta,
  .hint {
    display: block;
    color: var(--_muted);
    font-size: 0.875em;
  }
  .button-secondary,
  .button-link {
    min-height: 44px;
    padding: 10px 16px;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  .button-link {
    min-height: 24px;
    padding: 2px 4px;
    border: none;
    background: none;
    color: var(--_primary);
    text-decoration: underline;
  }
  .button-primary[aria-disabled='true'] {
    opacity: 0.7;
    cursor: progress;
  }
  .button-link:disabled,
  .button-secondary[aria-disabled='true'] {
    color: var(--_muted);
    text-decoration: none;
    cursor: default;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) * 0.5);
    justify-content: space-between;
    margin-top: calc(var(--_space) * 1.25);
  }
  .actions > :only-child {
    margin-inline-start: auto;
  }
  .section-title {
    margin: var(--_space) 0 calc(var(--_space) * 0.5);
    font-size: 1.0625em;
  }
  .field {
    display: grid;
    gap: 4px;
    margin-bottom: calc(var(--_space) * 0.75);
  }
  .field label,
  .field legend {
    font-weight: 600;
  }
  label .hint,
  legend .hint {
    display: inline;
    font-weight: 400;
  }
  input,
  textarea,
  select {
    width: 100%;
    min-height: 44px;
    padding: 8px 10px;
    border: 1px solid var(--_border-strong);
    border-radius: calc(var(--_radius) * 0.75);
    background: var(--_surface);
    color: inherit;
    font: inherit;
  }
  input[type='checkbox'],
  input[type='radio'] {
    width: 24px;
    min-height: 24px;
    height: 24px;
    margin: 0;
    accent-color: var(--_primary);
  }
  [aria-invalid='true'] {
    border-color: var(--_error);
    border-width: 2px;
  }
  .error-text {
    color: var(--_error);
    font-size: 0.875em;
  }
  .notice {
    margin-bottom: var(--_space);
    padding: calc(var(--_space) * 0.75);
    border-inline-start: 4px solid var(--_error);
    border-radius: 4px;
    background: color-mix(in srgb, var(--_error) 8%, var(--_surface));
  }
  .grid-2 {
    display: grid;
    gap: 0 var(--_space);
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 220px), 1fr));
  }
  .check {
    display: flex;
    gap: 10px;
    align-items: flex-start;
  }
  /* A long label beside it must not squeeze the box (at 320px it was 13px wide). */
  .check > input {
    flex: none;
  }
  fieldset {
    min-width: 0;
    margin: 0;
    padding: 0;
    border: none;
  }
  @media (forced-colors: active) {
    /* Not adjusted, or a Canvas backplate hides the HighlightText. */
    .option[aria-pressed='true'] {
      forced-color-adjust: none;
      border-color: Highlight;
      background: Highlight;
      color: HighlightText;
    }
    .option[aria-pressed='true'] * {
      color: inherit;
    }
    .button-link:disabled,
    .button-secondary[aria-disabled='true'],
    .button-primary[aria-disabled='true'] {
      color: GrayText;
    }
  }
`;
