import { LitElement, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { SourceRecord, SourcesApi } from '../api/sources-api.js';
import { RecordsController } from '../controllers/records-controller.js';
import { describeErrorAbout } from '../i18n/errors.js';
import { isolate } from '../i18n/format.js';
import type { Strings } from '../i18n/strings.js';
import '../source-form/ajel-source-form.js';
import '../source-row/ajel-source-row.js';
import { dialogStyles } from '../styles/dialog.styles.js';
import { sourceListStyles } from './ajel-source-list.styles.js';

/** Read again this often, so polls and their errors show while the page is open. */
const REFRESH_MS = 15_000;

/** The Sources page, for an admin: the channel's feed sources, and adding one in a dialog. */
@customElement('ajel-source-list')
export class AjelSourceList extends LitElement {
  static styles = [sourceListStyles, dialogStyles];

  @property({ attribute: false }) strings!: Strings;
  @property({ attribute: false }) api?: SourcesApi;
  /** The channel whose sources are shown and to which a new one publishes. */
  @property() channel = '';

  @state() private adding = false;
  @query('#add-dialog') private addDialog?: HTMLDialogElement;

  private readonly sources = new RecordsController<SourceRecord>(this, {
    read: () => {
      const api = this.api;
      return api ? () => api.list() : undefined;
    },
    idOf: (record) => record.source.id,
    refreshMs: REFRESH_MS,
    scope: () => this.api,
  });

  render() {
    const s = this.strings.sources;
    const { loading, error } = this.sources;
    const records = this.sources.records.filter((record) => record.source.channel === this.channel && record.source.kind === 'feed');
    return html`
      <section class="card" aria-labelledby="sources-title" aria-busy=${loading ? 'true' : 'false'}>
        <header class="card-header">
          <h2 class="card-title" id="sources-title">${s.title} <span class="channel" dir="ltr">${this.channel}</span></h2>
          <span class="count">${records.length}</span>
          <span class="spacer"></span>
          <button class="btn btn-quiet btn-small" type="button" id="refresh" ?disabled=${loading} @click=${() => this.sources.load()}>${s.refresh}</button>
          <button class="btn btn-primary btn-small" type="button" id="add" aria-haspopup="dialog" ?disabled=${!this.channel} @click=${this.openAdd}>${s.add}</button>
        </header>
        <p class="intro">${s.intro}</p>
        ${error ? html`<div class="alert alert-error failure" role="alert" id="sources-error">${describeErrorAbout(this.strings.sourceErrors, this.strings, error)}</div>` : nothing}
        ${records.length === 0
          ? html`<p class="empty">${loading ? s.loading : error ? nothing : s.empty(isolate(this.channel))}</p>`
          : html`<ol
              @ajel-source-changed=${(event: CustomEvent<{ record: SourceRecord }>) => this.sources.put(event.detail.record)}
              @ajel-source-removed=${this.removed}
            >
              ${repeat(
                records,
                (record) => record.source.id,
                (record) => html`<li><ajel-source-row .record=${record} .strings=${this.strings} .api=${this.api}></ajel-source-row></li>`,
              )}
            </ol>`}
      </section>
      <dialog id="add-dialog" aria-labelledby="add-title" @close=${this.addClosed}>
        ${this.adding
          ? html`<header class="dialog-header">
                <h2 class="dialog-title" id="add-title">${this.strings.sourceForm.title(isolate(this.channel))}</h2>
              </header>
              <div class="dialog-body">
                <ajel-source-form
                  .strings=${this.strings}
                  .api=${this.api}
                  .channel=${this.channel}
                  @ajel-source-saved=${this.added}
                  @ajel-source-cancel=${() => this.addDialog?.close()}
                ></ajel-source-form>
              </div>`
          : nothing}
      </dialog>
    `;
  }

  private async openAdd(): Promise<void> {
    this.adding = true;
    await this.updateComplete;
    this.addDialog?.showModal();
  }

  private added(event: CustomEvent<{ record: SourceRecord }>): void {
    event.stopPropagation();
    this.sources.put(event.detail.record);
    this.addDialog?.close();
  }

  private async removed(event: CustomEvent<{ id: string }>): Promise<void> {
    this.sources.drop(event.detail.id);
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#add')?.focus();
  }

  private async addClosed(): Promise<void> {
    this.adding = false;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#add')?.focus();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ajel-source-list': AjelSourceList;
  }
}
