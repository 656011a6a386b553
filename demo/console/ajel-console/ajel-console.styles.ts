import { css } from 'lit';
import { sharedStyles } from '../styles/shared.styles.js';

export const consoleStyles = [
  sharedStyles,
  css`
    :host {
      display: flex;
      flex-direction: column;
      min-block-size: 100vh;
      background: var(--c-bg);
    }

    :host(:lang(en)) {
      --font-ui: system-ui, 'Segoe UI', Roboto, 'Liberation Sans', 'DejaVu Sans', sans-serif;
    }

    .topbar {
      position: sticky;
      inset-block-start: 0;
      z-index: 5;
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 10px 18px;
      padding: 10px 20px;
      background: #111821;
      color: #e8edf3;
      box-shadow: 0 1px 0 #000;
    }

    .brand {
      display: flex;
      align-items: center;
      gap: 10px;
      margin: 0;
      font-size: 17px;
      font-weight: 800;
    }

    .mark {
      display: grid;
      place-items: center;
      inline-size: 32px;
      block-size: 32px;
      border-radius: 6px;
      background: var(--c-urgent);
      color: #fff;
      font-size: 15px;
    }

    .brand .section {
      color: #9aa7b6;
      font-weight: 600;
    }

    .channel-picker {
      display: flex;
      align-items: center;
      gap: 8px;
      font-size: 13px;
      color: #9aa7b6;
    }

    .channel-picker select {
      min-block-size: 32px;
      padding: 2px 8px;
      border: 1px solid #3a4756;
      border-radius: var(--radius);
      background: #1b2531;
      color: #fff;
      font-family: ui-monospace, 'DejaVu Sans Mono', monospace;
      font-size: 14px;
    }

    .views ul {
      display: flex;
      gap: 4px;
      margin: 0;
      padding: 0;
      list-style: none;
    }

    .views a {
      display: inline-flex;
      align-items: center;
      min-block-size: 32px;
      padding: 2px 12px;
      border-radius: var(--radius);
      color: #c9d3de;
      font-size: 14px;
      font-weight: 700;
      text-decoration: none;
    }

    .views a:hover {
      background: #1b2531;
      color: #fff;
    }

    .views a[aria-current='page'] {
      background: #26384d;
      color: #fff;
      box-shadow: inset 0 -2px 0 #6ea8ff;
    }

    .views a:focus-visible {
      outline-color: #6ea8ff;
    }

    .spacer {
      flex: 1;
    }

    .who {
      display: flex;
      align-items: center;
      gap: 8px;
      font-size: 13px;
      color: #9aa7b6;
    }

    .who strong {
      color: #fff;
    }

    .topbar .btn {
      border-color: #3a4756;
      background: transparent;
      color: #e8edf3;
    }

    .topbar .btn:hover:not(:disabled) {
      border-color: #6b7b8c;
      background: #1b2531;
    }

    main {
      inline-size: 100%;
      max-inline-size: 1480px;
      margin-inline: auto;
      padding: 20px;
    }

    main.headlines {
      display: grid;
      grid-template-columns: minmax(360px, 5fr) minmax(0, 7fr);
      grid-template-rows: auto auto 1fr;
      grid-template-areas:
        'composer list'
        'scheduled list'
        'audit list';
      gap: 20px;
      align-items: start;
    }

    main.partners,
    main.records {
      max-inline-size: 1100px;
    }

    .scheduled {
      grid-area: scheduled;
    }

    .composer {
      grid-area: composer;
    }

    .list {
      grid-area: list;
      min-inline-size: 0;
    }

    .audit {
      grid-area: audit;
    }

    @media (max-width: 980px) {
      main.headlines {
        grid-template-columns: minmax(0, 1fr);
        grid-template-rows: none;
        grid-template-areas: 'composer' 'scheduled' 'list' 'audit';
      }
    }
  `,
];
