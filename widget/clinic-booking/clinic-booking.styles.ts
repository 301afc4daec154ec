import { css } from 'lit';

export const clinicBookingStyles = css`
  .frame {
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
