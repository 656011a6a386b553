import { LitElement, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { IssuedCredential, PartnersApi, PartnerView } from '../api/partners-api.js';
import { PartnersController } from '../controllers/partners-controller.js';
import { describePartnerError } from '../i18n/errors.js';
import { isolate } from '../i18n/format.js';
import type { Strings } from '../i18n/strings.js';
import '../partner-form/ajel-partner-form.js';
import '../partner-row/ajel-partner-row.js';
import '../secret-reveal/ajel-secret-reveal.js';
import { dialogStyles } from '../styles/dialog.styles.js';
import { partnerListStyles } from './ajel-partner-list.styles.js';

/**
 * The Partners page, for an admin: every partner with its use today, and adding one in a dialog
 * that shows the new partner's secret once. The secret is dropped when the dialog closes.
 */
@customElement('ajel-partner-list')
export class AjelPartnerList extends LitElement {
  static styles = [partnerListStyles, dialogStyles];

  @property({ attribute: false }) strings!: Strings;
  @property({ attribute: false }) api?: PartnersApi;
  /** The channels the server lists for this key (public ones), suggested in the forms with those partners have. */
  @property({ attribute: false }) channels: readonly string[] = [];

  @state() private adding = false;
  /** The new partner's secret: held only while the dialog is open. */
  @state() private issued?: IssuedCredential;
  @query('#add-dialog') private addDialog?: HTMLDialogElement;

  private readonly partners = new PartnersController(this, () => this.api);

  render() {
    const s = this.strings.partners;
    const { partners, loading, error } = this.partners;
    const knownChannels = this.knownChannels(partners);
    return html`
      <section class="card" aria-labelledby="partners-title" aria-busy=${loading ? 'true' : 'false'}>
        <header class="card-header">
          <h2 class="card-title" id="partners-title">${s.title}</h2>
          <span class="count">${partners.length}</span>
          <span class="spacer"></span>
          <button class="btn btn-quiet btn-small" type="button" id="refresh" ?disabled=${loading} @click=${() => this.partners.load()}>${s.refresh}</button>
          <button class="btn btn-primary btn-small" type="button" id="add" aria-haspopup="dialog" @click=${this.openAdd}>${s.add}</button>
        </header>
        <p class="intro">${s.intro}</p>
        ${error ? html`<div class="alert alert-error failure" role="alert" id="partners-error">${describePartnerError(this.strings, error)}</div>` : nothing}
        ${partners.length === 0
          ? html`<p class="empty">${loading ? s.loading : error ? nothing : s.empty}</p>`
          : html`<ol @ajel-partner-changed=${(event: CustomEvent<{ partner: PartnerView }>) => this.partners.put(event.detail.partner)}>
              ${repeat(
                partners,
                (partner) => partner.id,
                (partner) => html`<li>
                  <ajel-partner-row
                    .partner=${partner}
                    .usage=${this.partners.usage.get(partner.id)}
                    ?usagePending=${loading}
                    .strings=${this.strings}
                    .api=${this.api}
                    .knownChannels=${knownChannels}
                  ></ajel-partner-row>
                </li>`,
              )}
            </ol>`}
      </section>
      <dialog id="add-dialog" aria-labelledby="add-title" @close=${this.addClosed}>${this.adding ? this.renderAdd(knownChannels) : nothing}</dialog>
    `;
  }

  private renderAdd(knownChannels: readonly string[]) {
    const s = this.strings;
    const issued = this.issued;
    return html`
      <header class="dialog-header">
        <h2 class="dialog-title" id="add-title">${issued?.secret ? s.secret.title(isolate(issued.partner.id)) : s.partnerForm.addTitle}</h2>
      </header>
      <div class="dialog-body">
        ${issued?.secret
          ? html`<ajel-secret-reveal .strings=${s} .secret=${issued.secret} .kid=${issued.partner.credentials.at(-1)?.kid ?? ''}></ajel-secret-reveal>
              <div class="dialog-actions">
                <button class="btn btn-primary" type="button" id="secret-done" @click=${() => this.addDialog?.close()}>${s.secret.done}</button>
              </div>`
          : html`<ajel-partner-form
              .strings=${s}
              .api=${this.api}
              .knownChannels=${knownChannels}
              @ajel-partner-saved=${this.added}
              @ajel-partner-cancel=${() => this.addDialog?.close()}
            ></ajel-partner-form>`}
      </div>
    `;
  }

  /** The server's channels and every partner's, to suggest. */
  private knownChannels(partners: PartnerView[]): string[] {
    return [...new Set([...this.channels, ...partners.flatMap((partner) => partner.channels)])].sort();
  }

  private async openAdd(): Promise<void> {
    this.adding = true;
    await this.updateComplete;
    this.addDialog?.showModal();
  }

  private async added(event: CustomEvent<IssuedCredential>): Promise<void> {
    event.stopPropagation();
    const issued = event.detail;
    void this.partners.put(issued.partner);
    if (!issued.secret) return this.addDialog?.close();
    this.issued = issued;
    await this.updateComplete;
    this.renderRoot.querySelector('ajel-secret-reveal')?.renderRoot.querySelector<HTMLElement>('#copy')?.focus();
  }

  /** However the dialog closed (a button, Escape): the secret is dropped with it. */
  private async addClosed(): Promise<void> {
    this.issued = undefined;
    this.adding = false;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#add')?.focus();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ajel-partner-list': AjelPartnerList;
  }
}
