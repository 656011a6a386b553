import { css } from 'lit';
import { recordFormStyles } from '../styles/record-form.styles.js';
import { sharedStyles } from '../styles/shared.styles.js';

export const sourceFormStyles = [
  sharedStyles,
  recordFormStyles,
  css`
    .check {
      display: flex;
      align-items: flex-start;
      gap: 8px;
      font-size: 14px;
      cursor: pointer;
    }

    .check input {
      margin-block-start: 4px;
    }

    .short {
      max-inline-size: 12em;
    }
  `,
];
