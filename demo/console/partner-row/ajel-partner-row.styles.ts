import { css } from 'lit';
import { recordStyles } from '../styles/record.styles.js';
import { sharedStyles } from '../styles/shared.styles.js';

export const partnerRowStyles = [
  sharedStyles,
  recordStyles,
  css`
    :host {
      display: block;
      container-type: inline-size;
    }

    .partner {
      display: flex;
      flex-direction: column;
      gap: 12px;
      padding: 14px 16px;
      border-block-end: 1px solid var(--c-border);
    }

    .partner.revoked {
      background: var(--c-surface-2);
    }

    .head {
      display: flex;
      flex-wrap: wrap;
      align-items: baseline;
      gap: 4px 10px;
    }

    .name {
      margin: 0;
      font-size: 16px;
      font-weight: 800;
      overflow-wrap: anywhere;
    }

    .name:focus {
      outline: none;
    }

    .id,
    .kid {
      font-family: ui-monospace, 'DejaVu Sans Mono', monospace;
      font-size: 13px;
      color: var(--c-muted);
    }

    .status.active {
      background: var(--c-ok-soft);
      border: 1px solid #a9dcbf;
      color: var(--c-ok);
    }

    .status.revoked {
      background: var(--c-urgent-soft);
      border: 1px solid #f1b8c1;
      color: var(--c-urgent-strong);
    }

    .body {
      display: grid;
      grid-template-columns: minmax(0, 1fr);
      gap: 12px 24px;
      align-items: start;
    }

    .credential {
      display: flex;
      flex-wrap: wrap;
      align-items: baseline;
      gap: 2px 8px;
    }

    .kind {
      font-weight: 600;
    }

    .retiring {
      flex-basis: 100%;
      color: var(--c-warn);
    }

    .usage dl {
      display: grid;
      grid-template-columns: repeat(4, minmax(0, 1fr));
      gap: 8px;
    }

    .figure {
      display: flex;
      flex-direction: column-reverse;
      justify-content: flex-end;
      gap: 2px;
      padding: 8px 10px;
      border: 1px solid var(--c-border);
      border-radius: var(--radius);
      background: var(--c-surface);
    }

    .figure dt {
      color: var(--c-muted);
      font-size: 12px;
      line-height: 1.3;
    }

    .figure dd {
      font-size: 20px;
      font-weight: 800;
      font-variant-numeric: tabular-nums;
    }

    .figure[data-figure='live'] dd {
      color: var(--c-ok);
    }

    .missing {
      color: var(--c-muted);
    }

    .revoke {
      color: var(--c-urgent-strong);
    }

    /* A revoked partner has no actions: without a notice there is nothing to show. */
    .footer:not(:has(.actions)):has(.notice:empty) {
      display: none;
    }

    .rotate-form {
      display: flex;
      flex-direction: column;
      gap: 14px;
    }

    .rotate-form > .hint {
      margin: 0;
      font-size: 13px;
    }

    /* Wide: what it is beside how much it is used, the figures two by two. */
    @container (min-width: 820px) {
      .body {
        grid-template-columns: minmax(0, 3fr) minmax(0, 2fr);
      }

      .usage dl {
        grid-template-columns: repeat(2, minmax(0, 1fr));
      }
    }

    @container (max-width: 560px) {
      .usage dl {
        grid-template-columns: repeat(2, minmax(0, 1fr));
      }
    }

  `,
];
