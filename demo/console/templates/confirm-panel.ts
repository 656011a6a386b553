import { html, nothing } from 'lit';

export interface ConfirmPanelOptions {
  /** What is confirmed: names the ids (`<name>-question`) and the confirming button (`data-action="confirm-<name>"`). */
  name: string;
  question: string;
  /** What follows from it, if the question does not say. */
  consequence?: string;
  /** The failure of the last attempt (a fieldError). */
  error: unknown;
  busy: boolean;
  confirm: string;
  /** The confirming button's label while the write is in flight. */
  confirming: string;
  cancel: string;
  onConfirm: () => void;
  onCancel: () => void;
}

/** The panel a row opens to confirm an action that cannot be undone (removing, revoking, cancelling). */
export function confirmPanel(o: ConfirmPanelOptions) {
  return html`<div
    class="panel danger"
    role="alertdialog"
    aria-labelledby="${o.name}-question"
    aria-describedby=${o.consequence === undefined ? nothing : `${o.name}-consequence`}
  >
    <p class="panel-title" id="${o.name}-question">${o.question}</p>
    ${o.consequence === undefined ? nothing : html`<p class="hint" id="${o.name}-consequence">${o.consequence}</p>`} ${o.error}
    <div class="panel-actions">
      <button class="btn btn-danger btn-small" type="button" data-action="confirm-${o.name}" ?disabled=${o.busy} @click=${o.onConfirm}>
        ${o.busy ? o.confirming : o.confirm}
      </button>
      <button class="btn btn-small" type="button" @click=${o.onCancel}>${o.cancel}</button>
    </div>
  </div>`;
}
