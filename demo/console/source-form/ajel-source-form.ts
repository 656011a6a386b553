import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { NewFeedSource, SourceRecord, SourcesApi } from '../api/sources-api.js';
import { WriteController } from '../controllers/write-controller.js';
import { describeErrorAbout } from '../i18n/errors.js';
import type { Strings } from '../i18n/strings.js';
import { sourceFormStyles } from './ajel-source-form.styles.js';

type Field = 'url' | 'urgentPrefix' | 'urgentCategories' | 'lang';
const FIELDS: readonly string[] = ['url', 'urgentPrefix', 'urgentCategories', 'lang'];
/** The form field an API error's `field` concerns: `urgentCategories.1` is the categories field. */
const fieldOf = (apiField: string | undefined): Field | undefined => {
  const field = apiField?.split('.')[0];
  return field !== undefined && FIELDS.includes(field) ? (field as Field) : undefined;
};

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

  @state() private localError?: { field: Field; message: string };

  private readonly writer = new WriteController(this);

  render() {
    const s = this.strings.sourceForm;
    const error = this.writer.error;
    const formError = error && !fieldOf(error.fieldToFix) ? error : undefined;
    return html`
      <form novalidate @submit=${this.submit} @input=${this.edited}>
        <div class="field">
          <label class="label" for="source-url">${s.url}</label>
          <input
            id="source-url"
            class="input mono"
            type="url"
            dir="ltr"
            inputmode="url"
            placeholder="https://"
            autocomplete="off"
            spellcheck="false"
            aria-invalid=${this.errorAt('url') ? 'true' : 'false'}
            aria-describedby="source-url-hint source-url-error"
          />
          <span class="hint" id="source-url-hint">${s.urlHint} <bdi dir="ltr">https://</bdi></span>
          ${this.renderError('url')}
        </div>
        <div class="field">
          <label class="label" for="source-urgentPrefix">${s.urgentPrefix}</label>
          <input
            id="source-urgentPrefix"
            class="input"
            dir="auto"
            autocomplete="off"
            aria-invalid=${this.errorAt('urgentPrefix') ? 'true' : 'false'}
            aria-describedby="source-urgentPrefix-hint source-urgentPrefix-error"
          />
          <span class="hint" id="source-urgentPrefix-hint">${s.urgentPrefixHint}</span>
          ${this.renderError('urgentPrefix')}
          <label class="check"><input type="checkbox" id="source-keepPrefix" /> ${s.keepPrefix}</label>
        </div>
        <div class="field">
          <label class="label" for="source-urgentCategories">${s.urgentCategories}</label>
          <input
            id="source-urgentCategories"
            class="input"
            dir="auto"
            autocomplete="off"
            aria-invalid=${this.errorAt('urgentCategories') ? 'true' : 'false'}
            aria-describedby="source-urgentCategories-hint source-urgentCategories-error"
          />
          <span class="hint" id="source-urgentCategories-hint">${s.urgentCategoriesHint}</span>
          ${this.renderError('urgentCategories')}
        </div>
        <div class="field">
          <label class="label" for="source-lang">${s.lang}</label>
          <input
            id="source-lang"
            class="input mono short"
            dir="ltr"
            autocomplete="off"
            spellcheck="false"
            aria-invalid=${this.errorAt('lang') ? 'true' : 'false'}
            aria-describedby="source-lang-hint source-lang-error"
          />
          <span class="hint" id="source-lang-hint">${s.langHint}</span>
          ${this.renderError('lang')}
        </div>
        <div class="field">
          <label class="check"><input type="checkbox" id="source-retractRemoved" aria-describedby="source-retract-hint" /> ${s.retractRemoved}</label>
          <span class="hint" id="source-retract-hint">${s.retractRemovedHint}</span>
        </div>
        ${formError ? html`<p class="alert alert-error" id="source-form-error" role="alert">${describeErrorAbout(this.strings.sourceErrors, this.strings, formError)}</p>` : nothing}
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

  private errorAt(field: Field): string | undefined {
    if (this.localError) return this.localError.field === field ? this.localError.message : undefined;
    const error = this.writer.error;
    if (!error || fieldOf(error.fieldToFix) !== field) return undefined;
    return this.strings.fixField(describeErrorAbout(this.strings.sourceErrors, this.strings, error));
  }

  private renderError(field: Field) {
    const message = this.errorAt(field);
    return message ? html`<p class="field-error" id="source-${field}-error" role="alert">${message}</p>` : nothing;
  }

  private edited(event: InputEvent): void {
    this.localError = undefined;
    const field = fieldOf((event.composedPath()[0] as HTMLElement).id.replace(/^source-/, ''));
    if (field && field === fieldOf(this.writer.error?.fieldToFix)) this.writer.clearError();
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
    if (!url) {
      this.localError = { field: 'url', message: this.strings.sourceForm.urlRequired };
      return this.focusField('url');
    }
    this.localError = undefined;
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
    const record = await this.writer.run(() => api.add(source));
    if (record) {
      this.dispatchEvent(new CustomEvent('ajel-source-saved', { detail: { record }, bubbles: true, composed: true }));
      return;
    }
    await this.focusField(fieldOf(this.writer.error?.fieldToFix));
  }

  private async focusField(field: Field | undefined): Promise<void> {
    if (!field) return;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`#source-${field}`)?.focus();
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
