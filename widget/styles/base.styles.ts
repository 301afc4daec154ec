/**
 * Resets and shared pieces every part of the widget uses: box sizing, buttons, focus
 * ring, visually-hidden text. Text sizes are in em of the frame's size (`--cb-font-size`,
 * by default the browser's own), never rem: a host page's root font size (often 62.5% on
 * WordPress themes) must not shrink the widget. Text properties are inherited from the
 * frame, not set again on each part, so a patient's text-spacing override reaches them all.
 */
import { css } from 'lit';

export const baseStyles = css`
  :host {
    display: block;
    box-sizing: border-box;
  }
  /* Not 'inherit': a page's '* { box-sizing: content-box }' reaches the outer host. */
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  h2,
  h3,
  p,
  ul {
    margin: 0;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  button {
    font: inherit;
    color: inherit;
    cursor: pointer;
  }
  /* The browser's own sheet resets these on controls; a text-spacing override must reach them. */
  button,
  input,
  textarea,
  select {
    letter-spacing: inherit;
    word-spacing: inherit;
  }
  :focus-visible {
    outline: 3px solid var(--_primary);
    outline-offset: 2px;
  }
  .button-primary {
    min-height: 44px;
    padding: 9px 19px;
    /* Invisible, except under forced colours, where it keeps the button's outline. */
    border: 1px solid transparent;
    border-radius: var(--_radius);
    background: var(--_primary);
    color: var(--_on-primary);
    font-weight: 600;
  }
  /* Forced colours replace the primary background; its text colour must not stay the one
     meant for it (Chrome still reports that one as the text's fill colour). */
  @media (forced-colors: active) {
    .button-primary {
      border-color: ButtonText;
      background: ButtonFace;
      color: ButtonText;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    *,
    *::before,
    *::after {
      animation: none !important;
      transition: none !important;
    }
  }
`;
