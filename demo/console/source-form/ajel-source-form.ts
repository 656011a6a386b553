import { LitElement, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { NewFeedSource, SourceRecord, SourcesApi } from '../api/sources-api.js';
import { fieldAmong, FieldErrorsController } from '../controllers/field-errors-controller.js';
import { WriteController } from '../controllers/write-controller.js';
import { describeErrorAbout } from '../i18n/errors.js';
import type { Strings } from '../i18n/strings.js';
import { inputField } from '../templates/field.js';
import { sourceFormStyles } from './ajel-source-form.styles.js';

const FIELDS = ['url', 'urgentPrefix', 'urgentCategories', 'lang'] as const;
type Field = (typeof FIELDS)[number];

/** Categories as typed: separated by commas (Latin or Arabic) or lines, since a category may hold spaces. */
const categoriesOf = (value: string): string[] => value.split(/[,،\n]+/u).map((category) => category.trim()).filter(Boolean);

/**
 * Adds a feed source to a channel: its URL and how its items become headlines (an urgent prefix,
 * kept or stripped; urgent categories; the items' language; retracting items that leave the feed).
 *
 * @fires ajel-source-saved - the source was added ({ record })
 * @fires ajel-source-cancel - the admin gave up
 */
@customElement('ajel-source-form')
export class AjelSourceForm extends LitElement {
  static styles = sourceFormStyles;

  @property({ attribute: false }) strings!: Strings;
  @property({ attribute: false }) api?: SourcesApi;
  @property() channel = '';

  private readonly writer = new WriteController(this);
  private readonly errors = new FieldErrorsController<Field>(this, {
    writer: this.writer,
    fieldOf: fieldAmong(FIELDS),
    idPrefix: 'source-',
    strings: () => this.strings,
    describe: (error) => describeErrorAbout(this.strings.sourceErrors, this.strings, error),
  });

  render() {
    const s = this.strings.sourceForm;
    return html`
      <form novalidate @submit=${this.submit} @input=${this.errors.onEdit}>
        ${inputField({ id: 'source-url', label: s.url, kind: 'url', error: this.errors.at('url'), hint: html`${s.urlHint} <bdi dir="ltr">https://</bdi>` })}
        ${inputField({
          id: 'source-urgentPrefix',
          label: s.urgentPrefix,
          kind: 'text',
          error: this.errors.at('urgentPrefix'),
          hint: s.urgentPrefixHint,
          after: html`<label class="check"><input type="checkbox" id="source-keepPrefix" /> ${s.keepPrefix}</label>`,
        })}
        ${inputField({ id: 'source-urgentCategories', label: s.urgentCategories, kind: 'text', error: this.errors.at('urgentCategories'), hint: s.urgentCategoriesHint })}
        ${inputField({ id: 'source-lang', label: s.lang, kind: 'code', short: true, error: this.errors.at('lang'), hint: s.langHint })}
        <div class="field">
          <label class="check"><input type="checkbox" id="source-retractRemoved" aria-describedby="source-retract-hint" /> ${s.retractRemoved}</label>
          <span class="hint" id="source-retract-hint">${s.retractRemovedHint}</span>
        </div>
        ${this.errors.renderFormError()}
        <div class="actions">
          <button class="btn btn-primary" type="submit" id="source-submit" ?disabled=${this.writer.busy || !this.api} aria-busy=${this.writer.busy ? 'true' : 'false'}>
            ${this.writer.busy ? s.adding : s.submit}
          </button>
          <button class="btn" type="button" id="source-cancel" @click=${this.cancel}>${s.cancel}</button>
        </div>
      </form>
    `;
  }

  firstUpdated(): void {
    this.renderRoot.querySelector<HTMLInputElement>('#source-url')?.focus();
  }

  private value(id: string): string {
    return this.renderRoot.querySelector<HTMLInputElement>(`#source-${id}`)?.value.trim() ?? '';
  }

  private checked(id: string): boolean {
    return this.renderRoot.querySelector<HTMLInputElement>(`#source-${id}`)?.checked ?? false;
  }

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const api = this.api;
    if (!api || this.writer.busy) return;
    this.writer.clearError();
    const url = this.value('url');
    if (!url) return this.errors.refuse('url', this.strings.sourceForm.urlRequired);
    const source: NewFeedSource = {
      channel: this.channel,
      url,
      keepPrefix: this.checked('keepPrefix'),
      urgentCategories: categoriesOf(this.value('urgentCategories')),
      retractRemoved: this.checked('retractRemoved'),
    };
    const prefix = this.value('urgentPrefix');
    const lang = this.value('lang');
    if (prefix) source.urgentPrefix = prefix;
    if (lang) source.lang = lang;
    const record = await this.errors.run(() => api.add(source));
    if (record) this.dispatchEvent(new CustomEvent('ajel-source-saved', { detail: { record }, bubbles: true, composed: true }));
  }

  private cancel(): void {
    this.dispatchEvent(new CustomEvent('ajel-source-cancel', { bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ajel-source-form': AjelSourceForm;
  }
  interface HTMLElementEventMap {
    'ajel-source-saved': CustomEvent<{ record: SourceRecord }>;
    'ajel-source-cancel': CustomEvent<void>;
  }
}
