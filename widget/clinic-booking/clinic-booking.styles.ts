import { css } from 'lit';

export const clinicBookingStyles = css`
  /*
   * Line height, letter and word spacing (the properties of WCAG 1.4.12) are set on the
   * element itself: that stops the values a site builder sets on 'body' from being
   * inherited, yet a patient's text-spacing override, which sets them '!important' on
   * every element, wins over these and reaches every part inside.
   */
  :host {
    line-height: 1.5;
    letter-spacing: normal;
    word-spacing: normal;
    /*
     * Page builders put 'transition: all' on every element, the widget's own included: its
     * text would then slide from the page's spacing to its own for a third of a second as it
     * appears. Important in ':host' is the one way the element's rules beat the page's.
     */
    transition: none !important;
  }
  /*
   * The page's rules beat ':host' ones, and inherited text properties cross into the shadow
   * tree, so the frame sets the others again: a site builder's global weight, alignment or
   * root font size must not reshape the widget. Font family and text colour are left to the
   * tokens, which follow the page by default.
   */
  .frame {
    font-family: var(--_font);
    font-size: var(--_font-size);
    font-style: normal;
    font-weight: 400;
    font-variant: normal;
    font-stretch: normal;
    text-align: start;
    text-indent: 0;
    text-transform: none;
    text-shadow: none;
    white-space: normal;
    word-break: normal;
    overflow-wrap: break-word;
    hyphens: manual;
    color: var(--_text);
    cursor: auto;
    visibility: visible;
    max-width: 720px;
    padding: var(--_space);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  header {
    margin-bottom: var(--_space);
  }
  .clinic-name {
    color: var(--_muted);
    font-size: 0.875em;
  }
  h2 {
    font-size: 1.375em;
    line-height: 1.3;
  }
  /* Inside the heading, so moving focus to it says where the patient is. */
  .progress {
    display: block;
    color: var(--_muted);
    font-size: 0.6364em;
    font-weight: 400;
  }
  h2:focus {
    outline: none;
  }
  .status {
    padding: var(--_space) 0;
    color: var(--_muted);
  }
  .error {
    color: var(--_error);
  }
`;
