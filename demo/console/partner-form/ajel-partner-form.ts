import { LitElement, html, nothing } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import type { IssuedCredential, PartnerChange, PartnersApi, PartnerView } from '../api/partners-api.js';
import { PublicKeyError } from '../api/public-key.js';
import { fieldAmong, FieldErrorsController } from '../controllers/field-errors-controller.js';
import { WriteController } from '../controllers/write-controller.js';
import '../credential-field/ajel-credential-field.js';
import type { AjelCredentialField } from '../credential-field/ajel-credential-field.js';
import { describePartnerError } from '../i18n/errors.js';
import type { Strings } from '../i18n/strings.js';
import { inputField } from '../templates/field.js';
import { partnerFormStyles } from './ajel-partner-form.styles.js';

const FIELDS = ['id', 'name', 'channels', 'origins', 'publicKey'] as const;
type Field = (typeof FIELDS)[number];

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

  @query('ajel-credential-field') private credential?: AjelCredentialField;

  private readonly writer = new WriteController(this);
  private readonly errors = new FieldErrorsController<Field>(this, {
    writer: this.writer,
    fieldOf: fieldAmong(FIELDS),
    idPrefix: 'partner-',
    strings: () => this.strings,
    describe: (error) => describePartnerError(this.strings, error),
    fieldOfInput: (input) => (input.id === 'public-key' ? 'publicKey' : undefined),
    focusField: (field) => (field === 'publicKey' ? this.credential?.focusKey() : this.renderRoot.querySelector<HTMLElement>(`#partner-${field}`)?.focus()),
  });

  render() {
    const s = this.strings.partnerForm;
    const p = this.partner;
    const adding = p === undefined;
    return html`
      <form novalidate @submit=${this.submit} @input=${this.errors.onEdit}>
        ${adding ? inputField({ id: 'partner-id', label: s.id, kind: 'code', error: this.errors.at('id'), hint: s.idHint }) : nothing}
        ${inputField({ id: 'partner-name', label: s.name, kind: 'text', value: p?.name ?? '', error: this.errors.at('name') })}
        ${inputField({
          id: 'partner-channels',
          label: s.channels,
          kind: 'code',
          value: p?.channels.join(', ') ?? '',
          error: this.errors.at('channels'),
          hint: html`${s.channelsHint}
          ${this.knownChannels.length ? html`${s.knownChannels} ${this.knownChannels.map((channel) => html`<code class="known" dir="ltr">${channel}</code> `)}` : nothing}`,
        })}
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
            aria-invalid=${this.errors.invalid('origins')}
            aria-describedby="partner-origins-hint partner-origins-error"
          ></textarea>
          <span class="hint" id="partner-origins-hint">${s.originsHint}</span>
          ${this.errors.renderError('origins')}
        </div>
        ${adding ? html`<ajel-credential-field .strings=${this.strings} .error=${this.errors.at('publicKey')}></ajel-credential-field>` : nothing}
        ${this.errors.renderFormError()}
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
    if (missing) return this.errors.refuse(...missing);
    let publicKey: Record<string, string> | undefined;
    try {
      publicKey = await this.credential?.publicKey();
    } catch (error) {
      if (!(error instanceof PublicKeyError)) throw error;
      return this.errors.refuse('publicKey', this.strings.credentialField.problems[error.problem]);
    }
    const saved = await this.errors.run((): Promise<IssuedCredential> => {
      if (this.partner === undefined) return api.add({ id, name, channels, origins, ...(publicKey ? { publicKey } : {}) });
      return this.saveChange(api, this.partner, { name, channels, origins });
    });
    if (saved) this.dispatchEvent(new CustomEvent('ajel-partner-saved', { detail: saved, bubbles: true, composed: true }));
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
