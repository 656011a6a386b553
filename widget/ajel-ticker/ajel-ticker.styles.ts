import { css } from 'lit';

// The host page's CSS cannot reach inside the shadow root, but inherited properties flow in
// through the host element: `.base` resets all of them with `all: initial` (custom properties and
// direction excepted) so that `* { all: unset }`, `direction: ltr !important` or huge fonts on the
// page leave the ticker as designed. Publishers theme it with --ajel-* properties and ::part().
export const styles = css`
  :host {
    display: block;
  }

  :host([hidden]) {
    display: none !important;
  }

  .base {
    all: initial;
    --_background: var(--ajel-background, #ffffff);
    --_color: var(--ajel-color, #15171a);
    --_muted: var(--ajel-muted-color, #5c6370);
    --_border: var(--ajel-border-color, #dfe1e5);
    --_accent: var(--ajel-accent, #c8102e);
    --_accent-color: var(--ajel-accent-color, #ffffff);
    --_urgent-background: var(--ajel-urgent-background, #c8102e);
    --_urgent-color: var(--ajel-urgent-color, #ffffff);
    --_link: var(--ajel-link-color, inherit);
    --_focus: var(--ajel-focus-ring-color, #1a5fd0);
    --_gap: var(--ajel-gap, 2em);
    position: relative;
    box-sizing: border-box;
    display: flex;
    align-items: stretch;
    inline-size: 100%;
    min-inline-size: 0;
    block-size: var(--ajel-height, 2.75em);
    overflow: clip;
    container-type: inline-size;
    font-family: var(--ajel-font-family, system-ui, 'Segoe UI', Tahoma, 'Noto Sans Arabic', 'Noto Naskh Arabic', Arial, sans-serif);
    font-size: var(--ajel-font-size, medium);
    line-height: 1.5;
    white-space: nowrap;
    color: var(--_color);
    background: var(--_background);
    border-block-end: var(--ajel-border, 1px solid var(--_border));
    border-radius: var(--ajel-radius, 0);
    color-scheme: light;
    text-size-adjust: 100%;
    -webkit-text-size-adjust: 100%;
  }

  .base[dir='rtl'] {
    direction: rtl;
  }

  .base[dir='ltr'] {
    direction: ltr;
  }

  .base[data-scheme='dark'] {
    --_background: var(--ajel-background, #15181d);
    --_color: var(--ajel-color, #eceef1);
    --_muted: var(--ajel-muted-color, #a3a9b3);
    --_border: var(--ajel-border-color, #2e333b);
    --_accent: var(--ajel-accent, #e0243f);
    --_urgent-background: var(--ajel-urgent-background, #e0243f);
    --_link: var(--ajel-link-color, inherit);
    --_focus: var(--ajel-focus-ring-color, #8ab4f8);
    color-scheme: dark;
  }

  /* The pulse dot sits in the label's padding, so the label keeps its width when it appears. */
  .label {
    position: relative;
    flex: none;
    display: flex;
    align-items: center;
    padding-inline: 1em;
    background: var(--_accent);
    color: var(--_accent-color);
    font-weight: 700;
  }

  .pulse {
    display: none;
    position: absolute;
    inset-inline-start: 0.3em;
    inset-block-start: calc(50% - 0.225em);
    inline-size: 0.45em;
    block-size: 0.45em;
    border-radius: 50%;
    background: currentColor;
  }

  .base[data-urgent] .pulse {
    display: block;
    animation: pulse 1.6s ease-in-out infinite;
  }

  .base[data-paused] .pulse {
    animation-play-state: paused;
  }

  @keyframes pulse {
    50% {
      opacity: 0.25;
    }
  }

  .pause,
  .bell {
    all: initial;
    flex: none;
    display: grid;
    place-items: center;
    inline-size: 2.25em;
    color: inherit;
    cursor: pointer;
    border-inline-end: 1px solid var(--_border);
  }

  .bell[aria-disabled='true'] {
    cursor: default;
    opacity: 0.5;
  }

  .bell[aria-pressed='true'] svg {
    fill: var(--_accent);
  }

  .pause:hover,
  .bell:not([aria-disabled='true']):hover {
    background: color-mix(in srgb, currentColor 8%, transparent);
  }

  .pause svg,
  .bell svg {
    inline-size: 0.9em;
    block-size: 0.9em;
    fill: currentColor;
  }

  /*
   * Two clips in one box. The layer inside clips with overflow: clip, which nothing can scroll
   * (focus, find in page), so moving the content stays the marquee's job; the viewport's hidden
   * then has nothing to scroll, and tells checkers that only know hidden (axe-core, Lighthouse)
   * that what lies beyond it is not on screen.
   */
  .viewport {
    position: relative;
    flex: 1 1 0;
    min-inline-size: 0;
    overflow: hidden;
    container-type: inline-size;
  }

  .clip {
    position: absolute;
    inset: 0;
    overflow: clip;
  }

  /*
   * No width of its own: the copies overflow it from its inline-start edge. A headline added or
   * removed then changes none of the track's box, so the items before it keep their place in the
   * track's transform space, and Chromium sees the marquee's compensating seek as a change of
   * transform only, not a layout shift (with a max-content track it counted one at each arrival).
   */
  .track {
    position: absolute;
    inset-block: 0;
    inset-inline-start: 0;
    display: flex;
    inline-size: 0;
    will-change: transform;
  }

  .copy {
    flex: none;
    display: flex;
    align-items: center;
    gap: var(--_gap);
    box-sizing: border-box;
    /* At least as wide as the viewport, so two copies always cover it whatever the content. */
    min-inline-size: 100cqi;
    margin: 0;
    padding-block: 0;
    padding-inline: calc(var(--_gap) / 2);
    list-style: none;
  }

  .item {
    position: relative;
    flex: none;
    display: flex;
    unicode-bidi: isolate;
  }

  /* Contained: a shifted row moves its painting. The padding leaves room for focus rings. */
  .body {
    display: flex;
    align-items: baseline;
    gap: 0.5em;
    contain: paint;
    padding: 4px;
    margin: -4px;
  }

  /* A separator in the middle of the gap after each item, including across the loop's seam. */
  .item::after {
    content: '';
    position: absolute;
    inset-inline-end: calc(var(--_gap) / -2 - 0.2em);
    inset-block-start: calc(50% - 0.2em);
    inline-size: 0.4em;
    block-size: 0.4em;
    border-radius: 50%;
    background: var(--_accent);
    opacity: 0.7;
  }

  .item.urgent {
    padding-inline: 0.6em;
    border-radius: 0.3em;
    background: var(--_urgent-background);
    color: var(--_urgent-color);
    font-weight: 700;
    --_muted: var(--_urgent-color);
    --_link: var(--_urgent-color);
  }

  .urgent-badge {
    text-transform: uppercase;
    font-size: 0.75em;
    letter-spacing: 0.04em;
    padding-inline: 0.4em;
    border: 1px solid currentColor;
    border-radius: 0.25em;
  }

  .time {
    color: var(--_muted);
    font-size: 0.85em;
    font-variant-numeric: tabular-nums;
    unicode-bidi: isolate;
  }

  .text {
    unicode-bidi: isolate;
  }

  a {
    color: var(--_link);
    text-decoration: none;
    border-radius: 0.15em;
  }

  a:hover {
    text-decoration: underline;
    text-underline-offset: 0.2em;
  }

  a:focus-visible,
  .pause:focus-visible,
  .bell:focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 2px;
  }

  .pause:focus-visible,
  .bell:focus-visible {
    outline-offset: -4px;
  }

  /* Only the dot takes room in the bar; the words lie over the end of the headlines, so the bar does not change when they go. */
  .status {
    position: relative;
    flex: none;
    display: flex;
    align-items: center;
    padding-inline: 0.6em;
    font-size: 0.75em;
    color: var(--_muted);
  }

  .status-text {
    position: absolute;
    inset-block: 0;
    inset-inline-end: 100%;
    display: flex;
    align-items: center;
    padding-inline: 0.6em 0;
    background: var(--_background);
  }

  .status::before {
    content: '';
    inline-size: 0.6em;
    block-size: 0.6em;
    border-radius: 50%;
    background: currentColor;
  }

  .status[data-status='live'] {
    color: #1e8e3e;
  }

  .status[data-status='reconnecting'],
  .status[data-status='connecting'] {
    color: #b06000;
  }

  .base[data-scheme='dark'] .status[data-status='live'] {
    color: #5bb974;
  }

  .base[data-scheme='dark'] .status[data-status='reconnecting'],
  .base[data-scheme='dark'] .status[data-status='connecting'] {
    color: #fcad70;
  }

  .status[data-status='live'] .status-text,
  .visually-hidden {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }

  @container (max-width: 480px) {
    .status-text {
      position: absolute;
      inline-size: 1px;
      block-size: 1px;
      overflow: hidden;
      clip-path: inset(50%);
    }
  }

  .takeover {
    position: absolute;
    inset: 0;
    display: flex;
    align-items: center;
    gap: 0.6em;
    padding-inline: 0.8em;
    overflow: hidden;
    background: var(--_urgent-background);
    color: var(--_urgent-color);
    font-weight: 700;
    --_link: var(--_urgent-color);
    --_muted: var(--_urgent-color);
    animation: takeover-in 0.2s ease-out;
  }

  .takeover .text,
  .takeover a {
    overflow: hidden;
    text-overflow: ellipsis;
  }

  @keyframes takeover-in {
    from {
      opacity: 0;
    }
  }

  /*
   * Reduced motion: one headline at a time, still, whole, on as many lines as it takes. All of them
   * share one cell, the others transparent (still read by screen readers, still reached by Tab):
   * the bar is as tall as the longest and keeps its height while they take turns.
   */
  .base.static {
    block-size: auto;
    min-block-size: var(--ajel-height, 2.75em);
  }

  .static :is(.viewport, .clip, .track, .copy) {
    display: grid;
  }

  .static :is(.clip, .track) {
    position: static;
  }

  .static .track {
    inline-size: auto;
    will-change: auto;
  }

  .static .copy {
    align-items: center;
    min-inline-size: 0;
    padding: 0.35em 0.5em;
  }

  .static .item,
  .static .takeover {
    white-space: normal;
    font-size: 0.92em;
    line-height: 1.4;
  }

  .static .item {
    grid-area: 1 / 1;
    display: block;
    overflow-wrap: break-word;
  }

  .static .item::after {
    display: none;
  }

  .static .item:not([data-current]) {
    opacity: 0;
    pointer-events: none;
  }

  .static .body {
    display: contents;
  }

  /* After the marker and the time, not before the text: a line that starts with the text is not indented. */
  .static .body > :not(:last-child) {
    margin-inline-end: 0.5em;
  }

  /* Atomic: each kept on one line, with a place to break before and after it. */
  .static :is(.time, .urgent-badge) {
    display: inline-block;
  }

  @media (prefers-reduced-motion: reduce) {
    .base[data-urgent] .pulse,
    .takeover {
      animation: none;
    }
  }
`;
