import { css } from 'lit';
import { recordStyles } from '../styles/record.styles.js';
import { sharedStyles } from '../styles/shared.styles.js';

export const sourceRowStyles = [
  sharedStyles,
  recordStyles,
  css`
    :host {
      display: block;
      container-type: inline-size;
    }

    .source {
      display: flex;
      flex-direction: column;
      gap: 10px;
      padding: 14px 16px;
      border-block-end: 1px solid var(--c-border);
    }

    .source.paused {
      background: var(--c-surface-2);
    }

    .head {
      display: flex;
      flex-wrap: wrap;
      align-items: baseline;
      gap: 4px 10px;
    }

    .url {
      margin: 0;
      font-family: ui-monospace, 'DejaVu Sans Mono', monospace;
      font-size: 14px;
      font-weight: 700;
      overflow-wrap: anywhere;
      text-align: start;
    }

    .url:focus {
      outline: none;
    }

    .status.active {
      background: var(--c-ok-soft);
      border: 1px solid #a9dcbf;
      color: var(--c-ok);
    }

    .status.paused {
      background: var(--c-warn-soft);
      border: 1px solid #f0cf95;
      color: var(--c-warn);
    }

    .error-text {
      color: var(--c-urgent-strong);
      overflow-wrap: anywhere;
    }

    .failures {
      display: block;
      color: var(--c-warn);
    }

    .rules {
      margin: 0;
      padding-inline-start: 1.1em;
    }

    .danger-text {
      color: var(--c-urgent-strong);
    }

    .field-error {
      margin: 0;
    }
  `,
];
