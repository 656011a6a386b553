import { css } from 'lit';
import { sharedStyles } from '../styles/shared.styles.js';

export const secretRevealStyles = [
  sharedStyles,
  css`
    :host {
      display: flex;
      flex-direction: column;
      gap: 12px;
    }

    .once {
      margin: 0;
      font-weight: 700;
    }

    .copy-row {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px 12px;
    }

    /* The whole secret in view, broken anywhere, so nothing of it hides past the field's edge. */
    .mono {
      resize: none;
      font-family: ui-monospace, 'DejaVu Sans Mono', monospace;
      font-size: 14px;
      word-break: break-all;
    }

    .copy-outcome {
      flex: 1;
      min-inline-size: 12em;
      margin: 0;
      color: var(--c-ok);
      font-size: 13px;
      font-weight: 600;
    }

    .copy-outcome.failed {
      color: var(--c-warn);
    }

    .kid {
      margin: 0;
      color: var(--c-muted);
      font-size: 13px;
    }

    code {
      font-family: ui-monospace, 'DejaVu Sans Mono', monospace;
      color: var(--c-text);
    }
  `,
];
