import { LitElement, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Headline } from '../../../server/protocol.js';
import { TickerSupportController } from '../controllers/ticker-support-controller.js';
import { webUrl } from '../i18n/format.js';
import type { Strings } from '../i18n/strings.js';
import { previewStyles } from './ajel-headline-preview.styles.js';

/** The draft as readers will see it: in a live <ajel-ticker> given the draft through its `headlines` property. */
@customElement('ajel-headline-preview')
export class AjelHeadlinePreview extends LitElement {
  static styles = previewStyles;

  @property({ attribute: false }) strings!: Strings;
  /** The draft as a headline; undefined while there is no text. */
  @property({ attribute: false }) headline?: Headline;

  private readonly ticker = new TickerSupportController(this);

  render() {
    const s = this.strings;
    const headline = this.headline;
    if (!headline) return html`<div class="frame"><p class="empty">${s.composer.previewEmpty}</p></div>`;
    const label = headline.dir === 'rtl' ? 'عاجل' : 'Breaking';
    const urgentBadge = headline.dir === 'rtl' ? 'عاجل' : 'Urgent';
    if (this.ticker.acceptsHeadlines) {
      return html`<div class="frame">
        <ajel-ticker .headlines=${[headline]} label=${label} locale=${headline.lang} dir=${headline.dir} theme="light"></ajel-ticker>
      </div>`;
    }
    return html`<div class="frame">
      <div class="strip" dir=${headline.dir} lang=${headline.lang} data-preview>
        <span class="strip-label">${label}</span>
        <span class="strip-item ${headline.urgent ? 'urgent' : ''}">
          ${headline.urgent ? html`<span class="strip-badge">${urgentBadge}</span>` : nothing}
          <span class="text">${webUrl(headline.url) ? html`<a href=${headline.url!} target="_blank" rel="noopener noreferrer">${headline.text}</a>` : headline.text}</span>
        </span>
      </div>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ajel-headline-preview': AjelHeadlinePreview;
  }
}
