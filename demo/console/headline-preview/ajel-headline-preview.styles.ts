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

    /* Drawn when the page's widget cannot be given headlines: the ticker's default look, standing still. */
    .strip {
      display: flex;
      align-items: stretch;
      min-block-size: 2.75em;
      background: #ffffff;
      color: #15171a;
      font-size: 15px;
    }

    .strip-label {
      display: flex;
      align-items: center;
      padding-inline: 14px;
      background: #c8102e;
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
    }

    .strip-item.urgent {
      font-weight: 700;
    }

    .strip-badge {
      flex: none;
      padding: 1px 8px;
      border-radius: 3px;
      background: #c8102e;
      color: #ffffff;
      font-size: 13px;
      font-weight: 800;
    }

    .strip-item .text {
      overflow: hidden;
      white-space: nowrap;
      text-overflow: ellipsis;
    }

    .strip-item a {
      color: inherit;
    }
  `,
];
