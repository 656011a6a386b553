import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { ScheduledHeadline } from '../../../server/protocol.js';
import type { EditorApi } from '../api/editor-api.js';
import { RowPanelController } from '../controllers/row-panel-controller.js';
import { WriteController } from '../controllers/write-controller.js';
import { describeErrorAbout } from '../i18n/errors.js';
import { dateTime, fullTime, isoOfLocalInput, localInputValue, relativeTime, webUrl } from '../i18n/format.js';
import type { Strings } from '../i18n/strings.js';
import { confirmPanel } from '../templates/confirm-panel.js';
import { fieldError } from '../templates/field.js';
import { scheduledRowStyles } from './ajel-scheduled-row.styles.js';

/**
 * One held headline: when it goes out, its text, link and urgency, who scheduled it; edit (text
 * and time, sent with the revision read) and cancel (after a confirmation).
 *
 * @fires ajel-scheduled-changed - it was edited ({ held })
 * @fires ajel-scheduled-cancelled - it was cancelled ({ id })
 */
@customElement('ajel-scheduled-row')
export class AjelScheduledRow extends LitElement {
  static styles = scheduledRowStyles;

  @property({ attribute: false }) held!: ScheduledHeadline;
  @property({ attribute: false }) strings!: Strings;
  @property({ attribute: false }) api?: EditorApi;
  /** The clock the list re-renders with, for "in 12 min". */
  @property({ attribute: false }) now = Date.now();

  @state() private notice = false;

  private readonly writer = new WriteController(this);
  private readonly panel = new RowPanelController<'edit' | 'cancel'>(this, {
    writer: this.writer,
    focusOnOpen: { edit: '#edit-text', cancel: '[data-action="confirm-cancel"]' },
  });

  render() {
    const h = this.held;
    const s = this.strings.scheduled;
    const lang = this.strings.lang;
    return html`
      <article class="held ${h.urgent ? 'urgent' : ''}" data-id=${h.id} aria-labelledby="held-text" @keydown=${this.panel.onKeydown}>
        <p class="when">
          <time datetime=${h.publishAt} title=${fullTime(lang, h.publishAt)}>${dateTime(lang, h.publishAt)}</time>
          <span class="relative">${h.publishing ? s.publishing : relativeTime(lang, h.publishAt, this.now)}</span>
          ${h.urgent ? html`<span class="badge badge-urgent">${this.strings.list.urgent}</span>` : nothing}
        </p>
        <p class="text" id="held-text" dir=${h.dir ?? 'auto'} lang=${h.lang ?? nothing}>${h.text}</p>
        <p class="meta">
          ${webUrl(h.url) ? html`<a href=${h.url!} dir="ltr" target="_blank" rel="noopener noreferrer">${h.url}</a>` : nothing}
          <span class="by">${s.by(h.scheduledBy)}</span>
        </p>
        ${h.publishing
          ? nothing
          : html`<div class="footer">
              <div class="actions" role="group" aria-label=${s.actionsFor(h.text)}>
                <button class="btn btn-small" type="button" data-action="edit" aria-expanded=${this.panel.mode === 'edit'} @click=${() => this.open('edit')}>${s.edit}</button>
                <button class="btn btn-small danger-text" type="button" data-action="cancel" aria-expanded=${this.panel.mode === 'cancel'} @click=${() => this.open('cancel')}>${s.cancel}</button>
              </div>
              <p class="notice" role="status">${this.notice ? s.saved : nothing}</p>
            </div>`}
        ${this.renderPanel()}
      </article>
    `;
  }

  private renderPanel() {
    const s = this.strings.scheduled;
    const error = this.writer.error;
    const problem = fieldError('held-error', error && describeErrorAbout(this.strings.scheduledErrors, this.strings, error));
    if (this.panel.mode === 'edit') {
      return html`<form class="panel" novalidate @submit=${this.save}>
        <div class="field">
          <label class="label" for="edit-text">${s.text}</label>
          <textarea id="edit-text" class="input" rows="2" dir="auto" .value=${this.held.text}></textarea>
        </div>
        <div class="field">
          <label class="label" for="edit-at">${s.publishAt}</label>
          <input id="edit-at" class="input" type="datetime-local" dir="ltr" .value=${localInputValue(this.held.publishAt)} />
          <span class="hint">${this.strings.composer.publishAtHint}</span>
        </div>
        ${problem}
        <div class="panel-actions">
          <button class="btn btn-primary btn-small" type="submit" data-action="save" ?disabled=${this.writer.busy}>${this.writer.busy ? s.saving : s.save}</button>
          <button class="btn btn-small" type="button" @click=${() => this.panel.close()}>${s.close}</button>
        </div>
      </form>`;
    }
    if (this.panel.mode === 'cancel') {
      return confirmPanel({
        name: 'cancel',
        question: s.confirmCancel,
        error: problem,
        busy: this.writer.busy,
        confirm: s.confirmCancelAction,
        confirming: s.cancelling,
        cancel: s.close,
        onConfirm: this.cancel,
        onCancel: () => this.panel.close(),
      });
    }
    return nothing;
  }

  private open(mode: 'edit' | 'cancel'): void {
    this.notice = false;
    void this.panel.toggle(mode);
  }

  private async save(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const api = this.api;
    if (!api) return;
    const text = this.renderRoot.querySelector<HTMLTextAreaElement>('#edit-text')!.value.trim();
    const publishAt = isoOfLocalInput(this.renderRoot.querySelector<HTMLInputElement>('#edit-at')!.value);
    const change: Parameters<EditorApi['editScheduled']>[2] = { rev: this.held.rev };
    if (text !== this.held.text) change.text = text;
    if (publishAt && publishAt !== this.held.publishAt) change.publishAt = publishAt;
    if (change.text === undefined && change.publishAt === undefined) return void this.panel.close();
    const held = await this.writer.run(() => api.editScheduled(this.held.channel, this.held.id, change));
    if (!held) return;
    this.dispatchEvent(new CustomEvent('ajel-scheduled-changed', { detail: { held }, bubbles: true, composed: true }));
    await this.panel.close();
    this.notice = true;
  }

  private async cancel(): Promise<void> {
    const api = this.api;
    if (!api) return;
    const { channel, id } = this.held;
    const done = await this.writer.run(() => api.cancelScheduled(channel, id).then(() => true));
    if (done) this.dispatchEvent(new CustomEvent('ajel-scheduled-cancelled', { detail: { id }, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ajel-scheduled-row': AjelScheduledRow;
  }
  interface HTMLElementEventMap {
    'ajel-scheduled-changed': CustomEvent<{ held: ScheduledHeadline }>;
    'ajel-scheduled-cancelled': CustomEvent<{ id: string }>;
  }
}
