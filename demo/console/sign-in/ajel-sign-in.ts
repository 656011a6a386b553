import { LitElement, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { ApiError } from '../api/editor-api.js';
import { describeError } from '../i18n/errors.js';
import type { Lang, Strings } from '../i18n/strings.js';
import { signInStyles } from './ajel-sign-in.styles.js';

/**
 * The sign-in form. Fires `ajel-sign-in` ({ key }) and `ajel-language` ({ lang }); the shell
 * verifies the key and passes back `busy`, `error` and `readOnlyKey`.
 */
@customElement('ajel-sign-in')
export class AjelSignIn extends LitElement {
  static styles = signInStyles;

  @property({ attribute: false }) strings!: Strings;
  @property({ type: Boolean }) busy = false;
  @property({ attribute: false }) error?: ApiError;
  @property({ type: Boolean }) readOnlyKey = false;

  @state() private missingKey = false;
  @query('#key') private keyInput!: HTMLInputElement;

  render() {
    const s = this.strings;
    const message = this.missingKey ? s.signIn.keyRequired : this.readOnlyKey ? s.signIn.partnerKey : this.error ? describeError(s, this.error) : undefined;
    return html`
      <main class="panel card" aria-labelledby="title">
        <div class="brand">
          <span class="mark" aria-hidden="true">${s.lang === 'ar' ? 'ع' : 'A'}</span>
          <h1 id="title">${s.product} · ${s.signIn.title}</h1>
        </div>
        <p class="intro">${s.signIn.intro}</p>
        <form @submit=${this.submit} novalidate>
          <div class="field">
            <label class="label" for="key">${s.signIn.key}</label>
            <input
              id="key"
              class="input"
              type="password"
              dir="ltr"
              autocomplete="current-password"
              spellcheck="false"
              required
              aria-invalid=${message ? 'true' : 'false'}
              aria-describedby="key-hint key-error"
              @input=${() => (this.missingKey = false)}
            />
            <span id="key-hint" class="hint">${s.signIn.keyHint}</span>
            ${message ? html`<p id="key-error" class="field-error" role="alert">${message}</p>` : nothing}
          </div>
          <button class="btn btn-primary" type="submit" ?disabled=${this.busy}>${this.busy ? s.signIn.checking : s.signIn.submit}</button>
        </form>
        <div class="footer">
          <button class="btn btn-quiet btn-small" type="button" lang=${s.otherLanguage.lang} @click=${this.switchLanguage}>
            ${s.otherLanguage.label}
          </button>
        </div>
      </main>
    `;
  }

  firstUpdated(): void {
    this.keyInput.focus();
  }

  private submit(event: SubmitEvent): void {
    event.preventDefault();
    const key = this.keyInput.value.trim();
    if (!key) {
      this.missingKey = true;
      this.keyInput.focus();
      return;
    }
    this.dispatchEvent(new CustomEvent('ajel-sign-in', { detail: { key }, bubbles: true, composed: true }));
  }

  private switchLanguage(): void {
    const lang: Lang = this.strings.otherLanguage.lang;
    this.dispatchEvent(new CustomEvent('ajel-language', { detail: { lang }, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ajel-sign-in': AjelSignIn;
  }
  interface HTMLElementEventMap {
    'ajel-sign-in': CustomEvent<{ key: string }>;
    'ajel-language': CustomEvent<{ lang: Lang }>;
  }
}
