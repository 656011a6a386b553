import { LitElement, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { parsePublicKey } from '../api/public-key.js';
import type { Strings } from '../i18n/strings.js';
import { credentialFieldStyles } from './ajel-credential-field.styles.js';

/**
 * How a partner signs its tokens: a shared secret the server issues, or the partner's own public
 * key pasted as a JWK or PEM. Its owner reads the choice with `publicKey()` when it submits.
 */
@customElement('ajel-credential-field')
export class AjelCredentialField extends LitElement {
  static styles = credentialFieldStyles;

  @property({ attribute: false }) strings!: Strings;
  /** Why the key was refused (by the page or the server), shown at the key. */
  @property() error?: string;

  @state() private kind: 'secret' | 'public-key' = 'secret';
  @query('#public-key') private keyInput?: HTMLTextAreaElement;

  render() {
    const s = this.strings.credentialField;
    return html`
      <fieldset>
        <legend class="label">${s.legend}</legend>
        <label class="choice">
          <input type="radio" name="credential" value="secret" .checked=${this.kind === 'secret'} @change=${() => (this.kind = 'secret')} />
          <span><strong>${s.secret}</strong><br /><span class="hint">${s.secretHint}</span></span>
        </label>
        <label class="choice">
          <input type="radio" name="credential" value="public-key" .checked=${this.kind === 'public-key'} @change=${() => (this.kind = 'public-key')} />
          <span><strong>${s.publicKey}</strong><br /><span class="hint">${s.publicKeyHint}</span></span>
        </label>
        ${this.kind === 'public-key'
          ? html`<div class="field">
              <label class="label" for="public-key">${s.pasteKey}</label>
              <textarea
                id="public-key"
                class="input"
                dir="ltr"
                rows="4"
                spellcheck="false"
                autocomplete="off"
                placeholder='{"kty":"OKP","crv":"Ed25519","x":"…"}'
                aria-invalid=${this.error ? 'true' : 'false'}
                aria-describedby="public-key-error"
              ></textarea>
              ${this.error ? html`<p class="field-error" id="public-key-error" role="alert">${this.error}</p>` : nothing}
            </div>`
          : nothing}
      </fieldset>
    `;
  }

  /** The public key to register, or undefined for a shared secret; throws a PublicKeyError for one that cannot be sent. */
  async publicKey(): Promise<Record<string, string> | undefined> {
    return this.kind === 'secret' ? undefined : parsePublicKey(this.keyInput?.value ?? '');
  }

  /** Puts the cursor in the key, to fix it. */
  focusKey(): void {
    this.keyInput?.focus();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ajel-credential-field': AjelCredentialField;
  }
}
