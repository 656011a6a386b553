import { css } from 'lit';
import { sharedStyles } from '../styles/shared.styles.js';

export const credentialFieldStyles = [
  sharedStyles,
  css`
    :host {
      display: block;
    }

    fieldset {
      display: flex;
      flex-direction: column;
      gap: 8px;
      min-inline-size: 0;
      margin: 0;
      padding: 0;
      border: 0;
    }

    legend {
      padding: 0;
      margin-block-end: 4px;
    }

    .choice {
      display: flex;
      align-items: flex-start;
      gap: 10px;
      padding: 8px 12px;
      border: 1px solid var(--c-border-strong);
      border-radius: var(--radius);
      font-size: 14px;
      cursor: pointer;
    }

    .choice:has(input:checked) {
      border-color: var(--c-accent);
      background: #e8f0fb;
    }

    .choice input {
      flex: none;
      margin: 3px 0 0;
      accent-color: var(--c-accent);
    }

    textarea.input {
      font-family: ui-monospace, 'DejaVu Sans Mono', monospace;
      font-size: 13px;
      resize: vertical;
    }
  `,
];
