import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { STRINGS, type Lang, type Strings } from '../i18n/strings.js';

const STORAGE_KEY = 'ajel.console.lang';

/**
 * The interface language (Arabic first, English on request), remembered in localStorage and
 * applied to the document so the whole page, scrollbars included, takes its direction.
 */
export class LocaleController implements ReactiveController {
  lang: Lang;

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    this.lang = readLang();
    host.addController(this);
  }

  get strings(): Strings {
    return STRINGS[this.lang];
  }

  set(lang: Lang): void {
    this.lang = lang;
    try {
      localStorage.setItem(STORAGE_KEY, lang);
    } catch {
      // Storage blocked: the choice lasts for this page.
    }
    this.host.requestUpdate();
  }

  hostConnected(): void {
    this.apply();
  }

  hostUpdated(): void {
    this.apply();
  }

  private apply(): void {
    const title = `${this.strings.product} · ${this.strings.consoleName}`;
    if (document.title !== title) document.title = title;
    for (const element of [document.documentElement, this.host]) {
      if (element.lang !== this.lang) element.lang = this.lang;
      if (element.dir !== this.strings.dir) element.dir = this.strings.dir;
    }
  }
}

function readLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'ar';
  } catch {
    return 'ar';
  }
}
