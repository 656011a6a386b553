import { css } from 'lit';

/** The console's modal dialogs (adding a partner, rotating its credential): a card over a dimmed page. */
export const dialogStyles = css`
  dialog {
    inline-size: min(560px, calc(100vw - 24px));
    max-block-size: calc(100vh - 24px);
    padding: 0;
    border: 1px solid var(--c-border);
    border-radius: 8px;
    background: var(--c-surface);
    color: var(--c-text);
    box-shadow: 0 12px 40px rgb(16 24 40 / 0.28);
  }

  dialog::backdrop {
    background: rgb(17 24 33 / 0.55);
  }

  .dialog-header {
    display: flex;
    align-items: center;
    gap: 10px;
    padding: 14px 18px;
    border-block-end: 1px solid var(--c-border);
  }

  .dialog-title {
    margin: 0;
    font-size: 16px;
    font-weight: 800;
    overflow-wrap: anywhere;
  }

  .dialog-body {
    display: flex;
    flex-direction: column;
    gap: 14px;
    padding: 16px 18px 18px;
  }

  .dialog-actions {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
  }
`;
