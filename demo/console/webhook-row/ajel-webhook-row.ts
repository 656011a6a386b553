import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { PingResult, WebhookDeliveries, WebhooksApi, WebhookView } from '../api/webhooks-api.js';
import { ApiError } from '../api/editor-api.js';
import { focusAfterUpdate } from '../controllers/focus.js';
import { RowPanelController } from '../controllers/row-panel-controller.js';
import { WriteController } from '../controllers/write-controller.js';
import { describeErrorAbout } from '../i18n/errors.js';
import { count, dateTime, fullTime, isolate } from '../i18n/format.js';
import type { Strings } from '../i18n/strings.js';
import { confirmPanel } from '../templates/confirm-panel.js';
import { fieldError } from '../templates/field.js';
import { webhookRowStyles } from './ajel-webhook-row.styles.js';

type Notice = 'paused' | 'resumed';

/** A receiver's answer, or why there was none. */
const outcomeOf = (attempt: { status?: number; error?: string }) => (attempt.status !== undefined ? `HTTP ${attempt.status}` : (attempt.error ?? '—'));

/**
 * One webhook endpoint: its URL, channels, whether it is sending (and why not), its last delivery;
 * a test ping with its result, the recent deliveries and undelivered events (sent again on
 * replay), pause or resume, and removal after a confirmation.
 *
 * @fires ajel-webhook-changed - it was paused or resumed ({ webhook })
 * @fires ajel-webhook-removed - it was removed ({ id })
 */
@customElement('ajel-webhook-row')
export class AjelWebhookRow extends LitElement {
  static styles = webhookRowStyles;

  @property({ attribute: false }) webhook!: WebhookView;
  @property({ attribute: false }) strings!: Strings;
  @property({ attribute: false }) api?: WebhooksApi;

  @state() private deliveries?: WebhookDeliveries;
  @state() private deliveriesError?: ApiError;
  @state() private showDeliveries = false;
  @state() private notice?: Notice;
  @state() private ping?: PingResult;
  @state() private replayed?: number;

  private readonly writer = new WriteController(this);
  private readonly pinger = new WriteController(this);
  private readonly panel = new RowPanelController<'remove'>(this, { writer: this.writer, focusOnOpen: { remove: '[data-action="confirm-remove"]' } });

  connectedCallback(): void {
    super.connectedCallback();
    void this.loadDeliveries();
  }

  render() {
    const w = this.webhook;
    const s = this.strings.webhooks;
    const lang = this.strings.lang;
    const status = w.enabled ? 'enabled' : 'disabled';
    const last = this.deliveries?.attempts[0];
    return html`
      <article class="webhook ${status}" data-id=${w.id} aria-labelledby="url" @keydown=${this.panel.onKeydown}>
        <header class="head">
          <h3 class="url" id="url" dir="ltr" tabindex="-1">${w.url}</h3>
          <span class="badge status ${status}" data-status=${status}>${s.status[status]}</span>
        </header>
        ${w.description ? html`<p class="description" dir="auto">${w.description}</p>` : nothing}
        ${!w.enabled && w.disabledReason ? this.renderReason(w.disabledReason) : nothing}
        <dl class="facts">
          <div class="fact">
            <dt>${s.channels}</dt>
            <dd><ul class="chips">${w.channels.map((channel) => html`<li dir="ltr">${channel}</li>`)}</ul></dd>
          </div>
          <div class="fact">
            <dt>${s.lastDelivery}</dt>
            <dd class="last-delivery" data-ok=${last ? String(last.ok) : nothing}>
              ${last
                ? html`<span class=${last.ok ? 'ok' : 'bad'}>${s.answered(isolate(outcomeOf(last)), count(lang, last.durationMs))}</span>
                    <time datetime=${last.at} title=${fullTime(lang, last.at)}>${dateTime(lang, last.at)}</time>`
                : html`<span class="none">${s.noDeliveries}</span>`}
            </dd>
          </div>
          ${w.failures > 0 && w.failingSince
            ? html`<div class="fact">
                <dt>${s.deadLetters}</dt>
                <dd class="bad">${s.failing(w.failures, dateTime(lang, w.failingSince))}</dd>
              </div>`
            : nothing}
          <div class="fact">
            <dt>${s.created}</dt>
            <dd><time datetime=${w.createdAt} title=${fullTime(lang, w.createdAt)}>${dateTime(lang, w.createdAt)}</time></dd>
          </div>
        </dl>
        <div class="footer">
          <div class="actions" role="group" aria-label=${s.actionsFor(w.url)}>
            <button class="btn btn-small" type="button" data-action="test" ?disabled=${this.pinger.busy} @click=${this.sendPing}>${this.pinger.busy ? s.testing : s.test}</button>
            <button class="btn btn-small" type="button" data-action="deliveries" aria-expanded=${this.showDeliveries} aria-controls="deliveries" @click=${this.toggleDeliveries}>${s.deliveries}</button>
            <button class="btn btn-small" type="button" data-action=${w.enabled ? 'pause' : 'resume'} ?disabled=${this.writer.busy} @click=${this.togglePaused}>
              ${w.enabled ? s.pause : s.resume}
            </button>
            <button class="btn btn-small danger-text" type="button" data-action="remove" aria-expanded=${this.panel.mode === 'remove'} @click=${this.openRemove}>${s.remove}</button>
          </div>
          <p class="notice" role="status">${this.notice ? s[this.notice] : nothing}</p>
        </div>
        <div class="ping" role="status">${this.renderPing()}</div>
        ${this.panel.mode === 'remove' ? this.renderConfirm() : fieldError('webhook-error', this.writer.error && this.describe(this.writer.error))}
        ${this.showDeliveries ? this.renderDeliveries() : nothing}
      </article>
    `;
  }

  /** Why it is disabled: in the page's words when someone paused it, else the server's (a failing receiver). */
  private renderReason(reason: string) {
    const pauser = /^paused by (.+)$/.exec(reason)?.[1];
    return pauser
      ? html`<p class="reason" id="disabled-reason">${this.strings.webhooks.pausedBy(isolate(pauser))}</p>`
      : html`<p class="reason" id="disabled-reason" dir="auto">${reason}</p>`;
  }

  private renderPing() {
    const s = this.strings.webhooks;
    if (this.pinger.error) return html`<span class="bad" id="ping-result" data-ok="false">${this.describe(this.pinger.error)}</span>`;
    const ping = this.ping;
    if (!ping) return nothing;
    const outcome = s.answered(isolate(outcomeOf(ping)), count(this.strings.lang, ping.durationMs));
    return html`<span class=${ping.ok ? 'ok' : 'bad'} id="ping-result" data-ok=${String(ping.ok)}>${ping.ok ? s.pingOk(outcome) : s.pingFailed(outcome)}</span>`;
  }

  private renderConfirm() {
    const s = this.strings.webhooks;
    return confirmPanel({
      name: 'remove',
      question: s.confirmRemove(isolate(this.webhook.url)),
      consequence: s.removeConsequence,
      error: fieldError('remove-error', this.writer.error && this.describe(this.writer.error)),
      busy: this.writer.busy,
      confirm: s.confirmRemoveAction,
      confirming: s.removing,
      cancel: s.cancel,
      onConfirm: this.removeEndpoint,
      onCancel: () => this.panel.close(),
    });
  }

  private renderDeliveries() {
    const s = this.strings.webhooks;
    const lang = this.strings.lang;
    const deliveries = this.deliveries;
    const columns = s.attemptColumns;
    return html`<section class="panel deliveries" id="deliveries" aria-labelledby="attempts-title">
      ${this.deliveriesError ? html`<p class="field-error" role="alert">${this.describe(this.deliveriesError)}</p>` : nothing}
      <h4 class="panel-title" id="attempts-title">${s.attempts}</h4>
      ${deliveries?.attempts.length
        ? html`<div class="table-scroll">
            <table class="attempts">
              <thead><tr><th scope="col">${columns.at}</th><th scope="col">${columns.type}</th><th scope="col">${columns.attempt}</th><th scope="col">${columns.outcome}</th></tr></thead>
              <tbody>
                ${deliveries.attempts.map(
                  (attempt) => html`<tr data-ok=${String(attempt.ok)}>
                    <td><time datetime=${attempt.at} title=${fullTime(lang, attempt.at)}>${dateTime(lang, attempt.at)}</time></td>
                    <td dir="ltr"><code>${attempt.type}</code></td>
                    <td>${count(lang, attempt.attempt)}</td>
                    <td class=${attempt.ok ? 'ok' : 'bad'} dir="ltr">${outcomeOf(attempt)}</td>
                  </tr>`,
                )}
              </tbody>
            </table>
          </div>`
        : html`<p class="none">${s.noDeliveries}</p>`}
      ${deliveries?.nextRetryAt ? html`<p class="hint">${s.nextRetry(dateTime(lang, deliveries.nextRetryAt))}</p>` : nothing}
      <h4 class="panel-title" id="dead-title">${s.deadLetters}</h4>
      ${deliveries?.deadLetters.length
        ? html`<ul class="dead-letters" aria-labelledby="dead-title">
              ${deliveries.deadLetters.map(
                (letter) => html`<li>
                  <code dir="ltr">${letter.event.type}</code>
                  <span class="bad" dir="ltr">${outcomeOf({ status: letter.lastStatus, error: letter.lastError })}</span>
                  <time datetime=${letter.failedAt}>${dateTime(lang, letter.failedAt)}</time>
                </li>`,
              )}
            </ul>
            <div class="panel-actions">
              <button class="btn btn-small" type="button" data-action="replay" ?disabled=${this.writer.busy} @click=${this.replay}>${this.writer.busy ? s.replaying : s.replay}</button>
            </div>`
        : html`<p class="none">${s.noDeadLetters}</p>`}
      <p class="notice" role="status">${this.replayed !== undefined ? s.replayed(this.replayed) : nothing}</p>
    </section>`;
  }

  private describe(error: ApiError): string {
    return describeErrorAbout(this.strings.webhookErrors, this.strings, error);
  }

  private async loadDeliveries(): Promise<void> {
    const api = this.api;
    if (!api) return;
    try {
      this.deliveries = await api.deliveries(this.webhook.id);
      this.deliveriesError = undefined;
    } catch (error) {
      this.deliveriesError = error instanceof ApiError ? error : new ApiError(0, { code: 'generic', message: String(error) });
    }
  }

  private async sendPing(): Promise<void> {
    const api = this.api;
    if (!api) return;
    this.ping = undefined;
    const ping = await this.pinger.run(() => api.test(this.webhook.id));
    if (ping) this.ping = ping;
    await this.loadDeliveries();
  }

  private async toggleDeliveries(): Promise<void> {
    this.showDeliveries = !this.showDeliveries;
    this.replayed = undefined;
    if (this.showDeliveries) await this.loadDeliveries();
  }

  private async replay(): Promise<void> {
    const api = this.api;
    if (!api) return;
    const requeued = await this.writer.run(() => api.replay(this.webhook.id));
    if (requeued === undefined) return;
    this.replayed = requeued;
    await this.loadDeliveries();
  }

  private async togglePaused(): Promise<void> {
    const api = this.api;
    if (!api) return;
    const pausing = this.webhook.enabled;
    this.notice = undefined;
    const webhook = await this.writer.run(() => (pausing ? api.pause(this.webhook.id) : api.resume(this.webhook.id)));
    if (!webhook) return;
    this.notice = pausing ? 'paused' : 'resumed';
    this.dispatchEvent(new CustomEvent('ajel-webhook-changed', { detail: { webhook }, bubbles: true, composed: true }));
    await focusAfterUpdate(this, `[data-action="${pausing ? 'resume' : 'pause'}"]`);
  }

  private openRemove(): void {
    this.notice = undefined;
    void this.panel.toggle('remove');
  }

  private async removeEndpoint(): Promise<void> {
    const api = this.api;
    if (!api) return;
    const id = this.webhook.id;
    const done = await this.writer.run(() => api.remove(id).then(() => true));
    if (done) this.dispatchEvent(new CustomEvent('ajel-webhook-removed', { detail: { id }, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ajel-webhook-row': AjelWebhookRow;
  }
  interface HTMLElementEventMap {
    'ajel-webhook-changed': CustomEvent<{ webhook: WebhookView }>;
    'ajel-webhook-removed': CustomEvent<{ id: string }>;
  }
}
