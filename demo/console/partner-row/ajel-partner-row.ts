import { LitElement, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { classMap } from 'lit/directives/class-map.js';
import type { IssuedCredential, PartnersApi, PartnerUsage, PartnerView } from '../api/partners-api.js';
import { PublicKeyError } from '../api/public-key.js';
import { focusAfterUpdate } from '../controllers/focus.js';
import { RowPanelController } from '../controllers/row-panel-controller.js';
import { WriteController } from '../controllers/write-controller.js';
import '../credential-field/ajel-credential-field.js';
import type { AjelCredentialField } from '../credential-field/ajel-credential-field.js';
import { describePartnerError } from '../i18n/errors.js';
import { count, dateTime, fullTime, isolate } from '../i18n/format.js';
import { DEFAULT_GRACE, GRACE_CHOICES, type Strings } from '../i18n/strings.js';
import '../partner-form/ajel-partner-form.js';
import '../secret-reveal/ajel-secret-reveal.js';
import { dialogStyles } from '../styles/dialog.styles.js';
import { confirmPanel } from '../templates/confirm-panel.js';
import { fieldError } from '../templates/field.js';
import { partnerRowStyles } from './ajel-partner-row.styles.js';

type Credential = PartnerView['credentials'][number];
type Notice = 'saved' | 'revoked' | 'rotatedWithKey';
const USAGE_FIGURES = ['live', 'connections', 'pages', 'deliveries'] as const;

/**
 * One partner: what it is licensed for, how it signs, its use today, and the admin's actions:
 * edit (name, channels, origins), rotate its credential (in a dialog that shows a new secret once)
 * and revoke it (after a confirmation). A change is fired as `ajel-partner-changed` ({ partner }).
 */
@customElement('ajel-partner-row')
export class AjelPartnerRow extends LitElement {
  static styles = [partnerRowStyles, dialogStyles];

  @property({ attribute: false }) partner!: PartnerView;
  /** Its usage today; none while unread or when it could not be read. */
  @property({ attribute: false }) usage?: PartnerUsage;
  /** Set while the list has not read usage yet: figures show as pending, not as missing. */
  @property({ type: Boolean }) usagePending = false;
  @property({ attribute: false }) strings!: Strings;
  @property({ attribute: false }) api?: PartnersApi;
  @property({ attribute: false }) knownChannels: readonly string[] = [];

  @state() private notice?: Notice;
  @state() private rotating = false;
  /** The rotation's new secret: held only while its dialog is open. */
  @state() private issued?: IssuedCredential;
  @state() private keyProblem?: string;
  @query('#rotate-dialog') private rotateDialog?: HTMLDialogElement;
  @query('ajel-credential-field') private credential?: AjelCredentialField;

  private readonly revoker = new WriteController(this);
  private readonly rotator = new WriteController(this);
  private readonly panel = new RowPanelController<'edit' | 'revoke'>(this, { writer: this.revoker, focusOnOpen: { revoke: '[data-action="confirm-revoke"]' } });

  render() {
    const p = this.partner;
    const s = this.strings.partners;
    const active = p.status === 'active';
    return html`
      <article class=${classMap({ partner: true, revoked: !active })} data-id=${p.id} aria-labelledby="name" @keydown=${this.panel.onKeydown}>
        <header class="head">
          <h3 class="name" id="name" dir="auto" tabindex="-1">${p.name}</h3>
          <code class="id" dir="ltr">${p.id}</code>
          <span class="badge status ${p.status}" data-status=${p.status}>${s.status[p.status]}</span>
        </header>
        <div class="body">
          <dl class="facts">
            <div class="fact">
              <dt>${s.channels}</dt>
              <dd><ul class="chips channels">${p.channels.map((channel) => html`<li dir="ltr">${channel}</li>`)}</ul></dd>
            </div>
            <div class="fact">
              <dt>${s.origins}</dt>
              <dd>
                ${p.origins.length
                  ? html`<ul class="chips origins">${p.origins.map((origin) => html`<li dir="ltr">${origin}</li>`)}</ul>`
                  : html`<span class="none">${s.noOrigins}</span>`}
              </dd>
            </div>
            <div class="fact">
              <dt>${s.credential}</dt>
              <dd class="credential">${this.renderCredentials()}</dd>
            </div>
            <div class="fact">
              <dt>${s.created}</dt>
              <dd><time class="created" datetime=${p.createdAt} title=${fullTime(this.strings.lang, p.createdAt)}>${dateTime(this.strings.lang, p.createdAt)}</time></dd>
            </div>
            <div class="fact">
              <dt>${s.updated}</dt>
              <dd><time class="updated" datetime=${p.updatedAt} title=${fullTime(this.strings.lang, p.updatedAt)}>${dateTime(this.strings.lang, p.updatedAt)}</time></dd>
            </div>
          </dl>
          <div class="usage" role="group" aria-label=${s.usage}>
            <dl>${USAGE_FIGURES.map((figure) => this.renderFigure(figure))}</dl>
          </div>
        </div>
        <div class="footer">
          ${active
            ? html`<div class="actions" role="group" aria-label=${s.actionsFor(p.name)}>
                <button class="btn btn-small" type="button" data-action="edit" aria-expanded=${this.panel.mode === 'edit'} @click=${() => this.open('edit')}>${s.edit}</button>
                <button class="btn btn-small" type="button" data-action="rotate" aria-haspopup="dialog" @click=${this.openRotation}>${s.rotate}</button>
                <button class="btn btn-small revoke" type="button" data-action="revoke" aria-expanded=${this.panel.mode === 'revoke'} @click=${() => this.open('revoke')}>${s.revoke}</button>
              </div>`
            : nothing}
          <p class="notice" role="status">${this.notice ? s[this.notice] : nothing}</p>
        </div>
        ${this.renderPanel()}
        <dialog id="rotate-dialog" aria-labelledby="rotate-title" @close=${this.rotationClosed}>${this.rotating ? this.renderRotation() : nothing}</dialog>
      </article>
    `;
  }

  /** The credential tokens are signed with now, and any older one still working through a rotation's grace. */
  private renderCredentials() {
    const s = this.strings.partners;
    const kind = (credential: Credential) => (credential.kind === 'secret' ? s.secretKind : s.publicKeyKind(credential.alg));
    const now = Date.now();
    const current = this.partner.credentials.filter((credential) => credential.retiresAt === undefined).at(-1);
    const retiring = this.partner.credentials.filter((credential) => credential.retiresAt !== undefined && Date.parse(credential.retiresAt) > now);
    return html`
      ${current ? html`<span class="kind" data-kind=${current.kind}>${kind(current)}</span> <code dir="ltr" class="kid">${current.kid}</code>` : nothing}
      ${retiring.map(
        (credential) => html`<span class="retiring" data-kid=${credential.kid}>${s.retires(kind(credential), dateTime(this.strings.lang, credential.retiresAt!))}</span>`,
      )}
    `;
  }

  private renderFigure(figure: (typeof USAGE_FIGURES)[number]) {
    const s = this.strings.partners;
    const usage = this.usage;
    const value = usage === undefined ? undefined : figure === 'live' ? usage.live : usage.today[figure];
    return html`<div class="figure" data-figure=${figure}>
      <dt>${s[figure]}</dt>
      <dd>
        ${value === undefined
          ? html`<span class="missing" title=${this.usagePending ? s.loading : s.usageMissing}>${this.usagePending ? '…' : '—'}</span>`
          : html`<data value=${value}>${count(this.strings.lang, value)}</data>`}
      </dd>
    </div>`;
  }

  private renderPanel() {
    const s = this.strings;
    switch (this.panel.mode) {
      case 'view':
        return nothing;
      case 'edit':
        return html`<div class="panel" role="group" aria-label=${s.partnerForm.editTitle(this.partner.name)}>
          <ajel-partner-form
            .strings=${s}
            .api=${this.api}
            .partner=${this.partner}
            .knownChannels=${this.knownChannels}
            @ajel-partner-saved=${this.saved}
            @ajel-partner-cancel=${() => this.panel.close()}
          ></ajel-partner-form>
        </div>`;
      case 'revoke': {
        const error = this.revoker.error;
        return confirmPanel({
          name: 'revoke',
          question: s.revoke.question(isolate(this.partner.name)),
          consequence: s.revoke.consequence,
          error: fieldError('revoke-error', error && describePartnerError(s, error)),
          busy: this.revoker.busy,
          confirm: s.revoke.confirm,
          confirming: s.revoke.revoking,
          cancel: s.partners.cancel,
          onConfirm: this.revoke,
          onCancel: () => this.panel.close(),
        });
      }
    }
  }

  private renderRotation() {
    const s = this.strings;
    const issued = this.issued;
    const error = this.rotator.error;
    const body = issued?.secret
      ? html`<ajel-secret-reveal .strings=${s} .secret=${issued.secret} .kid=${issued.partner.credentials.at(-1)?.kid ?? ''}></ajel-secret-reveal>
          <div class="dialog-actions">
            <button class="btn btn-primary" type="button" id="secret-done" @click=${this.closeRotation}>${s.secret.done}</button>
          </div>`
      : html`<form class="rotate-form" novalidate @submit=${this.rotate}>
          <p class="hint">${s.rotate.intro}</p>
          <div class="field">
            <label class="label" for="grace">${s.rotate.grace}</label>
            <select id="grace" class="input" aria-describedby="grace-hint">
              ${GRACE_CHOICES.map((seconds) => html`<option value=${seconds} ?selected=${seconds === DEFAULT_GRACE}>${s.rotate.graceChoices[seconds]}</option>`)}
            </select>
            <span class="hint" id="grace-hint">${s.rotate.graceHint}</span>
          </div>
          <ajel-credential-field .strings=${s} .error=${this.keyProblem} @input=${() => (this.keyProblem = undefined)}></ajel-credential-field>
          ${error && error.field !== 'publicKey' ? html`<p class="alert alert-error" role="alert" id="rotate-error">${describePartnerError(s, error)}</p>` : nothing}
          <div class="dialog-actions">
            <button class="btn btn-primary" type="submit" id="rotate-submit" ?disabled=${this.rotator.busy}>${this.rotator.busy ? s.rotate.rotating : s.rotate.submit}</button>
            <button class="btn" type="button" @click=${this.closeRotation}>${s.partners.cancel}</button>
          </div>
        </form>`;
    return html`
      <header class="dialog-header">
        <h2 class="dialog-title" id="rotate-title">${issued?.secret ? s.secret.title(isolate(this.partner.id)) : s.rotate.title(isolate(this.partner.name))}</h2>
      </header>
      <div class="dialog-body">${body}</div>
    `;
  }

  private open(mode: 'edit' | 'revoke'): void {
    this.notice = undefined;
    void this.panel.toggle(mode);
  }

  private async saved(event: CustomEvent<IssuedCredential>): Promise<void> {
    event.stopPropagation();
    this.changed(event.detail.partner);
    await this.panel.close();
    this.notice = 'saved';
  }

  private async revoke(): Promise<void> {
    const api = this.api;
    if (!api) return;
    const partner = await this.revoker.run(() => api.revoke(this.partner.id));
    if (!partner) return;
    this.panel.hide();
    this.notice = 'revoked';
    this.changed(partner);
    await focusAfterUpdate(this, '#name');
  }

  private async openRotation(): Promise<void> {
    // With no panel open, Escape is the modal dialog's, which closes itself.
    this.panel.hide();
    this.notice = undefined;
    this.rotating = true;
    await this.updateComplete;
    this.rotateDialog?.showModal();
  }

  private async rotate(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const api = this.api;
    if (!api || this.rotator.busy) return;
    const graceSeconds = Number(this.renderRoot.querySelector<HTMLSelectElement>('#grace')!.value);
    let publicKey: Record<string, string> | undefined;
    try {
      publicKey = await this.credential?.publicKey();
    } catch (error) {
      if (!(error instanceof PublicKeyError)) throw error;
      this.keyProblem = this.strings.credentialField.problems[error.problem];
      this.credential?.focusKey();
      return;
    }
    const issued = await this.rotator.run(() => api.rotate(this.partner.id, graceSeconds, publicKey));
    if (!issued) {
      if (this.rotator.error?.field === 'publicKey') {
        this.keyProblem = this.strings.fixField(describePartnerError(this.strings, this.rotator.error));
        this.credential?.focusKey();
      }
      return;
    }
    this.changed(issued.partner);
    if (issued.secret) {
      this.issued = issued;
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#copy')?.focus();
    } else {
      this.closeRotation();
      this.notice = 'rotatedWithKey';
    }
  }

  private closeRotation(): void {
    this.rotateDialog?.close();
  }

  /** However the dialog closed (a button, Escape): the secret is dropped with it. */
  private async rotationClosed(): Promise<void> {
    this.issued = undefined;
    this.keyProblem = undefined;
    this.rotating = false;
    this.rotator.clearError();
    await focusAfterUpdate(this, '[data-action="rotate"]');
  }

  private changed(partner: PartnerView): void {
    this.dispatchEvent(new CustomEvent('ajel-partner-changed', { detail: { partner }, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ajel-partner-row': AjelPartnerRow;
  }
  interface HTMLElementEventMap {
    'ajel-partner-changed': CustomEvent<{ partner: PartnerView }>;
  }
}
