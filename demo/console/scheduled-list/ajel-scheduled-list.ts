import { LitElement, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { ScheduledHeadline } from '../../../server/protocol.js';
import type { EditorApi } from '../api/editor-api.js';
import { RecordsController } from '../controllers/records-controller.js';
import { ClockController } from '../controllers/clock-controller.js';
import { describeErrorAbout } from '../i18n/errors.js';
import type { Strings } from '../i18n/strings.js';
import '../scheduled-row/ajel-scheduled-row.js';
import { scheduledListStyles } from './ajel-scheduled-list.styles.js';

/** Read again this often, so one published on time leaves the list even on a quiet channel. */
const REFRESH_MS = 15_000;

/**
 * The channel's held headlines, soonest first, each with edit and cancel. Read again whenever the
 * channel changes (its feed cursor moves when the scheduler publishes one), every REFRESH_MS, and
 * on `load()` (the console calls it when the composer scheduled one).
 */
@customElement('ajel-scheduled-list')
export class AjelScheduledList extends LitElement {
  static styles = scheduledListStyles;

  @property({ attribute: false }) strings!: Strings;
  @property({ attribute: false }) api?: EditorApi;
  @property() channel = '';
  /** Moves with every change to the channel (its feed cursor). */
  @property() revision?: string;

  private readonly clock = new ClockController(this);
  private readonly scheduled = new RecordsController<ScheduledHeadline>(this, {
    read: () => {
      const { api, channel } = this;
      return api && channel ? () => api.scheduled(channel) : undefined;
    },
    idOf: (held) => held.id,
    refreshMs: REFRESH_MS,
    revision: () => this.revision,
    scope: () => `${this.api?.key} ${this.channel}`,
  });

  /** Reads the list again now. */
  load(): Promise<void> {
    return this.scheduled.load();
  }

  render() {
    const s = this.strings;
    const { records, loading, error } = this.scheduled;
    return html`
      <section class="card" aria-labelledby="scheduled-title" aria-busy=${loading ? 'true' : 'false'}>
        <header class="card-header">
          <h2 class="card-title" id="scheduled-title">${s.scheduled.title}</h2>
          <span class="count">${records.length}</span>
          <span class="spacer"></span>
          <button class="btn btn-quiet btn-small" type="button" id="scheduled-refresh" ?disabled=${loading} @click=${() => this.scheduled.load()}>${s.scheduled.refresh}</button>
        </header>
        ${error ? html`<div class="alert alert-error failure" role="alert">${describeErrorAbout(s.scheduledErrors, s, error)}</div>` : nothing}
        ${records.length === 0
          ? html`<p class="empty">${s.scheduled.empty}</p>`
          : html`<ol
              @ajel-scheduled-changed=${(event: CustomEvent<{ held: ScheduledHeadline }>) => this.scheduled.put(event.detail.held)}
              @ajel-scheduled-cancelled=${(event: CustomEvent<{ id: string }>) => this.scheduled.drop(event.detail.id)}
            >
              ${repeat(
                records,
                (held) => held.id,
                (held) => html`<li><ajel-scheduled-row .held=${held} .strings=${s} .api=${this.api} .now=${this.clock.now}></ajel-scheduled-row></li>`,
              )}
            </ol>`}
      </section>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ajel-scheduled-list': AjelScheduledList;
  }
}
