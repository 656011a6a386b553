import { css } from 'lit';
import { sharedStyles } from '../styles/shared.styles.js';

export const auditStyles = [
  sharedStyles,
  css`
    :host {
      display: block;
    }

    .refresh {
      margin-inline-start: auto;
    }

    ol {
      margin: 0;
      padding: 0;
      list-style: none;
      max-block-size: 360px;
      overflow-y: auto;
    }

    li {
      display: grid;
      grid-template-columns: auto auto minmax(0, 1fr);
      gap: 2px 10px;
      align-items: baseline;
      padding: 8px 16px;
      border-block-end: 1px solid var(--c-border);
      font-size: 13px;
    }

    li:last-child {
      border-block-end: 0;
    }

    .time {
      color: var(--c-muted);
      font-variant-numeric: tabular-nums;
    }

    .action {
      padding: 0 6px;
      border-radius: 4px;
      font-size: 12px;
      font-weight: 700;
      background: var(--c-surface-2);
      border: 1px solid var(--c-border);
    }

    .action.publish {
      background: var(--c-ok-soft);
      border-color: #a9dcbf;
      color: var(--c-ok);
    }

    .action.update {
      background: #e8f0fb;
      border-color: #b7cdee;
      color: var(--c-accent);
    }

    .action.retract {
      background: var(--c-urgent-soft);
      border-color: #f1b8c1;
      color: var(--c-urgent-strong);
    }

    .actor {
      color: var(--c-muted);
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }

    .text {
      grid-column: 1 / -1;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }

    .empty {
      margin: 0;
      padding: 20px 16px;
      color: var(--c-muted);
      font-size: 14px;
      text-align: center;
    }

    .failure {
      margin: 12px 16px;
    }
  `,
];
