import { LitElement, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { IssuedCredential, PartnerChange, PartnersApi, PartnerView } from '../api/partners-api.js';
import { PublicKeyError } from '../api/public-key.js';
import { WriteController } from '../controllers/write-controller.js';
import '../credential-field/ajel-credential-field.js';
import type { AjelCredentialField } from '../credential-field/ajel-credential-field.js';
import { describePartnerError } from '../i18n/errors.js';
import type { Strings } from '../i18n/strings.js';
import { partnerFormStyles } from './ajel-partner-form.styles.js';

type Field = 'id' | 'name' | 'channels' | 'origins' | 'publicKey';
const FIELDS: readonly string[] = ['id', 'name', 'channels', 'origins', 'publicKey'];

/** The form field an API error's `field` concerns: `origins.2` is the origins field. */
const fieldOf = (apiField: string | undefined): Field | undefined => {
  const field = apiField?.split('.')[0];
  return field !== undefined && FIELDS.includes(field) ? (field as Field) : undefined;
};

/** Channels or origins as typed: separated by commas (Latin or Arabic), spaces or lines. */
const listOf = (value: string): string[] => value.split(/[\s,،]+/u).filter(Boolean);

/**
 * Adds a partner (id, name, channels, origins, and a shared secret or its public key) or, given
 * `partner`, changes its name, channels and origins. Fires `ajel-partner-saved` with the server's
 * answer (a new partner's secret included, once) and `ajel-partner-cancel`.
 */
@customElement('ajel-partner-form')
export class AjelPartnerForm extends LitElement {
  static styles = partnerFormStyles;

  @property({ attribute: false }) strings!: Strings;
  @property({ attribute: false }) api?: PartnersApi;
  /** The partner to change; none to add one. */
  @property({ attribute: false }) partner?: PartnerView;
  /** Channels to suggest: those the server lists and those partners already have. */
  @property({ attribute: false }) knownChannels: readonly string[] = [];

  @state() private localError?: { field: Field; message: string };
  @query('ajel-credential-field') private credential?: AjelCredentialField;

  private readonly writer = new WriteController(this);

  render() {
    const s = this.strings.partnerForm;
    const p = this.partner;
    const adding = p === undefined;
    const error = this.writer.error;
    const formError = error && !fieldOf(error.fieldToFix) ? error : undefined;
    return html`
      <form novalidate @submit=${this.submit} @input=${this.edited}>
        ${adding
          ? html`<div class="field">
              <label class="label" for="partner-id">${s.id}</label>
              <input
                id="partner-id"
                class="input mono"
                dir="ltr"
                autocomplete="off"
                spellcheck="false"
                aria-invalid=${this.errorAt('id') ? 'true' : 'false'}
                aria-describedby="partner-id-hint partner-id-error"
              />
              <span class="hint" id="partner-id-hint">${s.idHint}</span>
              ${this.renderError('id')}
            </div>`
          : nothing}
        <div class="field">
          <label class="label" for="partner-name">${s.name}</label>
          <input
            id="partner-name"
            class="input"
            dir="auto"
            autocomplete="off"
            .value=${p?.name ?? ''}
            aria-invalid=${this.errorAt('name') ? 'true' : 'false'}
            aria-describedby="partner-name-error"
          />
          ${this.renderError('name')}
        </div>
        <div class="field">
          <label class="label" for="partner-channels">${s.channels}</label>
          <input
            id="partner-channels"
            class="input mono"
            dir="ltr"
            autocomplete="off"
            spellcheck="false"
            .value=${p?.channels.join(', ') ?? ''}
            aria-invalid=${this.errorAt('channels') ? 'true' : 'false'}
            aria-describedby="partner-channels-hint partner-channels-error"
          />
          <span class="hint" id="partner-channels-hint">
            ${s.channelsHint}
            ${this.knownChannels.length ? html`${s.knownChannels} ${this.knownChannels.map((channel) => html`<code class="known" dir="ltr">${channel}</code> `)}` : nothing}
          </span>
          ${this.renderError('channels')}
        </div>
        <div class="field">
          <label class="label" for="partner-origins">${s.origins}</label>
          <textarea
            id="partner-origins"
            class="input mono"
            dir="ltr"
            rows="3"
            autocomplete="off"
            spellcheck="false"
            placeholder="https://news.example"
            .value=${p?.origins.join('\n') ?? ''}
            aria-invalid=${this.errorAt('origins') ? 'true' : 'false'}
            aria-describedby="partner-origins-hint partner-origins-error"
          ></textarea>
          <span class="hint" id="partner-origins-hint">${s.originsHint}</span>
          ${this.renderError('origins')}
        </div>
        ${adding ? html`<ajel-credential-field .strings=${this.strings} .error=${this.errorAt('publicKey')}></ajel-credential-field>` : nothing}
        ${formError ? html`<p class="alert alert-error" id="partner-form-error" role="alert">${describePartnerError(this.strings, formError)}</p>` : nothing}
        <div class="actions">
          <button class="btn btn-primary" type="submit" id="partner-submit" ?disabled=${this.writer.busy || !this.api} aria-busy=${this.writer.busy ? 'true' : 'false'}>
            ${adding ? (this.writer.busy ? s.adding : s.submitAdd) : this.writer.busy ? s.saving : s.submitEdit}
          </button>
          <button class="btn" type="button" id="partner-cancel" @click=${this.cancel}>${this.strings.partners.cancel}</button>
        </div>
      </form>
    `;
  }

  firstUpdated(): void {
    this.renderRoot.querySelector<HTMLInputElement>('#partner-id, #partner-name')?.focus();
  }

  /** What to say at a field: the page's own check, else the server's refusal of it. */
  private errorAt(field: Field): string | undefined {
    if (this.localError) return this.localError.field === field ? this.localError.message : undefined;
    const error = this.writer.error;
    if (!error || fieldOf(error.fieldToFix) !== field) return undefined;
    return this.strings.fixField(describePartnerError(this.strings, error));
  }

  private renderError(field: Field) {
    const message = this.errorAt(field);
    return message ? html`<p class="field-error" id="partner-${field}-error" role="alert">${message}</p>` : nothing;
  }

  /** Editing a field answers the page's check; editing the field the server refused answers its refusal too. */
  private edited(event: InputEvent): void {
    this.localError = undefined;
    const id = (event.composedPath()[0] as HTMLElement).id;
    const field = id === 'public-key' ? 'publicKey' : fieldOf(id.replace(/^partner-/, ''));
    if (field && field === fieldOf(this.writer.error?.fieldToFix)) this.writer.clearError();
  }

  private value(id: string): string {
    return this.renderRoot.querySelector<HTMLInputElement | HTMLTextAreaElement>(`#${id}`)?.value.trim() ?? '';
  }

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const api = this.api;
    if (!api || this.writer.busy) return;
    const s = this.strings.partnerForm;
    this.writer.clearError();
    const id = this.value('partner-id');
    const name = this.value('partner-name');
    const channels = listOf(this.value('partner-channels'));
    const origins = listOf(this.value('partner-origins'));
    const missing: [Field, string] | undefined =
      this.partner === undefined && !id ? ['id', s.idRequired] : !name ? ['name', s.nameRequired] : channels.length === 0 ? ['channels', s.channelsRequired] : undefined;
    if (missing) return this.refuse(missing[0], missing[1]);
    let publicKey: Record<string, string> | undefined;
    try {
      publicKey = await this.credential?.publicKey();
    } catch (error) {
      if (!(error instanceof PublicKeyError)) throw error;
      return this.refuse('publicKey', this.strings.credentialField.problems[error.problem]);
    }
    this.localError = undefined;
    const saved = await this.writer.run((): Promise<IssuedCredential> => {
      if (this.partner === undefined) return api.add({ id, name, channels, origins, ...(publicKey ? { publicKey } : {}) });
      return this.saveChange(api, this.partner, { name, channels, origins });
    });
    if (saved) {
      this.dispatchEvent(new CustomEvent('ajel-partner-saved', { detail: saved, bubbles: true, composed: true }));
      return;
    }
    this.focusField(fieldOf(this.writer.error?.fieldToFix));
  }

  /** Sends only what changed, with the revision it was changed from; nothing changed: the partner as it is. */
  private async saveChange(api: PartnersApi, partner: PartnerView, fields: Required<Omit<PartnerChange, 'rev'>>): Promise<IssuedCredential> {
    const change: PartnerChange = {};
    if (fields.name !== partner.name) change.name = fields.name;
    if (fields.channels.join() !== partner.channels.join()) change.channels = fields.channels;
    if (fields.origins.join() !== partner.origins.join()) change.origins = fields.origins;
    if (Object.keys(change).length === 0) return { partner };
    return { partner: await api.update(partner.id, { ...change, rev: partner.rev }) };
  }

  private refuse(field: Field, message: string): void {
    this.localError = { field, message };
    this.focusField(field);
  }

  private async focusField(field: Field | undefined): Promise<void> {
    if (!field) return;
    await this.updateComplete;
    if (field === 'publicKey') this.credential?.focusKey();
    else this.renderRoot.querySelector<HTMLElement>(`#partner-${field}`)?.focus();
  }

  private cancel(): void {
    this.dispatchEvent(new CustomEvent('ajel-partner-cancel', { bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ajel-partner-form': AjelPartnerForm;
  }
  interface HTMLElementEventMap {
    'ajel-partner-saved': CustomEvent<IssuedCredential>;
    'ajel-partner-cancel': CustomEvent<void>;
  }
}
