import { css } from 'lit';
import { sharedStyles } from '../styles/shared.styles.js';

export const signInStyles = [
  sharedStyles,
  css`
    :host {
      display: grid;
      place-items: center;
      min-block-size: 100%;
      padding: 48px 16px;
    }

    .panel {
      inline-size: min(420px, 100%);
      padding: 28px 28px 24px;
    }

    .brand {
      display: flex;
      align-items: center;
      gap: 10px;
      margin-block-end: 18px;
    }

    .mark {
      display: grid;
      place-items: center;
      inline-size: 40px;
      block-size: 40px;
      border-radius: 8px;
      background: var(--c-urgent);
      color: #fff;
      font-size: 17px;
      font-weight: 800;
    }

    h1 {
      margin: 0;
      font-size: 20px;
    }

    .intro {
      margin: 0 0 20px;
      color: var(--c-muted);
      font-size: 14px;
      line-height: 1.7;
    }

    form {
      display: flex;
      flex-direction: column;
      gap: 14px;
    }

    .input {
      font-family: ui-monospace, 'DejaVu Sans Mono', monospace;
    }

    .footer {
      display: flex;
      justify-content: flex-end;
      margin-block-start: 18px;
    }
  `,
];
