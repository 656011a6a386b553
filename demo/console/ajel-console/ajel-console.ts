import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ChannelFeedController } from '../controllers/channel-feed-controller.js';
import { LocaleController } from '../controllers/locale-controller.js';
import { SessionController } from '../controllers/session-controller.js';
import { ViewController, viewsFor, type View } from '../controllers/view-controller.js';
import '../audit-log/ajel-audit-log.js';
import '../headline-composer/ajel-headline-composer.js';
import '../headline-list/ajel-headline-list.js';
import '../partner-list/ajel-partner-list.js';
import '../scheduled-list/ajel-scheduled-list.js';
import type { AjelScheduledList } from '../scheduled-list/ajel-scheduled-list.js';
import '../sign-in/ajel-sign-in.js';
import '../source-list/ajel-source-list.js';
import '../webhook-list/ajel-webhook-list.js';
import { consoleStyles } from './ajel-console.styles.js';

const CHANNEL_KEY = 'ajel.console.channel';

/**
 * The editor console: sign in with an editor key, then write, preview, publish or schedule
 * headlines to a channel, watch its live and scheduled headlines and its audit log, and manage its
 * webhooks; or with an admin key, manage the partners, the feed sources and the webhooks. Each key
 * sees only the pages it can use.
 */
@customElement('ajel-console')
export class AjelConsole extends LitElement {
  static styles = consoleStyles;

  /** The Ajel server; empty for the page's own origin. */
  @property() server = '';

  @state() private chosenChannel = readChannel();

  private readonly locale = new LocaleController(this);
  private readonly session = new SessionController(this, () => this.server);
  private readonly views = new ViewController(this);
  private readonly feed = new ChannelFeedController(this, () =>
    this.session.state === 'signed-in' && this.view === 'headlines' && this.channel
      ? { server: this.server, key: this.session.api!.key, channel: this.channel }
      : undefined,
  );

  /** The page shown: the one asked for in the address if this key can use it, else its first. */
  get view(): View | undefined {
    return this.views.current(viewsFor(this.session.identity?.role));
  }

  /** The chosen channel when this editor may use it, else the first one they may. */
  get channel(): string {
    const channels = this.session.channels;
    return channels.includes(this.chosenChannel) ? this.chosenChannel : (channels[0] ?? '');
  }

  render() {
    const s = this.locale.strings;
    if (this.session.state !== 'signed-in') {
      return html`<ajel-sign-in
        .strings=${s}
        ?busy=${this.session.state === 'checking'}
        .error=${this.session.error}
        ?readOnlyKey=${this.session.readOnlyKey}
        @ajel-sign-in=${(event: CustomEvent<{ key: string }>) => this.session.signIn(event.detail.key)}
        @ajel-language=${this.switchLanguage}
      ></ajel-sign-in>`;
    }
    const role = this.session.identity!.role as 'editor' | 'admin';
    const view = this.view;
    return html`
      <header class="topbar">
        <h1 class="brand"><span class="mark" aria-hidden="true">${s.lang === 'ar' ? 'ع' : 'A'}</span> ${s.product} <span class="section">${s.consoleName}</span></h1>
        <nav class="views" aria-label=${s.nav.label}>
          <ul>
            ${viewsFor(role).map(
              (page) => html`<li><a href="#${page}" id="nav-${page}" aria-current=${page === view ? 'page' : 'false'}>${s.nav[page]}</a></li>`,
            )}
          </ul>
        </nav>
        ${view === 'headlines' || view === 'sources'
          ? html`<label class="channel-picker">
              ${s.header.channel}
              <select id="channel" dir="ltr" @change=${this.chooseChannel}>
                ${this.session.channels.map((channel) => html`<option value=${channel} ?selected=${channel === this.channel}>${channel}</option>`)}
              </select>
            </label>`
          : nothing}
        <span class="spacer"></span>
        <button class="btn btn-small" type="button" lang=${s.otherLanguage.lang} title=${s.header.language} @click=${() => this.locale.set(s.otherLanguage.lang)}>
          ${s.otherLanguage.label}
        </button>
        <span class="who">${s.header.signedInAs[role]} <strong dir="ltr">${this.session.identity?.name}</strong></span>
        <button class="btn btn-small" type="button" id="sign-out" @click=${() => this.session.signOut()}>${s.header.signOut}</button>
      </header>
      ${this.renderView(view)}
    `;
  }

  private renderView(view: View | undefined) {
    const s = this.locale.strings;
    switch (view) {
      case 'partners':
        return this.renderPartners();
      case 'sources':
        return html`<main class="records"><ajel-source-list .strings=${s} .api=${this.session.sources} .channel=${this.channel}></ajel-source-list></main>`;
      case 'webhooks':
        return html`<main class="records">
          <ajel-webhook-list .strings=${s} .api=${this.session.webhooks} .channels=${this.session.channels} .channel=${this.channel}></ajel-webhook-list>
        </main>`;
      default:
        return this.renderHeadlines();
    }
  }

  private renderHeadlines() {
    const s = this.locale.strings;
    const api = this.session.api;
    return html`
      <main class="headlines">
        <ajel-headline-composer
          class="composer"
          .strings=${s}
          .api=${api}
          .channel=${this.channel}
          .channelRecord=${this.session.records.get(this.channel)}
          @ajel-scheduled=${() => void this.renderRoot.querySelector<AjelScheduledList>('ajel-scheduled-list')?.load()}
        ></ajel-headline-composer>
        <ajel-scheduled-list class="scheduled" .strings=${s} .api=${api} .channel=${this.channel} .revision=${this.feed.cursor}></ajel-scheduled-list>
        <ajel-headline-list
          class="list"
          .strings=${s}
          .api=${api}
          .channel=${this.channel}
          .headlines=${this.feed.headlines}
          .fresh=${this.feed.fresh}
          .status=${this.feed.status}
          .failure=${this.feed.error}
        ></ajel-headline-list>
        <ajel-audit-log class="audit" .strings=${s} .api=${api} .channel=${this.channel} .revision=${this.feed.cursor}></ajel-audit-log>
      </main>
    `;
  }

  private renderPartners() {
    return html`
      <main class="partners">
        <ajel-partner-list .strings=${this.locale.strings} .api=${this.session.partners} .channels=${this.session.channels}></ajel-partner-list>
      </main>
    `;
  }

  private chooseChannel(event: Event): void {
    this.chosenChannel = (event.target as HTMLSelectElement).value;
    try {
      localStorage.setItem(CHANNEL_KEY, this.chosenChannel);
    } catch {
      // Storage blocked: the choice lasts for this page.
    }
  }

  private switchLanguage(event: CustomEvent<{ lang: 'ar' | 'en' }>): void {
    this.locale.set(event.detail.lang);
  }
}

function readChannel(): string {
  try {
    return localStorage.getItem(CHANNEL_KEY) ?? '';
  } catch {
    return '';
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ajel-console': AjelConsole;
  }
}
