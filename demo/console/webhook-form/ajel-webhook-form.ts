import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { IssuedWebhook, NewWebhook, WebhooksApi } from '../api/webhooks-api.js';
import { WriteController } from '../controllers/write-controller.js';
import { describeErrorAbout } from '../i18n/errors.js';
import type { Strings } from '../i18n/strings.js';
import { webhookFormStyles } from './ajel-webhook-form.styles.js';

type Field = 'url' | 'channels' | 'description';
const FIELDS: readonly string[] = ['url', 'channels', 'description'];
const fieldOf = (apiField: string | undefined): Field | undefined => {
  const field = apiField?.split('.')[0];
  return field !== undefined && FIELDS.includes(field) ? (field as Field) : undefined;
};

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

  @state() private localError?: { field: Field; message: string };

  private readonly writer = new WriteController(this);

  render() {
    const s = this.strings.webhookForm;
    const error = this.writer.error;
    const formError = error && !fieldOf(error.fieldToFix) ? error : undefined;
    return html`
      <form novalidate @submit=${this.submit} @input=${this.edited} @change=${this.edited}>
        <div class="field">
          <label class="label" for="webhook-url">${s.url}</label>
          <input
            id="webhook-url"
            class="input mono"
            type="url"
            dir="ltr"
            inputmode="url"
            placeholder="https://"
            autocomplete="off"
            spellcheck="false"
            aria-invalid=${this.errorAt('url') ? 'true' : 'false'}
            aria-describedby="webhook-url-hint webhook-url-error"
          />
          <span class="hint" id="webhook-url-hint">${s.urlHint} <bdi dir="ltr">https://</bdi></span>
          ${this.renderError('url')}
        </div>
        <fieldset class="field channels" id="webhook-channels" aria-invalid=${this.errorAt('channels') ? 'true' : 'false'} aria-describedby="webhook-channels-error">
          <legend class="label">${s.channels}</legend>
          <div class="choices">
            ${this.channels.map(
              (channel) => html`<label class="check" dir="ltr"><input type="checkbox" name="channel" value=${channel} ?checked=${channel === this.channel} /> ${channel}</label>`,
            )}
          </div>
          ${this.renderError('channels')}
        </fieldset>
        <div class="field">
          <label class="label" for="webhook-description">${s.description}</label>
          <input
            id="webhook-description"
            class="input"
            dir="auto"
            autocomplete="off"
            maxlength="200"
            aria-invalid=${this.errorAt('description') ? 'true' : 'false'}
            aria-describedby="webhook-description-error"
          />
          ${this.renderError('description')}
        </div>
        ${formError ? html`<p class="alert alert-error" id="webhook-form-error" role="alert">${describeErrorAbout(this.strings.webhookErrors, this.strings, formError)}</p>` : nothing}
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

  private errorAt(field: Field): string | undefined {
    if (this.localError) return this.localError.field === field ? this.localError.message : undefined;
    const error = this.writer.error;
    if (!error || fieldOf(error.fieldToFix) !== field) return undefined;
    return this.strings.fixField(describeErrorAbout(this.strings.webhookErrors, this.strings, error));
  }

  private renderError(field: Field) {
    const message = this.errorAt(field);
    return message ? html`<p class="field-error" id="webhook-${field}-error" role="alert">${message}</p>` : nothing;
  }

  private edited(event: Event): void {
    this.localError = undefined;
    const target = event.composedPath()[0] as HTMLInputElement;
    const field = target.name === 'channel' ? 'channels' : fieldOf(target.id.replace(/^webhook-/, ''));
    if (field && field === fieldOf(this.writer.error?.fieldToFix)) this.writer.clearError();
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
    if (missing) {
      this.localError = { field: missing[0], message: missing[1] };
      return this.focusField(missing[0]);
    }
    this.localError = undefined;
    const webhook: NewWebhook = { url, channels, ...(description ? { description } : {}) };
    const issued = await this.writer.run(() => api.add(webhook));
    if (issued) {
      this.dispatchEvent(new CustomEvent('ajel-webhook-saved', { detail: issued, bubbles: true, composed: true }));
      return;
    }
    await this.focusField(fieldOf(this.writer.error?.fieldToFix));
  }

  private async focusField(field: Field | undefined): Promise<void> {
    if (!field) return;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(field === 'channels' ? 'input[name="channel"]' : `#webhook-${field}`)?.focus();
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
