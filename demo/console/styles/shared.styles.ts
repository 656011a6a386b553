import { css } from 'lit';

/**
 * The console's design tokens and controls, shared by every component's shadow root. Colours and
 * sizes are custom properties on :host, so the shell can set them once for all.
 */
export const sharedStyles = css`
  :host {
    --c-bg: #eef0f3;
    --c-surface: #ffffff;
    --c-surface-2: #f7f8fa;
    --c-border: #d9dde3;
    --c-border-strong: #b9c0ca;
    --c-text: #131a22;
    --c-muted: #5a6472;
    --c-accent: #0b5cad;
    --c-urgent: #c8102e;
    --c-urgent-strong: #a50d25;
    --c-urgent-soft: #fdecef;
    --c-ok: #0d7a3e;
    --c-ok-soft: #e7f6ee;
    --c-warn: #9a5b00;
    --c-warn-soft: #fff4e0;
    --c-focus: #2f6fde;
    --radius: 6px;
    --font-ui: 'Noto Sans Arabic', 'Segoe UI', system-ui, Tahoma, 'DejaVu Sans', sans-serif;
    box-sizing: border-box;
    font-family: var(--font-ui);
    color: var(--c-text);
  }

  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }

  [hidden] {
    display: none !important;
  }

  .visually-hidden {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }

  button,
  input,
  select,
  textarea {
    font: inherit;
    color: inherit;
  }

  :focus-visible {
    outline: 2px solid var(--c-focus);
    outline-offset: 2px;
  }

  .btn {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 6px;
    min-block-size: 34px;
    padding: 4px 14px;
    border: 1px solid var(--c-border-strong);
    border-radius: var(--radius);
    background: var(--c-surface);
    font-size: 14px;
    font-weight: 600;
    line-height: 1.2;
    white-space: nowrap;
    cursor: pointer;
  }

  .btn:hover:not(:disabled) {
    background: var(--c-surface-2);
    border-color: var(--c-muted);
  }

  .btn:disabled {
    cursor: not-allowed;
    opacity: 0.6;
  }

  .btn-primary {
    border-color: var(--c-accent);
    background: var(--c-accent);
    color: #fff;
  }

  .btn-primary:hover:not(:disabled) {
    border-color: #084a8c;
    background: #084a8c;
  }

  .btn-danger {
    border-color: var(--c-urgent);
    background: var(--c-urgent);
    color: #fff;
  }

  .btn-danger:hover:not(:disabled) {
    border-color: var(--c-urgent-strong);
    background: var(--c-urgent-strong);
  }

  .btn-quiet {
    border-color: transparent;
    background: transparent;
    color: var(--c-muted);
  }

  .btn-quiet:hover:not(:disabled) {
    border-color: var(--c-border);
    background: var(--c-surface-2);
    color: var(--c-text);
  }

  .btn-small {
    min-block-size: 28px;
    padding: 2px 10px;
    font-size: 13px;
  }

  .field {
    display: flex;
    flex-direction: column;
    gap: 4px;
  }

  .label {
    font-size: 13px;
    font-weight: 700;
    color: var(--c-text);
  }

  .hint {
    font-size: 12px;
    color: var(--c-muted);
  }

  .input {
    inline-size: 100%;
    min-block-size: 36px;
    padding: 6px 10px;
    border: 1px solid var(--c-border-strong);
    border-radius: var(--radius);
    background: var(--c-surface);
    font-size: 15px;
  }

  .input:focus-visible {
    outline-offset: 0;
    border-color: var(--c-focus);
  }

  .input[aria-invalid='true'] {
    border-color: var(--c-urgent);
    background: var(--c-urgent-soft);
  }

  .field-error {
    display: flex;
    gap: 6px;
    align-items: baseline;
    margin: 0;
    color: var(--c-urgent-strong);
    font-size: 13px;
    font-weight: 600;
  }

  .field-error::before {
    content: '!';
    display: inline-grid;
    place-items: center;
    flex: none;
    inline-size: 16px;
    block-size: 16px;
    border-radius: 50%;
    background: var(--c-urgent);
    color: #fff;
    font-size: 11px;
    font-weight: 800;
  }

  .badge {
    display: inline-flex;
    align-items: center;
    padding: 1px 8px;
    border-radius: 999px;
    font-size: 12px;
    font-weight: 700;
    line-height: 1.6;
    white-space: nowrap;
  }

  .badge-urgent {
    background: var(--c-urgent);
    color: #fff;
  }

  .badge-muted {
    background: var(--c-surface-2);
    border: 1px solid var(--c-border);
    color: var(--c-muted);
  }

  .alert {
    display: flex;
    flex-wrap: wrap;
    gap: 8px 12px;
    align-items: center;
    padding: 10px 12px;
    border: 1px solid;
    border-radius: var(--radius);
    font-size: 14px;
  }

  .alert-error {
    border-color: #f1b8c1;
    background: var(--c-urgent-soft);
    color: var(--c-urgent-strong);
  }

  .alert-ok {
    border-color: #a9dcbf;
    background: var(--c-ok-soft);
    color: var(--c-ok);
  }

  .alert-warn {
    border-color: #f0cf93;
    background: var(--c-warn-soft);
    color: var(--c-warn);
  }

  .card {
    border: 1px solid var(--c-border);
    border-radius: 8px;
    background: var(--c-surface);
    box-shadow: 0 1px 2px rgb(16 24 40 / 0.05);
  }

  .card-header {
    display: flex;
    align-items: center;
    gap: 10px;
    padding: 12px 16px;
    border-block-end: 1px solid var(--c-border);
  }

  .card-title {
    margin: 0;
    font-size: 15px;
    font-weight: 800;
  }
`;
