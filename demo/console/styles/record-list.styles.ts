import { css } from 'lit';

/** A list of records (partners, sources, webhook endpoints, scheduled headlines) in a card: its header with a count and actions, an intro, a failure, the list and its empty state. */
export const recordListStyles = css`
  :host {
    display: block;
  }

  .card-header {
    flex-wrap: wrap;
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

  .spacer {
    flex: 1;
  }

  .intro {
    margin: 0;
    padding: 10px 16px;
    border-block-end: 1px solid var(--c-border);
    color: var(--c-muted);
    font-size: 13px;
  }

  .failure {
    margin: 12px 16px;
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
    font-size: 14px;
    text-align: center;
  }
`;
