import { LitElement, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { EditorApi } from '../api/editor-api.js';
import { AuditController } from '../controllers/audit-controller.js';
import { describeError } from '../i18n/errors.js';
import { clockTime, fullTime } from '../i18n/format.js';
import type { Strings } from '../i18n/strings.js';
import { auditStyles } from './ajel-audit-log.styles.js';

/** The channel's recent changes: who published, corrected, retracted or lost what (the text as it was), and when. */
@customElement('ajel-audit-log')
export class AjelAuditLog extends LitElement {
  static styles = auditStyles;

  @property({ attribute: false }) strings!: Strings;
  @property({ attribute: false }) api?: EditorApi;
  @property() channel = '';
  /** Moves with every change to the channel (its feed cursor), so the log is fetched again. */
  @property() revision?: string;

  private readonly audit = new AuditController(this, () => ({ api: this.api, channel: this.channel, revision: this.revision }));

  render() {
    const s = this.strings;
    const entries = this.audit.entries;
    return html`
      <section class="card" aria-labelledby="audit-title" aria-busy=${this.audit.loading ? 'true' : 'false'}>
        <header class="card-header">
          <h2 class="card-title" id="audit-title">${s.audit.title}</h2>
          <button class="btn btn-quiet btn-small refresh" type="button" ?disabled=${this.audit.loading} @click=${() => this.audit.load()}>${s.audit.refresh}</button>
        </header>
        ${this.audit.error ? html`<div class="alert alert-error failure" role="alert">${describeError(s, this.audit.error)}</div>` : nothing}
        ${entries.length === 0
          ? html`<p class="empty">${s.audit.empty}</p>`
          : html`<ol>
              ${entries.map(
                (entry) => html`<li data-action=${entry.action} data-id=${entry.id}>
                  <time class="time" datetime=${entry.at} title=${fullTime(s.lang, entry.at)}>${clockTime(s.lang, entry.at)}</time>
                  <span class="action ${entry.action}">${s.audit.actions[entry.action] ?? entry.action}</span>
                  <span class="actor">${entry.actor}</span>
                  ${entry.text ? html`<span class="text" dir="auto" title=${entry.text}>${entry.text}</span>` : nothing}
                </li>`,
              )}
            </ol>`}
      </section>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ajel-audit-log': AjelAuditLog;
  }
}
