import { css } from 'lit';
import { recordStyles } from '../styles/record.styles.js';
import { sharedStyles } from '../styles/shared.styles.js';

export const scheduledRowStyles = [
  sharedStyles,
  recordStyles,
  css`
    :host {
      display: block;
      container-type: inline-size;
    }

    .held {
      display: flex;
      flex-direction: column;
      gap: 6px;
      padding: 12px 16px;
      border-block-end: 1px solid var(--c-border);
      border-inline-start: 3px solid transparent;
    }

    .held.urgent {
      border-inline-start-color: var(--c-urgent);
    }

    .when,
    .text,
    .meta {
      margin: 0;
    }

    .when {
      display: flex;
      flex-wrap: wrap;
      align-items: baseline;
      gap: 2px 10px;
      font-size: 13px;
      font-weight: 700;
    }

    .relative {
      color: var(--c-muted);
      font-weight: 400;
    }

    .text {
      font-size: 15px;
      font-weight: 600;
      overflow-wrap: anywhere;
    }

    .meta {
      display: flex;
      flex-wrap: wrap;
      gap: 2px 12px;
      color: var(--c-muted);
      font-size: 12px;
    }

    .meta a {
      color: var(--c-accent);
      overflow-wrap: anywhere;
    }

    .danger-text {
      color: var(--c-urgent-strong);
    }
  `,
];
