import { LitElement, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { ChannelRecord, Headline } from '../../../server/protocol.js';
import type { Strings } from '../i18n/strings.js';
import { previewStyles } from './ajel-headline-preview.styles.js';

/**
 * The draft as the channel's readers will see it: the page's own <ajel-ticker> (loaded by the
 * console page as any publisher loads it) in static mode, given the draft as its only headline. Its
 * label, direction and digits are the channel's (from its record; the draft's language for a
 * channel without one), in the ticker's default light look. A static ticker announces nothing, so typing is not read out.
 */
@customElement('ajel-headline-preview')
export class AjelHeadlinePreview extends LitElement {
  static styles = previewStyles;

  @property({ attribute: false }) strings!: Strings;
  /** The draft as a headline; undefined while there is no text. */
  @property({ attribute: false }) headline?: Headline;
  /** The record of the channel the draft is for. */
  @property({ attribute: false }) channel?: ChannelRecord;

  render() {
    const headline = this.headline;
    if (!headline) return html`<div class="frame"><p class="empty">${this.strings.composer.previewEmpty}</p></div>`;
    return html`<div class="frame">
      <ajel-ticker
        .headlines=${[headline]}
        locale=${this.channel?.lang ?? headline.lang}
        dir=${this.channel?.dir ?? 'auto'}
        label=${this.channel?.label ?? ''}
        theme="light"
        target="_blank"
      ></ajel-ticker>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ajel-headline-preview': AjelHeadlinePreview;
  }
}
