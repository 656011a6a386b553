/**
 * The stylesheet a page puts in its `<head>` before the ticker (the README's embed snippet): the
 * ticker's height is reserved before the script runs, so nothing below it moves when it upgrades,
 * and headlines a CMS writes inside `<ajel-ticker>` as a list of links show in that space as a
 * row that scrolls sideways, for readers and crawlers without JavaScript, until the widget
 * takes their place. The height is the bar's own (`--ajel-height` at `--ajel-font-size`), whatever
 * the page's font size; reduced motion lets the bar grow when a headline wraps, hence a minimum.
 */
export const TICKER_PAGE_CSS =
  'ajel-ticker{display:block;min-block-size:var(--ajel-height,2.75em);font-size:var(--ajel-font-size,medium)}' +
  'ajel-ticker:not(:defined){block-size:var(--ajel-height,2.75em);overflow:hidden}' +
  'ajel-ticker:not(:defined)>ul{display:flex;align-items:center;gap:2em;box-sizing:border-box;block-size:100%;margin:0;padding:0 .8em;' +
  'overflow-x:auto;scrollbar-width:none;list-style:none;white-space:nowrap;font-family:system-ui,sans-serif;line-height:1.5}' +
  'ajel-ticker:not(:defined) a{color:inherit}';
