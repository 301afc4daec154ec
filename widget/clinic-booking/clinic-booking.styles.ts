import { css } from 'lit';

export const clinicBookingStyles = css`
  /*
   * The page's rules beat ':host' ones, and inherited text properties cross into the shadow
   * tree, so the frame sets them again: a site builder's global line-height, letter-spacing
   * or root font size must not reshape the widget. Font family and text colour are left to
   * the tokens, which follow the page by default.
   */
  .frame {
    font-family: var(--_font);
    font-size: 16px;
    font-style: normal;
    font-weight: 400;
    font-variant: normal;
    font-stretch: normal;
    line-height: 1.5;
    letter-spacing: normal;
    word-spacing: normal;
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
  .progress {
    color: var(--_muted);
    font-size: 14px;
  }
  .clinic-name {
    color: var(--_muted);
    font-size: 14px;
  }
  h2 {
    font-size: 22px;
    line-height: 1.3;
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
