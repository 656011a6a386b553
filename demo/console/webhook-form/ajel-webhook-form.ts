import { LitElement, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { IssuedWebhook, NewWebhook, WebhooksApi } from '../api/webhooks-api.js';
import { fieldAmong, FieldErrorsController } from '../controllers/field-errors-controller.js';
import { WriteController } from '../controllers/write-controller.js';
import { describeErrorAbout } from '../i18n/errors.js';
import type { Strings } from '../i18n/strings.js';
import { inputField } from '../templates/field.js';
import { webhookFormStyles } from './ajel-webhook-form.styles.js';

const FIELDS = ['url', 'channels', 'description'] as const;
type Field = (typeof FIELDS)[number];

/**
 * Registers a webhook endpoint: its URL, the channels it receives (those the key may manage) and a
 * description. The server's answer carries the endpoint's secret, once.
 *
 * @fires ajel-webhook-saved - the endpoint was added (IssuedWebhook: the endpoint and its secret)
 * @fires ajel-webhook-cancel - the editor gave up
 */
@customElement('ajel-webhook-form')
export class AjelWebhookForm extends LitElement {
  static styles = webhookFormStyles;

  @property({ attribute: false }) strings!: Strings;
  @property({ attribute: false }) api?: WebhooksApi;
  /** The channels the key may manage; `channel` is ticked to begin with. */
  @property({ attribute: false }) channels: readonly string[] = [];
  @property() channel = '';

  private readonly writer = new WriteController(this);
  private readonly errors = new FieldErrorsController<Field>(this, {
    writer: this.writer,
    fieldOf: fieldAmong(FIELDS),
    idPrefix: 'webhook-',
    strings: () => this.strings,
    describe: (error) => describeErrorAbout(this.strings.webhookErrors, this.strings, error),
    fieldOfInput: (input) => (input.name === 'channel' ? 'channels' : undefined),
    focusField: (field) => this.renderRoot.querySelector<HTMLElement>(field === 'channels' ? 'input[name="channel"]' : `#webhook-${field}`)?.focus(),
  });

  render() {
    const s = this.strings.webhookForm;
    return html`
      <form novalidate @submit=${this.submit} @input=${this.errors.onEdit} @change=${this.errors.onEdit}>
        ${inputField({ id: 'webhook-url', label: s.url, kind: 'url', error: this.errors.at('url'), hint: html`${s.urlHint} <bdi dir="ltr">https://</bdi>` })}
        <fieldset class="field channels" id="webhook-channels" aria-invalid=${this.errors.invalid('channels')} aria-describedby="webhook-channels-error">
          <legend class="label">${s.channels}</legend>
          <div class="choices">
            ${this.channels.map(
              (channel) => html`<label class="check" dir="ltr"><input type="checkbox" name="channel" value=${channel} ?checked=${channel === this.channel} /> ${channel}</label>`,
            )}
          </div>
          ${this.errors.renderError('channels')}
        </fieldset>
        ${inputField({ id: 'webhook-description', label: s.description, kind: 'text', maxlength: 200, error: this.errors.at('description') })}
        ${this.errors.renderFormError()}
        <div class="actions">
          <button class="btn btn-primary" type="submit" id="webhook-submit" ?disabled=${this.writer.busy || !this.api} aria-busy=${this.writer.busy ? 'true' : 'false'}>
            ${this.writer.busy ? s.adding : s.submit}
          </button>
          <button class="btn" type="button" id="webhook-cancel" @click=${this.cancel}>${s.cancel}</button>
        </div>
      </form>
    `;
  }

  firstUpdated(): void {
    this.renderRoot.querySelector<HTMLInputElement>('#webhook-url')?.focus();
  }

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const api = this.api;
    if (!api || this.writer.busy) return;
    const s = this.strings.webhookForm;
    this.writer.clearError();
    const url = this.renderRoot.querySelector<HTMLInputElement>('#webhook-url')!.value.trim();
    const channels = [...this.renderRoot.querySelectorAll<HTMLInputElement>('input[name="channel"]:checked')].map((box) => box.value);
    const description = this.renderRoot.querySelector<HTMLInputElement>('#webhook-description')!.value.trim();
    const missing: [Field, string] | undefined = !url ? ['url', s.urlRequired] : channels.length === 0 ? ['channels', s.channelsRequired] : undefined;
    if (missing) return this.errors.refuse(...missing);
    const webhook: NewWebhook = { url, channels, ...(description ? { description } : {}) };
    const issued = await this.errors.run(() => api.add(webhook));
    if (issued) this.dispatchEvent(new CustomEvent('ajel-webhook-saved', { detail: issued, bubbles: true, composed: true }));
  }

  private cancel(): void {
    this.dispatchEvent(new CustomEvent('ajel-webhook-cancel', { bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ajel-webhook-form': AjelWebhookForm;
  }
  interface HTMLElementEventMap {
    'ajel-webhook-saved': CustomEvent<IssuedWebhook>;
    'ajel-webhook-cancel': CustomEvent<void>;
  }
}
