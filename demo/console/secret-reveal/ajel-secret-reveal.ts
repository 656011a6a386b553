import { LitElement, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { Strings } from '../i18n/strings.js';
import { secretRevealStyles } from './ajel-secret-reveal.styles.js';

/**
 * A new secret (a partner's shared secret, a webhook endpoint's signing secret), shown the one
 * time the server answers it, with a copy button.
 * It lives only in this element's property: its owner drops it when the dialog closes, and
 * nothing writes it to storage.
 */
@customElement('ajel-secret-reveal')
export class AjelSecretReveal extends LitElement {
  static styles = secretRevealStyles;

  @property({ attribute: false }) strings!: Strings;
  @property({ attribute: false }) secret = '';
  /** The credential's id, which the partner's tokens name in their `kid` header; none for a webhook's secret. */
  @property() kid = '';
  /** What to do with it; by default, a partner's. */
  @property() howTo?: string;

  @state() private copied?: 'copied' | 'failed';
  @query('#secret') private field!: HTMLTextAreaElement;

  render() {
    const s = this.strings.secret;
    return html`
      <p class="alert alert-warn once" id="secret-once">${s.once}</p>
      <div class="field">
        <label class="label" for="secret">${s.label}</label>
        <textarea
          id="secret"
          class="input mono"
          dir="ltr"
          rows="2"
          readonly
          spellcheck="false"
          autocomplete="off"
          aria-describedby="secret-once secret-how"
          .value=${this.secret}
          @focus=${() => this.field.select()}
        ></textarea>
        <span class="hint" id="secret-how">${this.howTo ?? s.howTo}</span>
      </div>
      <div class="copy-row">
        <button class="btn btn-primary" type="button" id="copy" @click=${this.copy}>${s.copy}</button>
        <p class="copy-outcome ${this.copied ?? ''}" role="status">${this.copied === 'copied' ? s.copied : this.copied === 'failed' ? s.copyFailed : nothing}</p>
      </div>
      ${this.kid ? html`<p class="kid">${s.kid}: <code dir="ltr">${this.kid}</code></p>` : nothing}
    `;
  }

  private async copy(): Promise<void> {
    try {
      await navigator.clipboard.writeText(this.secret);
      this.copied = 'copied';
    } catch {
      // No clipboard access (permission, an insecure page): the admin copies it by hand.
      this.field.focus();
      this.field.select();
      this.copied = 'failed';
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ajel-secret-reveal': AjelSecretReveal;
  }
}
