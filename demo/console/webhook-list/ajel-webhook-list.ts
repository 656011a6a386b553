import { LitElement, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { IssuedWebhook, WebhooksApi, WebhookView } from '../api/webhooks-api.js';
import { RecordsController } from '../controllers/records-controller.js';
import { describeErrorAbout } from '../i18n/errors.js';
import type { Strings } from '../i18n/strings.js';
import '../secret-reveal/ajel-secret-reveal.js';
import { dialogStyles } from '../styles/dialog.styles.js';
import '../webhook-form/ajel-webhook-form.js';
import '../webhook-row/ajel-webhook-row.js';
import { webhookListStyles } from './ajel-webhook-list.styles.js';

/** Read again this often, so an endpoint the dispatcher disabled shows it while the page is open. */
const REFRESH_MS = 30_000;

/**
 * The Webhooks page: the endpoints of the channels this key manages, and adding one in a dialog
 * that shows its signing secret once. The secret is dropped when the dialog closes.
 */
@customElement('ajel-webhook-list')
export class AjelWebhookList extends LitElement {
  static styles = [webhookListStyles, dialogStyles];

  @property({ attribute: false }) strings!: Strings;
  @property({ attribute: false }) api?: WebhooksApi;
  /** The channels the key may manage, offered in the form. */
  @property({ attribute: false }) channels: readonly string[] = [];
  /** Ticked in the form to begin with. */
  @property() channel = '';

  @state() private adding = false;
  /** The new endpoint's secret: held only while the dialog is open. */
  @state() private issued?: IssuedWebhook;
  @query('#add-dialog') private addDialog?: HTMLDialogElement;

  private readonly webhooks = new RecordsController<WebhookView>(this, {
    read: () => {
      const api = this.api;
      return api ? () => api.list() : undefined;
    },
    idOf: (webhook) => webhook.id,
    refreshMs: REFRESH_MS,
    scope: () => this.api,
  });

  render() {
    const s = this.strings.webhooks;
    const { records, loading, error } = this.webhooks;
    return html`
      <section class="card" aria-labelledby="webhooks-title" aria-busy=${loading ? 'true' : 'false'}>
        <header class="card-header">
          <h2 class="card-title" id="webhooks-title">${s.title}</h2>
          <span class="count">${records.length}</span>
          <span class="spacer"></span>
          <button class="btn btn-quiet btn-small" type="button" id="refresh" ?disabled=${loading} @click=${() => this.webhooks.load()}>${s.refresh}</button>
          <button class="btn btn-primary btn-small" type="button" id="add" aria-haspopup="dialog" @click=${this.openAdd}>${s.add}</button>
        </header>
        <p class="intro">${s.intro}</p>
        ${error ? html`<div class="alert alert-error failure" role="alert" id="webhooks-error">${describeErrorAbout(this.strings.webhookErrors, this.strings, error)}</div>` : nothing}
        ${records.length === 0
          ? html`<p class="empty">${loading ? s.loading : error ? nothing : s.empty}</p>`
          : html`<ol
              @ajel-webhook-changed=${(event: CustomEvent<{ webhook: WebhookView }>) => this.webhooks.put(event.detail.webhook)}
              @ajel-webhook-removed=${this.removed}
            >
              ${repeat(
                records,
                (webhook) => webhook.id,
                (webhook) => html`<li><ajel-webhook-row .webhook=${webhook} .strings=${this.strings} .api=${this.api}></ajel-webhook-row></li>`,
              )}
            </ol>`}
      </section>
      <dialog id="add-dialog" aria-labelledby="add-title" @close=${this.addClosed}>${this.adding ? this.renderAdd() : nothing}</dialog>
    `;
  }

  private renderAdd() {
    const s = this.strings;
    const issued = this.issued;
    return html`
      <header class="dialog-header">
        <h2 class="dialog-title" id="add-title">${issued ? s.webhookForm.secretTitle : s.webhookForm.title}</h2>
      </header>
      <div class="dialog-body">
        ${issued
          ? html`<ajel-secret-reveal .strings=${s} .secret=${issued.secret} .howTo=${s.webhookForm.secretHowTo}></ajel-secret-reveal>
              <div class="dialog-actions">
                <button class="btn btn-primary" type="button" id="secret-done" @click=${() => this.addDialog?.close()}>${s.secret.done}</button>
              </div>`
          : html`<ajel-webhook-form
              .strings=${s}
              .api=${this.api}
              .channels=${this.channels}
              .channel=${this.channel}
              @ajel-webhook-saved=${this.added}
              @ajel-webhook-cancel=${() => this.addDialog?.close()}
            ></ajel-webhook-form>`}
      </div>
    `;
  }

  private async openAdd(): Promise<void> {
    this.adding = true;
    await this.updateComplete;
    this.addDialog?.showModal();
  }

  private async added(event: CustomEvent<IssuedWebhook>): Promise<void> {
    event.stopPropagation();
    this.webhooks.put(event.detail.webhook);
    this.issued = event.detail;
    await this.updateComplete;
    this.renderRoot.querySelector('ajel-secret-reveal')?.renderRoot.querySelector<HTMLElement>('#copy')?.focus();
  }

  private async removed(event: CustomEvent<{ id: string }>): Promise<void> {
    this.webhooks.drop(event.detail.id);
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#add')?.focus();
  }

  /** However the dialog closed (a button, Escape): the secret is dropped with it. */
  private async addClosed(): Promise<void> {
    this.issued = undefined;
    this.adding = false;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#add')?.focus();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ajel-webhook-list': AjelWebhookList;
  }
}
