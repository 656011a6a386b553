import { css } from 'lit';

/** The forms that add or change a record (a partner, a source, a webhook endpoint): fields in a column, monospace values, the failure and the actions. */
export const recordFormStyles = css`
  :host {
    display: block;
  }

  form {
    display: flex;
    flex-direction: column;
    gap: 14px;
  }

  .mono {
    font-family: ui-monospace, 'DejaVu Sans Mono', monospace;
    font-size: 14px;
  }

  .known {
    font-family: ui-monospace, 'DejaVu Sans Mono', monospace;
    white-space: nowrap;
  }

  textarea.input {
    resize: vertical;
  }

  .alert {
    margin: 0;
  }

  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
  }
`;
