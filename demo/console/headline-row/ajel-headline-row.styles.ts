import { css } from 'lit';
import { sharedStyles } from '../styles/shared.styles.js';
import { urgentToggleStyles } from '../styles/urgent-toggle.styles.js';

export const rowStyles = [
  sharedStyles,
  urgentToggleStyles,
  css`
    :host {
      display: block;
      container-type: inline-size;
    }

    .item {
      display: grid;
      grid-template-columns: minmax(0, 1fr) auto;
      gap: 6px 14px;
      padding: 12px 16px;
      border-block-end: 1px solid var(--c-border);
      border-inline-start: 4px solid transparent;
    }

    .item.urgent {
      border-inline-start-color: var(--c-urgent);
      background: var(--c-urgent-soft);
    }

    .item.fresh {
      animation: arrive 2.4s ease-out;
    }

    @keyframes arrive {
      from {
        background-color: #fff3bf;
      }
    }

    @media (prefers-reduced-motion: reduce) {
      .item.fresh {
        animation: none;
        outline: 2px solid #f2c94c;
        outline-offset: -2px;
      }
    }

    .meta {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 4px 10px;
      color: var(--c-muted);
      font-size: 12px;
    }

    .time {
      font-variant-numeric: tabular-nums;
      font-weight: 700;
      color: var(--c-text);
    }

    .stats {
      display: inline-flex;
      flex-wrap: wrap;
      gap: 0 8px;
      font-variant-numeric: tabular-nums;
    }

    .stats > span + span::before {
      content: '·';
      margin-inline-end: 8px;
    }

    .expiry.soon {
      color: var(--c-urgent-strong);
      font-weight: 700;
    }

    .text {
      grid-column: 1;
      margin: 2px 0 0;
      font-size: 16px;
      font-weight: 600;
      line-height: 1.6;
      overflow-wrap: anywhere;
    }

    .urgent .text {
      color: var(--c-urgent-strong);
      font-weight: 800;
    }

    .link {
      grid-column: 1;
      justify-self: start;
      max-inline-size: 100%;
      overflow: hidden;
      color: var(--c-accent);
      font-size: 12px;
      text-overflow: ellipsis;
      white-space: nowrap;
    }

    .actions {
      grid-column: 2;
      grid-row: 1 / span 3;
      display: flex;
      align-items: flex-start;
      gap: 6px;
    }

    .retract {
      color: var(--c-urgent-strong);
    }

    .panel {
      grid-column: 1 / -1;
      display: flex;
      flex-direction: column;
      gap: 10px;
      margin-block-start: 6px;
      padding: 12px;
      border: 1px solid var(--c-border);
      border-radius: var(--radius);
      background: var(--c-surface);
    }

    .panel.danger {
      border-color: #f1b8c1;
    }

    .panel-title {
      margin: 0;
      font-size: 14px;
      font-weight: 700;
    }

    .panel-actions {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
    }

    .edit-row {
      display: grid;
      grid-template-columns: minmax(0, 1fr) auto;
      gap: 10px;
      align-items: end;
    }

    textarea.input {
      min-block-size: 64px;
      resize: vertical;
      font-weight: 600;
    }

    .panel-error {
      grid-column: 1 / -1;
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px;
    }

    /* In a narrow list the actions go under the text rather than squeezing it. */
    @container (max-width: 560px) {
      .item {
        grid-template-columns: minmax(0, 1fr);
      }

      .actions {
        grid-column: 1;
        grid-row: auto;
      }

      .edit-row {
        grid-template-columns: minmax(0, 1fr);
      }
    }
  `,
];
