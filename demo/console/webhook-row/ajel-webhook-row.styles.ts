import { css } from 'lit';
import { recordStyles } from '../styles/record.styles.js';
import { sharedStyles } from '../styles/shared.styles.js';

export const webhookRowStyles = [
  sharedStyles,
  recordStyles,
  css`
    :host {
      display: block;
      container-type: inline-size;
    }

    .webhook {
      display: flex;
      flex-direction: column;
      gap: 10px;
      padding: 14px 16px;
      border-block-end: 1px solid var(--c-border);
    }

    .webhook.disabled {
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
    }

    .url:focus {
      outline: none;
    }

    .status.enabled {
      background: var(--c-ok-soft);
      border: 1px solid #a9dcbf;
      color: var(--c-ok);
    }

    .status.disabled {
      background: var(--c-urgent-soft);
      border: 1px solid #f1b8c1;
      color: var(--c-urgent-strong);
    }

    .description,
    .reason,
    .ping,
    .field-error {
      margin: 0;
      font-size: 13px;
    }

    .reason {
      color: var(--c-urgent-strong);
      font-weight: 600;
    }

    .ping:empty {
      display: none;
    }

    .ok {
      color: var(--c-ok);
      font-weight: 600;
    }

    .bad {
      color: var(--c-urgent-strong);
      font-weight: 600;
    }

    .last-delivery {
      display: flex;
      flex-wrap: wrap;
      gap: 2px 8px;
    }

    .danger-text {
      color: var(--c-urgent-strong);
    }

    .deliveries .none,
    .deliveries .hint {
      margin: 0;
      font-size: 13px;
    }

    .table-scroll {
      overflow-x: auto;
    }

    .attempts {
      inline-size: 100%;
      border-collapse: collapse;
      font-size: 12px;
    }

    .attempts th,
    .attempts td {
      padding: 4px 8px;
      border-block-end: 1px solid var(--c-border);
      text-align: start;
      white-space: nowrap;
    }

    .attempts th {
      color: var(--c-muted);
    }

    .dead-letters {
      display: flex;
      flex-direction: column;
      gap: 4px;
      margin: 0;
      padding: 0;
      list-style: none;
      font-size: 12px;
    }

    .dead-letters li {
      display: flex;
      flex-wrap: wrap;
      gap: 2px 10px;
    }
  `,
];
