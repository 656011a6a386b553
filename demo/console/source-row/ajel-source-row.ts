import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { SourceRecord, SourcesApi } from '../api/sources-api.js';
import { focusAfterUpdate } from '../controllers/focus.js';
import { RowPanelController } from '../controllers/row-panel-controller.js';
import { WriteController } from '../controllers/write-controller.js';
import { describeErrorAbout } from '../i18n/errors.js';
import { count, dateTime, fullTime, isolate } from '../i18n/format.js';
import type { Strings } from '../i18n/strings.js';
import { confirmPanel } from '../templates/confirm-panel.js';
import { fieldError } from '../templates/field.js';
import { sourceRowStyles } from './ajel-source-row.styles.js';

type Notice = 'paused' | 'resumed';

/**
 * One feed source: its URL, whether it is read, when it last was, its last error, the headlines it
 * published and its mapping rules; pause or resume it, and remove it after a confirmation.
 *
 * @fires ajel-source-changed - it was paused or resumed ({ record })
 * @fires ajel-source-removed - it was removed ({ id })
 */
@customElement('ajel-source-row')
export class AjelSourceRow extends LitElement {
  static styles = sourceRowStyles;

  @property({ attribute: false }) record!: SourceRecord;
  @property({ attribute: false }) strings!: Strings;
  @property({ attribute: false }) api?: SourcesApi;

  @state() private notice?: Notice;

  private readonly writer = new WriteController(this);
  private readonly panel = new RowPanelController<'remove'>(this, { writer: this.writer, focusOnOpen: { remove: '[data-action="confirm-remove"]' } });

  render() {
    const { source, state } = this.record;
    const s = this.strings.sources;
    const lang = this.strings.lang;
    const status = source.paused ? 'paused' : 'active';
    const url = source.url ?? source.id;
    const time = (iso: string) => html`<time datetime=${iso} title=${fullTime(lang, iso)}>${dateTime(lang, iso)}</time>`;
    return html`
      <article class="source ${status}" data-id=${source.id} aria-labelledby="url" @keydown=${this.panel.onKeydown}>
        <header class="head">
          <h3 class="url" id="url" dir="ltr" tabindex="-1">${url}</h3>
          <span class="badge status ${status}" data-status=${status}>${s.status[status]}</span>
        </header>
        <dl class="facts">
          <div class="fact">
            <dt>${s.lastPoll}</dt>
            <dd class="last-poll">${state.lastSuccessAt ? time(state.lastSuccessAt) : html`<span class="none">${s.never}</span>`}</dd>
          </div>
          ${!source.paused && state.nextPollAt
            ? html`<div class="fact">
                <dt>${s.nextPoll}</dt>
                <dd class="next-poll">${time(new Date(state.nextPollAt).toISOString())}</dd>
              </div>`
            : nothing}
          <div class="fact">
            <dt>${s.lastError}</dt>
            <dd class="last-error">
              ${state.lastError
                ? html`<span class="error-text" dir="auto">${state.lastError.message}</span> ${time(state.lastError.at)}
                    ${state.failures > 0 ? html`<span class="failures">${s.failures(state.failures)}</span>` : nothing}`
                : html`<span class="none">${s.noError}</span>`}
            </dd>
          </div>
          <div class="fact">
            <dt>${s.items}</dt>
            <dd class="counts">${s.counts(count(lang, state.counts.published), count(lang, state.counts.corrected), count(lang, state.counts.retracted))}</dd>
          </div>
          <div class="fact">
            <dt>${s.mapping}</dt>
            <dd class="mapping">${this.renderMapping()}</dd>
          </div>
        </dl>
        <div class="footer">
          <div class="actions" role="group" aria-label=${s.actionsFor(url)}>
            <button class="btn btn-small" type="button" data-action=${source.paused ? 'resume' : 'pause'} ?disabled=${this.writer.busy} @click=${this.togglePaused}>
              ${source.paused ? s.resume : s.pause}
            </button>
            <button class="btn btn-small danger-text" type="button" data-action="remove" aria-expanded=${this.panel.mode === 'remove'} @click=${this.openRemove}>${s.remove}</button>
          </div>
          <p class="notice" role="status">${this.notice ? s[this.notice] : nothing}</p>
        </div>
        ${this.panel.mode === 'remove'
          ? confirmPanel({
              name: 'remove',
              question: s.confirmRemove(isolate(url)),
              consequence: s.removeConsequence,
              error: fieldError('remove-error', this.writer.error && this.describe()),
              busy: this.writer.busy,
              confirm: s.confirmRemoveAction,
              confirming: s.removing,
              cancel: s.cancel,
              onConfirm: this.removeSource,
              onCancel: () => this.panel.close(),
            })
          : fieldError('source-error', this.writer.error && this.describe())}
      </article>
    `;
  }

  private renderMapping() {
    const s = this.strings.sources;
    const { mapping, retractRemoved } = this.record.source;
    const rules = [
      ...(mapping.urgentPrefix ? [s.urgentPrefix(isolate(mapping.urgentPrefix), mapping.keepPrefix)] : []),
      ...(mapping.urgentCategories.length ? [s.urgentCategories(mapping.urgentCategories.map(isolate).join(this.strings.lang === 'ar' ? '، ' : ', '))] : []),
      ...(mapping.lang ? [s.itemsLang(isolate(mapping.lang))] : []),
      ...(retractRemoved ? [s.retractRemoved] : []),
    ];
    return rules.length ? html`<ul class="rules">${rules.map((rule) => html`<li>${rule}</li>`)}</ul>` : html`<span class="none">${s.plainMapping}</span>`;
  }

  private describe(): string {
    return describeErrorAbout(this.strings.sourceErrors, this.strings, this.writer.error!);
  }

  private async togglePaused(): Promise<void> {
    const api = this.api;
    if (!api) return;
    const paused = !this.record.source.paused;
    this.notice = undefined;
    const record = await this.writer.run(() => api.setPaused(this.record.source.id, paused));
    if (!record) return;
    this.notice = paused ? 'paused' : 'resumed';
    this.dispatchEvent(new CustomEvent('ajel-source-changed', { detail: { record }, bubbles: true, composed: true }));
    await focusAfterUpdate(this, `[data-action="${paused ? 'resume' : 'pause'}"]`);
  }

  private openRemove(): void {
    this.notice = undefined;
    void this.panel.toggle('remove');
  }

  private async removeSource(): Promise<void> {
    const api = this.api;
    if (!api) return;
    const id = this.record.source.id;
    const done = await this.writer.run(() => api.remove(id).then(() => true));
    if (done) this.dispatchEvent(new CustomEvent('ajel-source-removed', { detail: { id }, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ajel-source-row': AjelSourceRow;
  }
  interface HTMLElementEventMap {
    'ajel-source-changed': CustomEvent<{ record: SourceRecord }>;
    'ajel-source-removed': CustomEvent<{ id: string }>;
  }
}
