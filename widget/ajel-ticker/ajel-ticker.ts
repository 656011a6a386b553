import { LitElement, html, nothing, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { repeat } from 'lit/directives/repeat.js';
import type { Change, ErrorBody, Headline } from '../../server/protocol.js';
import { styles } from './ajel-ticker.styles.js';
import { EmbedTokenController } from './controllers/embed-token.js';
import { ImpressionsController } from './controllers/impressions.js';
import { LiveChannelController, type ConnectionStatus, type LiveEntry } from './controllers/live-channel.js';
import { MarqueeController } from './controllers/marquee.js';
import { MediaQueryController } from './controllers/media-query.js';
import { PageContextController } from './controllers/page-context.js';
import { PushAlertsController } from './controllers/push-alerts.js';
import { RotationController } from './controllers/rotation.js';
import { isExpired, isHeadline, newestFirst } from './headline.js';
import { lastResult } from './last-result.js';
import { formatTime, isRtlLanguage, resolveLocale, stringsFor, type Strings } from './locale.js';
import { cleanText, safeDirection, safeLanguageTag, safeTarget, safeUrl } from './sanitize.js';

export type { ConnectionStatus } from './controllers/live-channel.js';
export type TickerTheme = 'light' | 'dark' | 'auto';
export type TickerDirection = 'rtl' | 'ltr' | 'auto';

export interface AjelStatusDetail {
  status: ConnectionStatus;
}
export interface AjelHeadlineDetail {
  headline: Headline;
  change: Change;
}
export interface AjelUrgentDetail {
  headline: Headline;
}
export interface AjelItemClickDetail {
  headline: Headline;
}
export interface AjelPushDetail {
  /** Whether the reader now gets the channel's urgent alerts when the page is closed. */
  subscribed: boolean;
}
export interface AjelErrorDetail {
  /** The channel refused, or undefined when the whole connection was. */
  channel?: string;
  error: ErrorBody;
}

const CHANNEL_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
const MAX_CHANNELS = 16;
const DEFAULT_SPEED = 60;
const DEFAULT_MAX_ITEMS = 20;
/** How long a new urgent alert takes over the bar before it joins the scrolling headlines. */
const TAKEOVER_MS = 8_000;

/** Where this script was loaded from: the default server, so one tag embeds the ticker. */
const SCRIPT_BASE = (() => {
  const url = new URL(import.meta.url);
  url.pathname = url.pathname.replace(/\/widget\/.*$/, '/');
  url.search = '';
  url.hash = '';
  return url.href;
})();

const keyOf = ({ channel, headline }: LiveEntry) => `${channel}/${headline.id}`;

const channelsOf = lastResult((channel: string): string[] => {
  const slugs = channel.split(',').map((slug) => slug.trim());
  return [...new Set(slugs.filter((slug) => CHANNEL_PATTERN.test(slug)))].slice(0, MAX_CHANNELS);
});

const serverBaseOf = lastResult((server: string, base: string): string => {
  try {
    const url = new URL(server, base);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return '';
    url.search = '';
    url.hash = '';
    if (!url.pathname.endsWith('/')) url.pathname += '/';
    return url.href;
  } catch {
    return '';
  }
});

/** What every part of one render needs to know, worked out once. */
interface View {
  locale: string;
  dir: 'rtl' | 'ltr';
  strings: Strings;
  target: string;
  /** The above and today's date (today's headlines show only their time): an item rendered for the same signature is rendered the same. */
  signature: string;
}

const pauseIcon = html`<svg viewBox="0 0 16 16" aria-hidden="true"><path d="M3.5 2h3.25v12H3.5zM9.25 2h3.25v12H9.25z" /></svg>`;
const bellIcon = html`<svg viewBox="0 0 16 16" aria-hidden="true"><path d="M8 1.5a4.5 4.5 0 0 0-4.5 4.5v3L2 11.5v1h12v-1L12.5 9V6A4.5 4.5 0 0 0 8 1.5zM6.25 13.5a1.75 1.75 0 0 0 3.5 0z" /></svg>`;
const playIcon = html`<svg viewBox="0 0 16 16" aria-hidden="true"><path d="M4 1.5 14 8 4 14.5z" /></svg>`;

/**
 * `<ajel-ticker>`: a live breaking-news ticker for one or more channels of an Ajel server, or,
 * without a `channel`, for the headlines given to its `headlines` property.
 *
 * @fires ajel-status - `{ status }` when the connection status changes.
 * @fires ajel-headline - `{ headline, change }` for each new or corrected headline.
 * @fires ajel-urgent - `{ headline }` when an urgent alert arrives.
 * @fires ajel-item-click - `{ headline }` when a headline is clicked; cancel it to stop the link.
 * @fires ajel-error - `{ channel?, error }` when the server refuses a channel or the key.
 * @fires ajel-push - `{ subscribed }` when the reader turns urgent alerts by push on or off with the bell.
 *
 * @csspart base - the bar.
 * @csspart label - the badge ("عاجل" / "Breaking").
 * @csspart pause - the pause/play button.
 * @csspart bell - the button that turns urgent alerts by push on and off (with `push-worker`).
 * @csspart viewport - the scrolling area.
 * @csspart track - what moves: two copies of the headlines.
 * @csspart item - a headline (`item urgent` for an urgent alert).
 * @csspart link - a headline's link.
 * @csspart text - a headline's text when it has no link.
 * @csspart time - a headline's time.
 * @csspart urgent-badge - the marker of an urgent alert.
 * @csspart takeover - the bar-wide display of a new urgent alert.
 * @csspart status - the connection indicator.
 */
export class AjelTicker extends LitElement {
  static styles = styles;

  // Declared here rather than with decorators, whose helpers the bundle would carry.
  static override properties: PropertyDeclarations = {
    channel: {},
    server: {},
    token: {},
    tokenUrl: { attribute: 'token-url' },
    speed: { type: Number },
    direction: { attribute: 'dir' },
    theme: {},
    label: {},
    locale: {},
    maxItems: { type: Number, attribute: 'max-items' },
    target: {},
    stats: {},
    pushWorker: { attribute: 'push-worker' },
    // Declared without an accessor of Lit's, so that a value set before the element is defined is kept.
    headlines: { attribute: false, noAccessor: true },
    userPaused: { state: true },
    hovered: { state: true },
    focused: { state: true },
    takeoverKey: { state: true },
    announcement: { state: true },
  };

  /** Channel slug, or several separated by commas. */
  channel = '';
  /** Base URL of the Ajel server; defaults to where this script came from. */
  server = '';
  /** A partner's embed token (a short-lived JWT from the partner's server), for private channels. */
  token = '';
  /** The partner's endpoint that answers a fresh embed token; called with the page's credentials, again before each expires. */
  tokenUrl = '';
  /** Scrolling speed in pixels per second, whatever the width of the content. */
  speed = DEFAULT_SPEED;
  /** `rtl`, `ltr` or `auto` (from the locale or the page language; right-to-left for Arabic). */
  direction: TickerDirection = 'auto';
  /** `light`, `dark` or `auto` (the page's own dark mode, else `prefers-color-scheme`). */
  theme: TickerTheme = 'auto';
  /** Badge text; defaults to the channel's label (from its server), else "عاجل" in Arabic and "Breaking" in English. */
  label = '';
  /** Locale for the interface, times and digits; defaults to the page language. */
  locale = '';
  /** Most headlines shown at once (urgent alerts always are). */
  maxItems = DEFAULT_MAX_ITEMS;
  /** Where links open: `_self` (default), `_blank` or a window name. */
  target = '_self';

  /** `off` to count nothing: no headline seen or clicked is reported (README, "What the ticker counts"). */
  stats = '';

  /** The publisher's push worker on its own origin (README, "Alerts when the page is closed"): shows the bell that subscribes to urgent alerts. */
  pushWorker = '';

  private userPaused = false;
  private hovered = false;
  private focused = false;
  private takeoverKey?: string;
  private announcement = '';

  private readonly internals = this.attachInternals();
  private readonly page = new PageContextController(this);
  private readonly prefersDark = new MediaQueryController(this, '(prefers-color-scheme: dark)');
  private readonly reducedMotion = new MediaQueryController(this, '(prefers-reduced-motion: reduce)');
  private readonly embedToken = new EmbedTokenController(this, {
    token: () => this.token,
    tokenUrl: () => (this.tokenUrl ? new URL(this.tokenUrl, document.baseURI).href : ''),
    renewed: (token) => this.live.renew(token),
  });
  private readonly live = new LiveChannelController(this, {
    source: () => ({ server: this.serverBase, channels: this.channels, tokened: this.embedToken.used }),
    token: () => this.embedToken.current(),
    tokenRenewable: () => Boolean(this.tokenUrl),
    changed: (change, previous) => this.onChange(change, previous),
    statusChanged: (status) => this.emit<AjelStatusDetail>('ajel-status', { status }),
    failed: (channel, error) => {
      console.warn(`<ajel-ticker>${channel ? ` channel ${channel}` : ''}: ${error.message}`);
      this.emit<AjelErrorDetail>('ajel-error', channel ? { channel, error } : { error });
    },
  });
  private readonly pushAlerts = new PushAlertsController(this, {
    worker: () => (this.pushWorker ? new URL(this.pushWorker, document.baseURI).href : ''),
    endpoint: () => (this.channels[0] && this.serverBase ? `${this.serverBase}api/channels/${this.channels[0]}/push` : undefined),
    changed: (subscribed) => this.emit<AjelPushDetail>('ajel-push', { subscribed }),
  });
  private readonly impressions = new ImpressionsController(this, {
    enabled: () => this.stats !== 'off' && this.channels.length > 0 && Boolean(this.serverBase),
    items: () => this.renderRoot.querySelectorAll<HTMLElement>(this.reducedMotion.matches ? '.item[data-current]' : '.item'),
    viewport: () => this.renderRoot.querySelector('.viewport'),
    endpoint: (channel) => `${this.serverBase}api/channels/${channel}/stats`,
  });
  private readonly rotation = new RotationController(this, {
    enabled: () => this.reducedMotion.matches,
    keys: () => this.shownEntries().map(keyOf),
    paused: () => this.paused,
    dwell: (key) => {
      const entry = this.entries.find((candidate) => keyOf(candidate) === key);
      return Math.min(12_000, Math.max(4_000, 2_000 + [...(entry?.headline.text ?? '')].length * 60));
    },
  });
  private readonly marquee = new MarqueeController(
    this,
    {
      bar: () => this.renderRoot.querySelector('.base'),
      viewport: () => this.renderRoot.querySelector('.viewport'),
      track: () => this.renderRoot.querySelector('.track'),
      copies: () => this.renderRoot.querySelectorAll<HTMLElement>('.copy'),
    },
    {
      direction: () => this.resolvedDirection,
      speed: () => (Number.isFinite(this.speed) && this.speed > 0 ? Math.min(this.speed, 2_000) : DEFAULT_SPEED),
      enabled: () => !this.reducedMotion.matches && this.shownEntries().length > 0,
      paused: () => this.paused,
    },
  );
  private takeoverTimer?: ReturnType<typeof setTimeout>;
  private arranged?: { source: LiveEntry[]; limit: number; entries: LiveEntry[]; synced: boolean };
  private readonly renderedItems = new WeakMap<Headline, Array<{ signature: string; template: TemplateResult }>>();
  /** Given through `headlines`, checked as the wire's are and newest first; shown while there is no `channel`. */
  private given: LiveEntry[] = [];

  /**
   * The headlines on display, newest first. Without a `channel`, setting it shows these headlines
   * (static mode: no connection, no cache, no announcements); with a `channel` it is ignored.
   */
  get headlines(): Headline[] {
    const shown = new Set(this.shownEntries());
    return this.entries.filter((entry) => shown.has(entry)).map((entry) => entry.headline);
  }

  set headlines(headlines: Headline[]) {
    if (this.channel) return;
    const now = Date.now();
    const valid = (Array.isArray(headlines) ? headlines : []).filter((headline) => isHeadline(headline) && !isExpired(headline, now));
    this.given = [...new Map(valid.map((headline) => [headline.id, headline])).values()]
      .sort(newestFirst)
      .map((headline) => ({ channel: '', headline }));
    this.requestUpdate();
  }

  /** The connection to the server: `connecting`, `live`, `reconnecting` or `offline`. */
  get status(): ConnectionStatus {
    return this.live.status;
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.takeoverTimer);
    this.takeoverKey = undefined;
  }

  /** What is on offer, newest first: the followed channels' live headlines, or the given ones. */
  private get entries(): LiveEntry[] {
    return this.channel ? this.live.entries : this.given;
  }

  private get channels(): string[] {
    return channelsOf(this.channel);
  }

  private get serverBase(): string {
    return serverBaseOf(this.server || SCRIPT_BASE, document.baseURI);
  }

  private get resolvedLocale(): string {
    return resolveLocale(this.locale, this.page.lang, this.direction);
  }

  private get resolvedDirection(): 'rtl' | 'ltr' {
    if (this.direction === 'rtl' || this.direction === 'ltr') return this.direction;
    return isRtlLanguage(this.resolvedLocale) ? 'rtl' : 'ltr';
  }

  private get dark(): boolean {
    if (this.theme === 'dark' || this.theme === 'light') return this.theme === 'dark';
    return this.page.dark ?? this.prefersDark.matches;
  }

  private get paused(): boolean {
    return this.userPaused || this.hovered || this.focused || this.takeoverKey !== undefined;
  }

  /** What is on display: live urgent alerts, then the newest headlines up to `max-items`. */
  private selectEntries(): LiveEntry[] {
    const entries = this.entries;
    const limit = Number.isFinite(this.maxItems) && this.maxItems >= 1 ? Math.floor(this.maxItems) : DEFAULT_MAX_ITEMS;
    const urgent = entries.filter((entry) => entry.headline.urgent);
    const ordinary = entries.filter((entry) => !entry.headline.urgent);
    return [...urgent, ...ordinary.slice(0, Math.max(0, limit - urgent.length))];
  }

  /**
   * The display order, a loop: until every channel is loaded, urgent alerts then the newest;
   * afterwards headlines keep their places and a new one is placed right after the last headline
   * on screen, so that it is the next to come into view and nothing on screen moves.
   */
  private shownEntries(): LiveEntry[] {
    const source = this.entries;
    if (this.arranged?.source === source && this.arranged.limit === this.maxItems) return this.arranged.entries;
    const selected = this.selectEntries();
    const byKey = new Map(selected.map((entry) => [keyOf(entry), entry]));
    const kept = (this.arranged?.entries ?? []).flatMap((entry) => byKey.get(keyOf(entry)) ?? []);
    const keptKeys = new Set(kept.map(keyOf));
    const added = selected.filter((entry) => !keptKeys.has(keyOf(entry)));
    let entries = selected;
    if (kept.length > 0 && this.arranged?.synced) {
      const last = this.reducedMotion.matches ? this.rotation.current : this.marquee.lastVisibleItem()?.dataset.key;
      const at = kept.findIndex((entry) => keyOf(entry) === last) + 1;
      entries = [...kept.slice(0, at), ...added, ...kept.slice(at)];
    }
    this.arranged = { source, limit: this.maxItems, entries, synced: this.live.synced };
    return entries;
  }

  /**
   * Renders at the next frame, once for however many changes arrive before it (several editors
   * publishing at once, a catch-up). A hidden page has no frames, so it renders at once.
   */
  protected override async scheduleUpdate(): Promise<void> {
    if (document.visibilityState === 'visible') await new Promise(requestAnimationFrame);
    super.scheduleUpdate();
  }

  protected willUpdate(): void {
    if (this.takeoverKey && !this.entries.some((entry) => keyOf(entry) === this.takeoverKey)) this.endTakeover();
  }

  protected render() {
    const locale = this.resolvedLocale;
    const strings = stringsFor(locale);
    const dir = this.resolvedDirection;
    const target = safeTarget(this.target);
    const today = new Date().toDateString();
    const view: View = { locale, strings, dir, target, signature: `${locale} ${dir} ${target} ${today}` };
    const entries = this.shownEntries();
    const reduced = this.reducedMotion.matches;
    const status = this.live.status;
    const takeover = this.takeoverKey ? entries.find((entry) => keyOf(entry) === this.takeoverKey) : undefined;
    return html`
      <div
        class=${reduced ? 'base static' : 'base'}
        part="base"
        dir=${view.dir}
        lang=${locale}
        data-scheme=${this.dark ? 'dark' : 'light'}
        ?data-urgent=${entries.some((entry) => entry.headline.urgent)}
        ?data-paused=${this.paused}
        role="region"
        aria-label=${strings.region}
        @pointerenter=${this.onPointerEnter}
        @pointerleave=${this.onPointerLeave}
        @focusin=${this.onFocusIn}
        @focusout=${this.onFocusOut}
      >
        <span class="label" part="label"><span class="pulse"></span>${cleanText(this.label) || cleanText(this.live.label ?? '') || strings.label}</span>
        <button
          class="pause"
          part="pause"
          type="button"
          aria-label=${this.userPaused ? strings.play : strings.pause}
          title=${this.userPaused ? strings.play : strings.pause}
          @click=${this.togglePause}
        >
          ${this.userPaused ? playIcon : pauseIcon}
        </button>
        ${this.renderBell(strings)}
        <div class="viewport" part="viewport" @click=${this.onItemClick}>
          <div class="clip">
            <div class="track" part="track">
              <ul class="copy" role="list">
                ${repeat(entries, keyOf, (entry) => this.renderItem(entry, view, false))}
              </ul>
              ${reduced
                ? nothing
                : html`<ul class="copy" role="list" aria-hidden="true">
                    ${repeat(entries, keyOf, (entry) => this.renderItem(entry, view, true))}
                  </ul>`}
            </div>
          </div>
          ${takeover ? this.renderTakeover(takeover, view) : nothing}
        </div>
        ${this.channel
          ? html`<span class="status" part="status" data-status=${status}><span class="status-text">${strings.status[status]}</span></span>`
          : nothing}
        <div class="visually-hidden" aria-live="assertive" aria-atomic="true">${this.announcement}</div>
      </div>
    `;
  }

  protected updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    this.setState('dark', this.dark);
    this.setState('paused', this.paused);
    this.setState('urgent', this.shownEntries().some((entry) => entry.headline.urgent));
  }

  /**
   * The second copy (`clone`) repeats the first for the seamless loop: hidden from assistive
   * technology, not tabbable. A headline's template is kept while nothing it shows changes, so a
   * live change re-renders only what it changed.
   */
  private renderItem(entry: LiveEntry, view: View, clone: boolean): TemplateResult {
    const key = keyOf(entry);
    const current = !clone && this.rotation.current === key;
    const signature = `${view.signature} ${key} ${clone} ${current}`;
    let rendered = this.renderedItems.get(entry.headline);
    if (!rendered) this.renderedItems.set(entry.headline, (rendered = []));
    const slot = clone ? 1 : 0;
    if (rendered[slot]?.signature !== signature) rendered[slot] = { signature, template: this.itemTemplate(entry, view, clone, current) };
    return rendered[slot].template;
  }

  private itemTemplate({ headline, channel }: LiveEntry, view: View, clone: boolean, current: boolean): TemplateResult {
    return html`<li
      class=${headline.urgent ? 'item urgent' : 'item'}
      part=${headline.urgent ? 'item urgent' : 'item'}
      dir=${safeDirection(headline.dir)}
      lang=${ifDefined(safeLanguageTag(headline.lang))}
      data-key=${`${channel}/${headline.id}`}
      ?data-current=${current}
    ><span class="body"
        >${headline.urgent ? this.renderUrgentBadge(view) : nothing}<time class="time" part="time" datetime=${headline.publishedAt} lang=${view.locale} dir=${view.dir}
          >${formatTime(headline.publishedAt, view.locale)}</time
        >${this.renderText(headline, view, clone)}</span
      ></li
    >`;
  }

  private renderUrgentBadge(view: View) {
    return html`<span class="urgent-badge" part="urgent-badge" lang=${view.locale} dir=${view.dir}>${view.strings.urgent}</span>`;
  }

  private renderText(headline: Headline, view: View, hidden: boolean) {
    const text = cleanText(headline.text);
    const url = safeUrl(headline.url);
    if (!url) return html`<span class="text" part="text">${text}</span>`;
    const newTab = view.target === '_blank' && !hidden ? html`<span class="visually-hidden" lang=${view.locale}> ${view.strings.newTab}</span>` : nothing;
    return html`<a part="link" href=${url} target=${view.target} rel="noopener" tabindex=${ifDefined(hidden ? '-1' : undefined)}>${text}${newTab}</a>`;
  }

  private renderTakeover(entry: LiveEntry, view: View) {
    const { headline } = entry;
    return html`<div class="takeover" part="takeover" aria-hidden="true" dir=${safeDirection(headline.dir)} lang=${ifDefined(safeLanguageTag(headline.lang))} data-key=${keyOf(entry)}>
      ${this.renderUrgentBadge(view)}${this.renderText(headline, view, true)}
    </div>`;
  }

  private onChange(change: Change, previous: Headline | undefined): void {
    const headline = change.headline;
    if (!headline) return;
    const key = `${change.channel}/${headline.id}`;
    this.emit<AjelHeadlineDetail>('ajel-headline', { headline, change });
    if (headline.urgent && !previous?.urgent && !isExpired(headline, Date.now())) this.alert(key, headline);
  }

  /** A new urgent alert: announced to screen readers, shown across the whole bar for a moment. */
  private alert(key: string, headline: Headline): void {
    this.emit<AjelUrgentDetail>('ajel-urgent', { headline });
    const strings = stringsFor(this.resolvedLocale);
    this.announce(`${strings.urgentAnnouncement}: ${cleanText(headline.text)}`);
    this.takeoverKey = key;
    if (this.reducedMotion.matches) this.rotation.show(key);
    clearTimeout(this.takeoverTimer);
    this.takeoverTimer = setTimeout(() => this.endTakeover(), TAKEOVER_MS);
  }

  private endTakeover(): void {
    clearTimeout(this.takeoverTimer);
    // Not while the reader is pointing at it or on it from the keyboard.
    if (this.isConnected && (this.hovered || this.focused) && this.takeoverKey) {
      this.takeoverTimer = setTimeout(() => this.endTakeover(), 1_000);
      return;
    }
    this.takeoverKey = undefined;
  }

  private async announce(text: string): Promise<void> {
    // Emptied first so that the same words are announced again.
    this.announcement = '';
    await this.updateComplete;
    this.announcement = text;
  }

  private renderBell(strings: Strings) {
    const state = this.pushAlerts.state;
    if (state === 'unsupported' || !this.channel) return nothing;
    const words = strings.push[state === 'busy' ? 'off' : state];
    return html`<button
      class="bell"
      part="bell"
      type="button"
      data-state=${state}
      aria-pressed=${state === 'on' ? 'true' : 'false'}
      aria-disabled=${state === 'unavailable' || state === 'busy' ? 'true' : 'false'}
      aria-label=${words}
      title=${words}
      @click=${() => this.pushAlerts.toggle()}
    >
      ${bellIcon}
    </button>`;
  }

  private togglePause(): void {
    this.userPaused = !this.userPaused;
  }

  private onPointerEnter(event: PointerEvent): void {
    if (event.pointerType !== 'touch') this.hovered = true;
  }

  private onPointerLeave(): void {
    this.hovered = false;
  }

  private async onFocusIn(event: FocusEvent): Promise<void> {
    const target = event.target as HTMLElement;
    // Keyboard focus only: a mouse click on the button leaves focus there and must not keep the ticker paused.
    if (!target.matches(':focus-visible')) return;
    this.focused = true;
    const item = target.closest<HTMLElement>('.item');
    if (!item) return;
    if (this.reducedMotion.matches) {
      if (item.dataset.key) this.rotation.show(item.dataset.key);
      return;
    }
    await this.updateComplete;
    this.marquee.reveal(item);
  }

  private onFocusOut(event: FocusEvent): void {
    const next = event.relatedTarget as Node | null;
    if (!next || !(event.currentTarget as HTMLElement).contains(next)) this.focused = false;
  }

  /** One listener for every headline (and the take-over), found by its `data-key`. */
  private onItemClick(event: MouseEvent): void {
    const key = (event.target as Element).closest<HTMLElement>('[data-key]')?.dataset.key;
    const entry = key === undefined ? undefined : this.shownEntries().find((candidate) => keyOf(candidate) === key);
    if (!entry) return;
    if ((event.target as Element).closest('a')) this.impressions.clicked(key!);
    if (!this.emit<AjelItemClickDetail>('ajel-item-click', { headline: entry.headline }, true)) event.preventDefault();
  }

  private emit<T>(name: string, detail: T, cancelable = false): boolean {
    return this.dispatchEvent(new CustomEvent<T>(name, { detail, bubbles: true, composed: true, cancelable }));
  }

  private setState(name: string, on: boolean): void {
    try {
      if (on) this.internals.states.add(name);
      else this.internals.states.delete(name);
    } catch {
      // Custom states (`:state(dark)`) are unsupported in this browser: styling by ::part still works.
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ajel-ticker': AjelTicker;
  }
  interface HTMLElementEventMap {
    'ajel-status': CustomEvent<AjelStatusDetail>;
    'ajel-headline': CustomEvent<AjelHeadlineDetail>;
    'ajel-urgent': CustomEvent<AjelUrgentDetail>;
    'ajel-item-click': CustomEvent<AjelItemClickDetail>;
    'ajel-error': CustomEvent<AjelErrorDetail>;
    'ajel-push': CustomEvent<AjelPushDetail>;
  }
}
