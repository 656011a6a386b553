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

    /* Drawn when the page's widget cannot take given headlines: the ticker's own look, standing still. */
    .strip {
      display: flex;
      align-items: stretch;
      min-block-size: 42px;
      background: #ffffff;
      color: #14181d;
      font-size: 15px;
    }

    .strip-label {
      display: flex;
      align-items: center;
      padding-inline: 14px;
      background: #14181d;
      color: #ffffff;
      font-weight: 800;
    }

    .strip-item {
      flex: 1;
      display: flex;
      align-items: center;
      gap: 8px;
      min-inline-size: 0;
      padding-inline: 14px;
      overflow: hidden;
      white-space: nowrap;
      text-overflow: ellipsis;
    }

    .strip-item.urgent {
      background: var(--c-urgent);
      color: #ffffff;
      font-weight: 700;
    }

    .strip-item .text {
      overflow: hidden;
      text-overflow: ellipsis;
    }

    .strip-item a {
      color: inherit;
    }
  `,
];
