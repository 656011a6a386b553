import { css } from 'lit';

/**
 * A record shown in a list (a partner, a feed source, a webhook endpoint): its facts as a
 * term/description grid, chips, the actions and the panels they open (a form, a confirmation),
 * and the notice after a change. The host sets `container-type: inline-size`.
 */
export const recordStyles = css`
  dl {
    margin: 0;
  }

  dd {
    margin: 0;
  }

  .facts {
    display: grid;
    grid-template-columns: max-content minmax(0, 1fr);
    gap: 6px 16px;
    font-size: 13px;
  }

  .fact {
    display: contents;
  }

  .fact dt {
    color: var(--c-muted);
    font-weight: 700;
  }

  .chips {
    display: flex;
    flex-wrap: wrap;
    gap: 4px;
    margin: 0;
    padding: 0;
    list-style: none;
  }

  .chips li {
    padding: 0 6px;
    border: 1px solid var(--c-border);
    border-radius: 4px;
    background: var(--c-surface-2);
    font-family: ui-monospace, 'DejaVu Sans Mono', monospace;
    font-size: 12px;
    line-height: 1.7;
    overflow-wrap: anywhere;
  }

  .none {
    color: var(--c-muted);
  }

  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
  }

  .panel {
    display: flex;
    flex-direction: column;
    gap: 10px;
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
    /* A question that names a long feed or endpoint URL. */
    overflow-wrap: anywhere;
  }

  .panel .hint {
    margin: 0;
  }

  .panel-actions {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
  }

  .footer {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 8px 14px;
  }

  .notice {
    margin: 0;
    color: var(--c-ok);
    font-size: 13px;
    font-weight: 600;
  }

  @container (max-width: 300px) {
    .facts {
      grid-template-columns: minmax(0, 1fr);
      gap: 2px;
    }

    .fact dd {
      margin-block-end: 6px;
    }
  }
`;
