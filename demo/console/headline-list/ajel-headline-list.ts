import { LitElement, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { Headline } from '../../../server/protocol.js';
import type { EditorApi } from '../api/editor-api.js';
import { ClockController } from '../controllers/clock-controller.js';
import { StatsController } from '../controllers/stats-controller.js';
import type { FeedStatus } from '../controllers/channel-feed-controller.js';
import { count } from '../i18n/format.js';
import type { Strings } from '../i18n/strings.js';
import '../headline-row/ajel-headline-row.js';
import { listStyles } from './ajel-headline-list.styles.js';

/** The channel's live headlines, newest first, as the feed delivers them. */
@customElement('ajel-headline-list')
export class AjelHeadlineList extends LitElement {
  static styles = listStyles;

  @property({ attribute: false }) strings!: Strings;
  @property({ attribute: false }) api?: EditorApi;
  @property() channel = '';
  @property({ attribute: false }) headlines: Headline[] = [];
  @property({ attribute: false }) fresh: ReadonlySet<string> = new Set();
  @property() status: FeedStatus = 'idle';
  /** Why the feed failed, when it did. */
  @property() failure?: string;

  private readonly clock = new ClockController(this);
  private readonly stats = new StatsController(this, () => ({ api: this.api, channel: this.channel, ids: this.headlines.map((headline) => headline.id) }));

  render() {
    const s = this.strings;
    const status = this.status === 'idle' ? 'connecting' : this.status;
    return html`
      <section class="card" aria-labelledby="list-title">
        <header class="card-header">
          <h2 class="card-title" id="list-title">${s.list.title}</h2>
          <span class="count" aria-label=${String(this.headlines.length)}>${this.headlines.length}</span>
          ${this.stats.stats ? html`<span class="push-subscribers" id="push-subscribers">${s.list.pushSubscribers(count(s.lang, this.stats.stats.pushSubscribers))}</span>` : nothing}
          <span class="status ${status}" role="status" id="feed-status">${s.feedStatus[status]}</span>
        </header>
        ${this.status === 'failed' && this.failure ? html`<div class="alert alert-error failure" role="alert">${this.failure}</div>` : nothing}
        ${this.headlines.length === 0 && this.status === 'live'
          ? html`<p class="empty">${s.list.empty}</p>`
          : html`<ol>
              ${repeat(
                this.headlines,
                (headline) => headline.id,
                (headline) => html`<li>
                  <ajel-headline-row
                    .headline=${headline}
                    .strings=${s}
                    .api=${this.api}
                    .channel=${this.channel}
                    .now=${this.clock.now}
                    .stats=${this.stats.stats?.headlines.get(headline.id)}
                    ?fresh=${this.fresh.has(headline.id)}
                  ></ajel-headline-row>
                </li>`,
              )}
            </ol>`}
      </section>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ajel-headline-list': AjelHeadlineList;
  }
}
