import { css } from 'lit';
import { recordFormStyles } from '../styles/record-form.styles.js';
import { sharedStyles } from '../styles/shared.styles.js';

export const webhookFormStyles = [
  sharedStyles,
  recordFormStyles,
  css`
    .channels {
      margin: 0;
      padding: 0;
      border: 0;
      min-inline-size: 0;
    }

    .choices {
      display: flex;
      flex-wrap: wrap;
      gap: 6px 16px;
    }

    .check {
      display: inline-flex;
      align-items: center;
      gap: 6px;
      font-family: ui-monospace, 'DejaVu Sans Mono', monospace;
      font-size: 13px;
      cursor: pointer;
    }
  `,
];
