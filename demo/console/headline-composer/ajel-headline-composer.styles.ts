import { css } from 'lit';
import { sharedStyles } from '../styles/shared.styles.js';
import { urgentToggleStyles } from '../styles/urgent-toggle.styles.js';

export const composerStyles = [
  sharedStyles,
  urgentToggleStyles,
  css`
    :host {
      display: block;
    }

    .target {
      display: inline-flex;
      align-items: center;
      gap: 6px;
      margin-inline-start: auto;
      color: var(--c-muted);
      font-size: 13px;
    }

    .channel {
      padding: 1px 8px;
      border: 1px solid var(--c-border);
      border-radius: 4px;
      background: var(--c-surface-2);
      color: var(--c-text);
      font-family: ui-monospace, 'DejaVu Sans Mono', monospace;
      font-size: 13px;
    }

    .channel-error {
      padding: 10px 16px 0;
    }

    form {
      display: flex;
      flex-direction: column;
      gap: 16px;
      padding: 16px;
    }

    form.urgent {
      box-shadow: inset 4px 0 0 var(--c-urgent);
    }

    :host(:dir(rtl)) form.urgent {
      box-shadow: inset -4px 0 0 var(--c-urgent);
    }

    .label-row {
      display: flex;
      justify-content: space-between;
      align-items: baseline;
    }

    .counter {
      color: var(--c-muted);
      font-size: 12px;
      font-variant-numeric: tabular-nums;
    }

    .counter.near {
      color: var(--c-warn);
    }

    .counter.over {
      color: var(--c-urgent);
      font-weight: 700;
    }

    textarea.input {
      min-block-size: 84px;
      resize: vertical;
      font-size: 17px;
      font-weight: 600;
      line-height: 1.6;
    }

    .row {
      display: grid;
      grid-template-columns: minmax(0, 1fr) minmax(150px, auto);
      gap: 16px;
      align-items: start;
    }

    /* On a phone the urgent switch and the expiry each take the whole width: side by side, the switch's words overflowed its box. */
    @media (max-width: 420px) {
      .row {
        grid-template-columns: minmax(0, 1fr);
      }
    }


    .when {
      margin: 0;
      padding: 0;
      border: 0;
      min-inline-size: 0;
    }

    .choices {
      display: flex;
      flex-wrap: wrap;
      gap: 4px 18px;
      font-size: 14px;
    }

    .choice {
      display: inline-flex;
      align-items: center;
      gap: 6px;
      cursor: pointer;
    }

    .actions {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 12px;
      border-block-start: 1px solid var(--c-border);
      padding-block-start: 14px;
    }

    .publish {
      min-inline-size: 140px;
      min-block-size: 40px;
      font-size: 15px;
    }

    .shortcut {
      color: var(--c-muted);
      font-size: 12px;
    }

    kbd {
      padding: 0 4px;
      border: 1px solid var(--c-border-strong);
      border-block-end-width: 2px;
      border-radius: 3px;
      background: var(--c-surface-2);
      font-family: ui-monospace, 'DejaVu Sans Mono', monospace;
      font-size: 11px;
    }

    .clear {
      margin-inline-start: auto;
    }

    .alert p {
      margin: 0;
      flex: 1 1 16em;
    }

    .alert .detail {
      display: block;
      font-weight: 400;
    }
  `,
];
