import { css } from 'lit';
import { recordListStyles } from '../styles/record-list.styles.js';
import { sharedStyles } from '../styles/shared.styles.js';

export const sourceListStyles = [
  sharedStyles,
  recordListStyles,
  css`
    .channel {
      font-family: ui-monospace, 'DejaVu Sans Mono', monospace;
      font-size: 14px;
      font-weight: 600;
      color: var(--c-muted);
    }
  `,
];
