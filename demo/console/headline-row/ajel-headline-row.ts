import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { classMap } from 'lit/directives/class-map.js';
import type { Headline, HeadlineStats } from '../../../server/protocol.js';
import type { EditorApi, HeadlineInput } from '../api/editor-api.js';
import { WriteController } from '../controllers/write-controller.js';
import { describeError } from '../i18n/errors.js';
import { clockTime, count, fullTime, relativeTime, webUrl } from '../i18n/format.js';
import { EXTEND_CHOICES, type Strings } from '../i18n/strings.js';
import { rowStyles } from './ajel-headline-row.styles.js';

type Mode = 'view' | 'edit' | 'retract' | 'extend';

/** The furthest ahead the server accepts an expiry, less a margin for the request's travel. */
const MAX_EXPIRY_AHEAD_MS = 30 * 24 * 3600 * 1000 - 60_000;
/** The correction form's fields: a refusal of one is shown at it. */
const FORM_FIELDS = new Set(['text', 'url', 'urgent']);
/** Under this, the expiry is shown as imminent. */
const SOON_MS = 5 * 60_000;

/** One live headline with its corrections: correct (text, link, urgency), extend or remove the expiry, retract. */
@customElement('ajel-headline-row')
export class AjelHeadlineRow extends LitElement {
  static styles = rowStyles;

  @property({ attribute: false }) headline!: Headline;
  @property({ attribute: false }) strings!: Strings;
  @property({ attribute: false }) api?: EditorApi;
  @property() channel = '';
  @property({ type: Number }) now = Date.now();
  /** What readers saw and clicked of it, once read. */
  @property({ attribute: false }) stats?: HeadlineStats;
  /** Just published or corrected by someone: highlighted briefly. */
  @property({ type: Boolean }) fresh = false;

  @state() private mode: Mode = 'view';
  /** The urgent switch of the correction form, drawn on or off as it is flipped. */
  @state() private editUrgent = false;
  private readonly writer = new WriteController(this);
  /** The last write attempted, sent again by "retry". */
  private lastWrite?: () => Promise<unknown>;

  render() {
    const h = this.headline;
    const s = this.strings;
    return html`
      <article
        class=${classMap({ item: true, urgent: h.urgent, fresh: this.fresh })}
        data-id=${h.id}
        aria-label=${h.text}
        @keydown=${this.onKeydown}
      >
        <div class="meta">
          ${h.urgent ? html`<span class="badge badge-urgent">${s.list.urgent}</span>` : nothing}
          <time class="time" datetime=${h.publishedAt} title=${fullTime(s.lang, h.publishedAt)}>${clockTime(s.lang, h.publishedAt)}</time>
          ${h.byline ? html`<span class="byline">${s.list.by(h.byline)}</span>` : nothing}
          ${h.rev > 1 ? html`<span class="badge badge-muted" title=${fullTime(s.lang, h.updatedAt)}>${s.list.corrected}</span>` : nothing}
          ${this.renderExpiry()}
          ${this.renderStats()}
        </div>
        <p class="text" dir=${h.dir} lang=${h.lang}>${h.text}</p>
        ${h.url && webUrl(h.url)
          ? html`<a class="link" href=${h.url} target="_blank" rel="noopener noreferrer" dir="ltr">${h.url}</a>`
          : nothing}
        <div class="actions" role="group" aria-label=${s.list.actionsFor(h.text)}>
          <button class="btn btn-small" type="button" data-action="correct" aria-expanded=${this.mode === 'edit'} ?disabled=${this.writer.busy} @click=${() => this.open('edit')}>
            ${s.list.correct}
          </button>
          <button class="btn btn-small" type="button" data-action="extend" aria-expanded=${this.mode === 'extend'} ?disabled=${this.writer.busy} @click=${() => this.open('extend')}>
            ${s.list.extend}
          </button>
          <button class="btn btn-small retract" type="button" data-action="retract" aria-expanded=${this.mode === 'retract'} ?disabled=${this.writer.busy} @click=${() => this.open('retract')}>
            ${s.list.retract}
          </button>
        </div>
        ${this.renderPanel()}
        ${this.mode === 'view' ? this.renderError('panel') : nothing}
      </article>
    `;
  }

  private renderExpiry() {
    const { expiresAt } = this.headline;
    if (!expiresAt) return html`<span class="expiry">${this.strings.list.noExpiry}</span>`;
    const soon = Date.parse(expiresAt) - this.now < SOON_MS;
    return html`<time class="expiry ${soon ? 'soon' : ''}" datetime=${expiresAt} title=${fullTime(this.strings.lang, expiresAt)}>
      ${this.strings.list.expires(relativeTime(this.strings.lang, expiresAt, this.now))}
    </time>`;
  }

  private renderStats() {
    if (!this.stats) return nothing;
    const s = this.strings;
    const { seen, clicked, rate } = this.stats;
    const percent = rate === null ? s.list.stats.noRate : s.list.stats.rate(new Intl.NumberFormat(s.lang, { style: 'percent', maximumFractionDigits: 1 }).format(rate));
    return html`<span class="stats" role="group" aria-label=${s.list.stats.label}>
      <span data-stat="seen">${s.list.stats.seenBy(count(s.lang, seen))}</span>
      <span data-stat="clicked">${s.list.stats.clicked(count(s.lang, clicked))}</span>
      <span data-stat="rate">${percent}</span>
    </span>`;
  }

  /**
   * A failed write, by its status and field (never its wording): a refused field says "fix this
   * field" at the field and offers no retry; no answer, a server failure or 429 offers a retry.
   */
  private renderError(where: 'form' | 'panel') {
    const error = this.writer.error;
    if (!error) return nothing;
    const fix = error.fieldToFix;
    if (where === 'form' && fix && FORM_FIELDS.has(fix)) return nothing;
    return html`<div class="panel-error" role="alert" data-kind=${error.retryable ? 'retry' : 'refused'}>
      <p class="field-error">${describeError(this.strings, error)}</p>
      ${error.retryable
        ? html`<button class="btn btn-small" type="button" data-action="retry" ?disabled=${this.writer.busy} @click=${this.retry}>${this.strings.composer.retry}</button>`
        : nothing}
    </div>`;
  }

  private renderPanel() {
    const s = this.strings.list;
    const c = this.strings.composer;
    const error = this.renderError('panel');
    switch (this.mode) {
      case 'view':
        return nothing;
      case 'edit': {
        const h = this.headline;
        const toFix = this.writer.error?.fieldToFix;
        const fieldError = (field: string) =>
          toFix === field
            ? html`<p class="field-error" id="edit-${field}-error" role="alert" data-kind="fix">${this.strings.fixField(describeError(this.strings, this.writer.error!))}</p>`
            : nothing;
        return html`<form class="panel" novalidate @submit=${this.saveCorrection}>
          <div class="field">
            <label class="label" for="edit-text">${s.text}</label>
            <textarea id="edit-text" class="input" dir="auto" .value=${h.text} aria-invalid=${toFix === 'text' ? 'true' : 'false'} aria-describedby="edit-text-error"></textarea>
            ${fieldError('text')}
          </div>
          <div class="edit-row">
            <div class="field">
              <label class="label" for="edit-url">${s.url}</label>
              <input
                id="edit-url"
                class="input"
                type="url"
                dir="ltr"
                inputmode="url"
                placeholder="https://"
                spellcheck="false"
                .value=${h.url ?? ''}
                aria-invalid=${toFix === 'url' ? 'true' : 'false'}
                aria-describedby="edit-url-error"
              />
              ${fieldError('url')}
            </div>
            <div class="field">
              <label class="urgent-toggle ${this.editUrgent ? 'on' : ''}">
                <input
                  id="edit-urgent"
                  type="checkbox"
                  role="switch"
                  .checked=${this.editUrgent}
                  aria-invalid=${toFix === 'urgent' ? 'true' : 'false'}
                  aria-describedby="edit-urgent-error"
                  @change=${(event: Event) => (this.editUrgent = (event.target as HTMLInputElement).checked)}
                />
                <span><strong>${c.urgent}</strong><br /><span class="hint">${c.urgentHint}</span></span>
              </label>
              ${fieldError('urgent')}
            </div>
          </div>
          ${this.renderError('form')}
          <div class="panel-actions">
            <button class="btn btn-primary btn-small" type="submit" data-action="save" ?disabled=${this.writer.busy}>${this.writer.busy ? s.saving : s.save}</button>
            <button class="btn btn-small" type="button" @click=${this.close}>${s.cancel}</button>
          </div>
        </form>`;
      }
      case 'retract':
        return html`<div class="panel danger" role="alertdialog" aria-labelledby="retract-question">
          <p class="panel-title" id="retract-question">${s.confirmRetract}</p>
          ${error}
          <div class="panel-actions">
            <button class="btn btn-danger btn-small" type="button" data-action="confirm-retract" ?disabled=${this.writer.busy} @click=${this.retract}>
              ${this.writer.busy ? s.retracting : s.confirmRetractAction}
            </button>
            <button class="btn btn-small" type="button" @click=${this.close}>${s.cancel}</button>
          </div>
        </div>`;
      case 'extend':
        return html`<div class="panel" role="group" aria-labelledby="extend-title">
          <p class="panel-title" id="extend-title">${s.extendTitle}</p>
          ${error}
          <div class="panel-actions">
            ${EXTEND_CHOICES.map(
              (seconds) => html`<button class="btn btn-small" type="button" data-extend=${seconds} ?disabled=${this.writer.busy} @click=${() => this.extend(seconds)}>${s.extendBy[seconds]}</button>`,
            )}
            ${this.headline.expiresAt
              ? html`<button class="btn btn-small" type="button" data-extend="none" ?disabled=${this.writer.busy} @click=${() => this.extend(null)}>${s.removeExpiry}</button>`
              : nothing}
            <button class="btn btn-quiet btn-small" type="button" @click=${this.close}>${s.cancel}</button>
          </div>
        </div>`;
    }
  }

  private async open(mode: Mode): Promise<void> {
    this.writer.clearError();
    this.mode = this.mode === mode ? 'view' : mode;
    this.editUrgent = this.headline.urgent;
    await this.updateComplete;
    const first = this.renderRoot.querySelector<HTMLElement>('.panel textarea, .panel button');
    first?.focus();
  }

  private async close(): Promise<void> {
    const mode = this.mode;
    this.mode = 'view';
    this.writer.clearError();
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`[data-action="${mode === 'edit' ? 'correct' : mode}"]`)?.focus();
  }

  private onKeydown(event: KeyboardEvent): void {
    if (event.key === 'Escape' && this.mode !== 'view') {
      event.stopPropagation();
      void this.close();
    } else if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && this.mode === 'edit') {
      event.preventDefault();
      void this.saveCorrection();
    }
  }

  private async saveCorrection(event?: Event): Promise<void> {
    event?.preventDefault();
    const h = this.headline;
    const root = this.renderRoot;
    const text = root.querySelector<HTMLTextAreaElement>('#edit-text')!.value.trim();
    const url = root.querySelector<HTMLInputElement>('#edit-url')!.value.trim();
    const urgent = this.editUrgent;
    const input: HeadlineInput = {};
    if (text !== h.text) input.text = text;
    if (url !== (h.url ?? '')) input.url = url || null;
    if (urgent !== h.urgent) input.urgent = urgent;
    if (Object.keys(input).length === 0) return this.close();
    await this.write(() => this.api!.update(this.channel, h.id, input));
  }

  private async retract(): Promise<void> {
    await this.write(() => this.api!.retract(this.channel, this.headline.id));
  }

  /** Pushes the expiry `seconds` further (from now if it has none), or removes it (null). */
  private async extend(seconds: number | null): Promise<void> {
    const now = Date.now();
    let expiresAt: string | null = null;
    if (seconds !== null) {
      const from = Math.max(now, this.headline.expiresAt ? Date.parse(this.headline.expiresAt) : now);
      expiresAt = new Date(Math.min(from + seconds * 1000, now + MAX_EXPIRY_AHEAD_MS)).toISOString();
    }
    await this.write(() => this.api!.update(this.channel, this.headline.id, { expiresAt }));
  }

  private async write(action: () => Promise<unknown>): Promise<void> {
    if (!this.api) return;
    this.lastWrite = action;
    const done = await this.writer.run(action);
    if (done !== undefined) await this.close();
  }

  private async retry(): Promise<void> {
    if (this.lastWrite) await this.write(this.lastWrite);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ajel-headline-row': AjelHeadlineRow;
  }
}
