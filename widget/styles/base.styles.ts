/**
 * Resets and shared pieces every part of the widget uses: box sizing, buttons, focus
 * ring, visually-hidden text. Sizes are in px, not rem, because a host page's root font
 * size (often 62.5% on WordPress themes) must not shrink the widget.
 */
import { css } from 'lit';

export const baseStyles = css`
  :host {
    display: block;
    box-sizing: border-box;
    font-family: var(--_font);
    color: var(--_text);
    font-size: 16px;
    line-height: 1.5;
    text-align: start;
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
  :focus-visible {
    outline: 3px solid var(--_primary);
    outline-offset: 2px;
  }
  .button-primary {
    min-height: 44px;
    padding: 10px 20px;
    border: none;
    border-radius: var(--_radius);
    background: var(--_primary);
    color: var(--_on-primary);
    font-weight: 600;
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
