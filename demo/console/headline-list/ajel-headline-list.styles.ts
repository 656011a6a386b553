import { css } from 'lit';
import { sharedStyles } from '../styles/shared.styles.js';

export const listStyles = [
  sharedStyles,
  css`
    :host {
      display: block;
    }

    .count {
      display: inline-grid;
      place-items: center;
      min-inline-size: 24px;
      padding-inline: 6px;
      border-radius: 999px;
      background: var(--c-surface-2);
      border: 1px solid var(--c-border);
      font-size: 12px;
      font-weight: 700;
    }

    .card-header {
      flex-wrap: wrap;
    }

    .push-subscribers {
      font-size: 12px;
      color: var(--c-muted);
    }

    .status {
      display: inline-flex;
      align-items: center;
      gap: 6px;
      margin-inline-start: auto;
      font-size: 12px;
      font-weight: 700;
      color: var(--c-muted);
    }

    .status::before {
      content: '';
      inline-size: 8px;
      block-size: 8px;
      border-radius: 50%;
      background: currentColor;
    }

    .status.live {
      color: var(--c-ok);
    }

    .status.reconnecting,
    .status.connecting {
      color: var(--c-warn);
    }

    .status.failed {
      color: var(--c-urgent);
    }

    ol {
      margin: 0;
      padding: 0;
      list-style: none;
    }

    .empty {
      margin: 0;
      padding: 28px 16px;
      color: var(--c-muted);
      text-align: center;
      font-size: 14px;
    }

    .failure {
      margin: 12px 16px;
    }
  `,
];
