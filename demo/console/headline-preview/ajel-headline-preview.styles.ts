import { css } from 'lit';
import { sharedStyles } from '../styles/shared.styles.js';

export const previewStyles = [
  sharedStyles,
  css`
    :host {
      display: block;
    }

    .frame {
      overflow: hidden;
      border: 1px dashed var(--c-border-strong);
      border-radius: var(--radius);
      background: var(--c-surface-2);
    }

    ajel-ticker {
      display: block;
    }

    .empty {
      margin: 0;
      padding: 11px 14px;
      color: var(--c-muted);
      font-size: 14px;
    }
  `,
];
