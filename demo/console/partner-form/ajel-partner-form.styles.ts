import { css } from 'lit';
import { sharedStyles } from '../styles/shared.styles.js';

export const partnerFormStyles = [
  sharedStyles,
  css`
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
  `,
];
