import type { LitElement } from 'lit';
import { focusAfterUpdate } from './focus.js';
import type { WriteController } from './write-controller.js';

export interface RowPanelOptions<Mode extends string> {
  /** The write the panels make, whose failure is forgotten when one opens or closes. */
  writer: WriteController;
  /** Where the cursor goes when a panel opens (its first field, its confirming button). */
  focusOnOpen: Partial<Record<Mode, string>>;
}

/**
 * The one panel a record's row has open under its actions (a form, a confirmation), `view` when
 * none: its action's button opens and closes it, Escape or its cancel closes it and puts the
 * cursor back on that button (`[data-action="<mode>"]`).
 */
export class RowPanelController<Mode extends string> {
  mode: Mode | 'view' = 'view';

  constructor(
    private readonly host: LitElement,
    private readonly options: RowPanelOptions<Mode>,
  ) {}

  async toggle(mode: Mode): Promise<void> {
    this.options.writer.clearError();
    this.set(this.mode === mode ? 'view' : mode);
    const focus = this.options.focusOnOpen[mode];
    if (focus) await focusAfterUpdate(this.host, focus);
  }

  async close(): Promise<void> {
    const mode = this.mode;
    this.set('view');
    this.options.writer.clearError();
    await focusAfterUpdate(this.host, `[data-action="${mode}"]`);
  }

  /** Closes the panel and leaves the cursor where it is (its write succeeded, or a dialog opens). */
  hide(): void {
    this.set('view');
  }

  /** The row's keydown listener: Escape closes the panel, and goes no further. */
  readonly onKeydown = (event: KeyboardEvent): void => {
    if (event.key === 'Escape' && this.mode !== 'view') {
      event.stopPropagation();
      void this.close();
    }
  };

  private set(mode: Mode | 'view'): void {
    this.mode = mode;
    this.host.requestUpdate();
  }
}
