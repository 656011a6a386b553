import type { ReactiveController, ReactiveControllerHost } from 'lit';

// Attributes through which sites switch their own dark mode, on <html> or <body>.
const THEME_ATTRIBUTES = ['data-theme', 'data-bs-theme', 'data-color-scheme', 'data-color-mode', 'data-mode'];
const DARK_CLASS = /^(?:dark|dark-?mode|dark-?theme|theme-?dark|is-dark|night|night-?mode)$/i;
const LIGHT_CLASS = /^(?:light|light-?mode|light-?theme|theme-?light|is-light)$/i;

/**
 * What the host page says about itself: whether its own dark mode is on (a `dark` class,
 * `data-theme`/`data-bs-theme`, or `color-scheme` on <html> or <body>) and its language, watched
 * with a MutationObserver so that a site's dark-mode toggle restyles the ticker at once.
 */
export class PageContextController implements ReactiveController {
  /** True or false when the page declares its scheme, undefined when it does not. */
  dark: boolean | undefined;
  private readonly observer = new MutationObserver(() => this.refresh());

  constructor(
    private readonly host: ReactiveControllerHost & Element,
  ) {
    host.addController(this);
  }

  /** The language of the nearest element with a `lang` attribute, else of the document. */
  get lang(): string | null {
    return this.host.closest('[lang]')?.getAttribute('lang') ?? document.documentElement.getAttribute('lang');
  }

  hostConnected(): void {
    const attributeFilter = ['class', 'style', 'lang', ...THEME_ATTRIBUTES];
    this.observer.observe(document.documentElement, { attributes: true, attributeFilter });
    if (document.body) this.observer.observe(document.body, { attributes: true, attributeFilter });
    this.dark = pageScheme();
  }

  hostDisconnected(): void {
    this.observer.disconnect();
  }

  private refresh(): void {
    this.dark = pageScheme();
    this.host.requestUpdate();
  }
}

function pageScheme(): boolean | undefined {
  for (const element of [document.body, document.documentElement]) {
    if (!element) continue;
    for (const name of THEME_ATTRIBUTES) {
      const value = element.getAttribute(name)?.toLowerCase();
      if (value?.includes('dark')) return true;
      if (value?.includes('light')) return false;
    }
    for (const name of element.classList) {
      if (DARK_CLASS.test(name)) return true;
      if (LIGHT_CLASS.test(name)) return false;
    }
    const scheme = getComputedStyle(element).colorScheme;
    if (/^(?:only )?dark$/.test(scheme)) return true;
    if (/^(?:only )?light$/.test(scheme)) return false;
  }
  return undefined;
}
