import { css } from 'lit';

/** The urgent switch, the same in the composer and in the correction form. */
export const urgentToggleStyles = css`
  .urgent-toggle {
    display: flex;
    align-items: center;
    gap: 10px;
    min-block-size: 36px;
    padding: 6px 12px;
    border: 1px solid var(--c-border-strong);
    border-radius: var(--radius);
    cursor: pointer;
    user-select: none;
  }

  .urgent-toggle.on {
    border-color: var(--c-urgent);
    background: var(--c-urgent-soft);
    color: var(--c-urgent-strong);
  }

  .urgent-toggle input {
    appearance: none;
    position: relative;
    flex: none;
    inline-size: 36px;
    block-size: 20px;
    margin: 0;
    border-radius: 999px;
    background: var(--c-border-strong);
    cursor: pointer;
    transition: background-color 0.15s;
  }

  .urgent-toggle input::after {
    content: '';
    position: absolute;
    inset-block-start: 2px;
    inset-inline-start: 2px;
    inline-size: 16px;
    block-size: 16px;
    border-radius: 50%;
    background: #fff;
    transition: inset-inline-start 0.15s;
  }

  .urgent-toggle input:checked {
    background: var(--c-urgent);
  }

  .urgent-toggle input:checked::after {
    inset-inline-start: 18px;
  }

  .urgent-toggle strong {
    font-size: 14px;
  }

  .urgent-toggle .hint {
    color: inherit;
    opacity: 0.85;
  }
`;
