import { LitElement, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Headline } from '../../../server/protocol.js';
import { channelLanguage } from '../i18n/language.js';
import type { Strings } from '../i18n/strings.js';
import { previewStyles } from './ajel-headline-preview.styles.js';

/**
 * The draft as the channel's readers will see it: the page's own <ajel-ticker> (loaded by the
 * console page as any publisher loads it) in static mode, given the draft as its only headline. Its
 * label, direction and digits are the channel's language (from its slug, else the draft's), in the
 * ticker's default light look. A static ticker announces nothing, so typing is not read out.
 */
@customElement('ajel-headline-preview')
export class AjelHeadlinePreview extends LitElement {
  static styles = previewStyles;

  @property({ attribute: false }) strings!: Strings;
  /** The draft as a headline; undefined while there is no text. */
  @property({ attribute: false }) headline?: Headline;
  /** The channel the draft is for. */
  @property() channel = '';

  render() {
    const headline = this.headline;
    if (!headline) return html`<div class="frame"><p class="empty">${this.strings.composer.previewEmpty}</p></div>`;
    return html`<div class="frame">
      <ajel-ticker .headlines=${[headline]} locale=${channelLanguage(this.channel) ?? headline.lang} theme="light" target="_blank"></ajel-ticker>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ajel-headline-preview': AjelHeadlinePreview;
  }
}
