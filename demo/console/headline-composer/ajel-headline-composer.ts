import { LitElement, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { classMap } from 'lit/directives/class-map.js';
import type { ChannelRecord, Headline, ScheduledHeadline } from '../../../server/protocol.js';
import type { EditorApi, HeadlineInput } from '../api/editor-api.js';
import { DraftController } from '../controllers/draft-controller.js';
import { WriteController } from '../controllers/write-controller.js';
import { describeError, describeErrorAbout } from '../i18n/errors.js';
import { dateTime, isoOfLocalInput, localInputValue } from '../i18n/format.js';
import { guessLanguage, headlineDirection } from '../i18n/language.js';
import { EXPIRY_CHOICES, formatSpan, type ExpiryChoice, type Strings } from '../i18n/strings.js';
import '../headline-preview/ajel-headline-preview.js';
import { composerStyles } from './ajel-headline-composer.styles.js';

/** The server's limit, mirrored to warn while typing; the server remains the judge. */
const MAX_TEXT_LENGTH = 280;

type Field = 'text' | 'url' | 'urgent' | 'expiry' | 'publishAt' | 'channel';
/** Which form field an API error's `field` concerns. */
const FIELD_OF_API_FIELD: Record<string, Field> = { text: 'text', url: 'url', urgent: 'urgent', ttl: 'expiry', expiresAt: 'expiry', publishAt: 'publishAt', channel: 'channel' };

type Outcome = { kind: 'published' | 'replayed' } | { kind: 'scheduled'; at: string };

/**
 * Writes and publishes a headline. The draft survives failures and reloads; every attempt of one
 * draft carries the same Idempotency-Key and the button is disabled while one is in flight, so it
 * is never published twice. Ctrl+Enter (⌘+Enter) publishes from any field. With "at a time" it is
 * held until then (the server answers 202) and `ajel-scheduled` ({ channel, held }) is fired.
 *
 * @fires ajel-published - a headline went out ({ channel, headline, replayed })
 * @fires ajel-scheduled - a headline is held for later ({ channel, held })
 */
@customElement('ajel-headline-composer')
export class AjelHeadlineComposer extends LitElement {
  static styles = composerStyles;

  @property({ attribute: false }) strings!: Strings;
  @property({ attribute: false }) api?: EditorApi;
  @property() channel = '';
  /** The channel's record, which the preview takes its bar from. */
  @property({ attribute: false }) channelRecord?: ChannelRecord;

  @state() private localError?: { field: Field; message: string };
  @state() private outcome?: Outcome;
  @query('#text') private textArea!: HTMLTextAreaElement;

  private readonly drafts = new DraftController(this);
  private readonly writer = new WriteController(this);

  render() {
    const s = this.strings;
    const c = s.composer;
    const draft = this.drafts.draft;
    const length = [...draft.text.trim()].length;
    const errors = {
      text: this.fieldError('text'),
      url: this.fieldError('url'),
      urgent: this.fieldError('urgent'),
      expiry: this.fieldError('expiry'),
      publishAt: this.fieldError('publishAt'),
      channel: this.fieldError('channel'),
    };
    return html`
      <section class="card" aria-labelledby="composer-title">
        <header class="card-header">
          <h2 class="card-title" id="composer-title">${c.title}</h2>
          <span class="target">${c.target} <span class="channel" dir="ltr">${this.channel}</span></span>
        </header>
        ${errors.channel ? html`<p class="field-error channel-error" id="channel-error" role="alert">${errors.channel}</p>` : nothing}
        <form class=${classMap({ urgent: draft.urgent })} novalidate @submit=${this.onSubmit} @keydown=${this.onKeydown}>
          <div class="field">
            <div class="label-row">
              <label class="label" for="text">${c.text}</label>
              <span class="counter ${length > MAX_TEXT_LENGTH ? 'over' : length > MAX_TEXT_LENGTH - 30 ? 'near' : ''}" dir="ltr">
                ${c.characters(length, MAX_TEXT_LENGTH)}
              </span>
            </div>
            <textarea
              id="text"
              class="input"
              rows="3"
              dir="auto"
              placeholder=${c.textPlaceholder}
              aria-invalid=${errors.text ? 'true' : 'false'}
              aria-describedby="text-error"
              .value=${draft.text}
              @input=${(event: InputEvent) => this.change({ text: (event.target as HTMLTextAreaElement).value })}
            ></textarea>
            ${this.renderError('text', errors.text)}
          </div>

          <div class="field">
            <label class="label" for="url">${c.url}</label>
            <input
              id="url"
              class="input"
              type="url"
              dir="ltr"
              inputmode="url"
              placeholder="https://"
              spellcheck="false"
              aria-invalid=${errors.url ? 'true' : 'false'}
              aria-describedby="url-hint url-error"
              .value=${draft.url}
              @input=${(event: InputEvent) => this.change({ url: (event.target as HTMLInputElement).value })}
            />
            <span class="hint" id="url-hint">${c.urlHint} <bdi dir="ltr">https://</bdi></span>
            ${this.renderError('url', errors.url)}
          </div>

          <div class="row">
            <div class="field">
              <label class="urgent-toggle ${draft.urgent ? 'on' : ''}">
                <input
                  id="urgent"
                  type="checkbox"
                  role="switch"
                  .checked=${draft.urgent}
                  aria-invalid=${errors.urgent ? 'true' : 'false'}
                  aria-describedby="urgent-error"
                  @change=${(event: Event) => this.change({ urgent: (event.target as HTMLInputElement).checked })}
                />
                <span><strong>${c.urgent}</strong><br /><span class="hint">${c.urgentHint}</span></span>
              </label>
              ${this.renderError('urgent', errors.urgent)}
            </div>
            <div class="field">
              <label class="label" for="expiry">${c.expiry}</label>
              <select
                id="expiry"
                class="input"
                aria-invalid=${errors.expiry ? 'true' : 'false'}
                aria-describedby="expiry-error"
                title=${draft.expiry === 'auto' ? c.expiryAutoHint : ''}
                @change=${(event: Event) => this.change({ expiry: (event.target as HTMLSelectElement).value as ExpiryChoice })}
              >
                ${EXPIRY_CHOICES.map(
                  (choice) => html`<option value=${choice} ?selected=${choice === draft.expiry}>
                    ${choice === 'auto' ? c.expiryAuto : formatSpan(s.lang, Number(choice), 'long')}
                  </option>`,
                )}
              </select>
              ${this.renderError('expiry', errors.expiry)}
            </div>
          </div>

          <fieldset class="field when">
            <legend class="label">${c.when}</legend>
            <div class="choices">
              ${(['now', 'later'] as const).map(
                (when) => html`<label class="choice">
                  <input type="radio" name="when" id="when-${when}" value=${when} .checked=${draft.when === when} @change=${() => this.change({ when })} />
                  ${when === 'now' ? c.now : c.later}
                </label>`,
              )}
            </div>
            ${draft.when === 'later'
              ? html`<label class="label" for="publishAt">${c.publishAt}</label>
                  <input
                    id="publishAt"
                    class="input"
                    type="datetime-local"
                    dir="ltr"
                    min=${localInputValue(new Date().toISOString())}
                    aria-invalid=${errors.publishAt ? 'true' : 'false'}
                    aria-describedby="publish-at-hint publishAt-error"
                    .value=${draft.publishAt}
                    @input=${(event: InputEvent) => this.change({ publishAt: (event.target as HTMLInputElement).value })}
                  />
                  <span class="hint" id="publish-at-hint">${c.publishAtHint}</span>
                  ${this.renderError('publishAt', errors.publishAt)}`
              : nothing}
          </fieldset>

          <div class="field">
            <span class="label" id="preview-label">${c.preview}</span>
            <ajel-headline-preview
              role="group"
              aria-labelledby="preview-label"
              .strings=${s}
              .headline=${this.previewHeadline()}
              .channel=${this.channelRecord}
            ></ajel-headline-preview>
          </div>

          <div role="status" aria-live="polite">${this.renderOutcome()}</div>

          <div class="actions">
            <button
              id="publish"
              class="btn publish ${draft.urgent ? 'btn-danger' : 'btn-primary'}"
              type="submit"
              ?disabled=${this.writer.busy || !this.api}
              aria-busy=${this.writer.busy ? 'true' : 'false'}
            >
              ${draft.when === 'later' ? (this.writer.busy ? c.scheduling : c.schedule) : this.writer.busy ? c.publishing : draft.urgent ? c.publishUrgent : c.publish}
            </button>
            <span class="shortcut"><kbd dir="ltr">Ctrl</kbd>+<kbd dir="ltr">Enter</kbd></span>
            <button class="btn btn-quiet btn-small clear" type="button" ?disabled=${this.writer.busy} @click=${this.clearDraft}>${c.clear}</button>
          </div>
        </form>
      </section>
    `;
  }

  firstUpdated(): void {
    this.textArea.focus();
  }

  private renderError(field: Field, message: string | undefined) {
    return message ? html`<p class="field-error" id="${field}-error">${message}</p>` : nothing;
  }

  private renderOutcome() {
    const c = this.strings.composer;
    const error = this.writer.error;
    if (error) {
      // By status and field, never by the wording: a refused field is fixed, not retried.
      const fix = error.fieldToFix !== undefined && FIELD_OF_API_FIELD[error.fieldToFix] !== undefined;
      const headline = error.outcomeUnknown ? c.unknownOutcome : fix ? c.fixFields : error.retryable ? c.failed : c.refused;
      return html`<div class="alert ${error.outcomeUnknown ? 'alert-warn' : 'alert-error'}" id="publish-error" role="alert" data-kind=${fix ? 'fix' : error.retryable ? 'retry' : 'refused'}>
        <p>
          <strong>${headline}</strong>
          ${fix ? nothing : html`<span class="detail">${this.describe(error)}</span>`}
        </p>
        ${error.retryable
          ? html`<button class="btn btn-small" type="button" id="retry" ?disabled=${this.writer.busy} @click=${this.publish}>${c.retry}</button>`
          : nothing}
      </div>`;
    }
    const outcome = this.outcome;
    if (outcome) {
      const message = outcome.kind === 'scheduled' ? c.scheduledFor(dateTime(this.strings.lang, outcome.at)) : outcome.kind === 'replayed' ? c.replayed : c.published;
      return html`<div class="alert ${outcome.kind === 'replayed' ? 'alert-warn' : 'alert-ok'}" id="publish-outcome" data-kind=${outcome.kind}>
        <p>${message}</p>
      </div>`;
    }
    return nothing;
  }

  private fieldError(field: Field): string | undefined {
    if (this.localError) return this.localError.field === field ? this.localError.message : undefined;
    const error = this.writer.error;
    if (!error?.fieldToFix || FIELD_OF_API_FIELD[error.fieldToFix] !== field) return undefined;
    return this.strings.fixField(this.describe(error));
  }

  /** A scheduling's refusals (a time in the past, a full schedule) in their own words. */
  private describe(error: NonNullable<WriteController['error']>): string {
    return this.drafts.draft.when === 'later' ? describeErrorAbout(this.strings.scheduledErrors, this.strings, error) : describeError(this.strings, error);
  }

  private previewHeadline(): Headline | undefined {
    const { text, url, urgent } = this.drafts.draft;
    const clean = text.trim().replace(/\s+/gu, ' ');
    if (!clean) return undefined;
    const lang = guessLanguage(clean);
    const now = new Date().toISOString();
    const headline: Headline = {
      id: 'preview',
      text: clean,
      urgent,
      lang,
      dir: headlineDirection(clean, lang),
      publishedAt: now,
      updatedAt: now,
      rev: 1,
    };
    if (url.trim()) headline.url = url.trim();
    return headline;
  }

  private change(patch: Parameters<DraftController['change']>[0]): void {
    this.drafts.change(patch);
    this.localError = undefined;
    this.outcome = undefined;
    // Editing the field the server refused answers its error; other failures stay until the next attempt.
    const refused = this.writer.error?.fieldToFix && FIELD_OF_API_FIELD[this.writer.error.fieldToFix];
    if (refused && refused in patch) this.writer.clearError();
  }

  private onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    void this.publish();
  }

  private onKeydown(event: KeyboardEvent): void {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void this.publish();
    }
  }

  private async publish(): Promise<void> {
    const api = this.api;
    if (!api || this.writer.busy) return;
    const c = this.strings.composer;
    const draft = this.drafts.draft;
    const text = draft.text.trim();
    this.outcome = undefined;
    this.writer.clearError();
    if (!text || [...text].length > MAX_TEXT_LENGTH) {
      this.localError = { field: 'text', message: text ? c.textTooLong(MAX_TEXT_LENGTH) : c.textRequired };
      this.textArea.focus();
      return;
    }
    this.localError = undefined;
    const input: HeadlineInput = { text, urgent: draft.urgent };
    if (draft.url.trim()) input.url = draft.url.trim();
    if (draft.expiry !== 'auto') input.ttl = Number(draft.expiry);
    const channel = this.channel;
    if (draft.when === 'later') {
      const publishAt = isoOfLocalInput(draft.publishAt);
      if (!publishAt) {
        this.localError = { field: 'publishAt', message: c.publishAtRequired };
        this.renderRoot.querySelector<HTMLElement>('#publishAt')?.focus();
        return;
      }
      const result = await this.writer.run(() => api.schedule(channel, { ...input, publishAt }, draft.idempotencyKey));
      if (result) {
        this.drafts.reset();
        this.outcome = { kind: 'scheduled', at: result.held.publishAt };
        this.dispatchEvent(new CustomEvent('ajel-scheduled', { detail: { channel, held: result.held }, bubbles: true, composed: true }));
        this.textArea.focus();
        return;
      }
    } else {
      const result = await this.writer.run(() => api.publish(channel, input, draft.idempotencyKey));
      if (result) {
        this.drafts.reset();
        this.outcome = { kind: result.replayed ? 'replayed' : 'published' };
        this.dispatchEvent(new CustomEvent('ajel-published', { detail: { channel, headline: result.headline, replayed: result.replayed }, bubbles: true, composed: true }));
        this.textArea.focus();
        return;
      }
    }
    const field = this.writer.error?.fieldToFix && FIELD_OF_API_FIELD[this.writer.error.fieldToFix];
    if (field && field !== 'channel') this.renderRoot.querySelector<HTMLElement>(`#${field}`)?.focus();
  }

  private clearDraft(): void {
    this.drafts.reset();
    this.localError = undefined;
    this.outcome = undefined;
    this.writer.clearError();
    this.textArea.focus();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ajel-headline-composer': AjelHeadlineComposer;
  }
  interface HTMLElementEventMap {
    'ajel-published': CustomEvent<{ channel: string; headline: Headline; replayed: boolean }>;
    'ajel-scheduled': CustomEvent<{ channel: string; held: ScheduledHeadline }>;
  }
}
