import { html, nothing } from 'lit';
import { classMap } from 'lit/directives/class-map.js';

/**
 * What an input holds, which sets how it is typed and shown: prose in the record's own language
 * (`text`), a code or list written left to right in a fixed-width face (`code`), or a web address (`url`).
 */
export type InputKind = 'text' | 'code' | 'url';

export interface InputFieldOptions {
  /** The input's id; its hint and error are `<id>-hint` and `<id>-error`. */
  id: string;
  label: string;
  kind: InputKind;
  /** What to say at the field, if anything. */
  error: string | undefined;
  hint?: unknown;
  /** The value to begin with (a record being changed). */
  value?: string;
  maxlength?: number;
  /** A narrow input, for a short code (a language tag). */
  short?: boolean;
  /** Shown under the error, in the same field (a choice that goes with it). */
  after?: unknown;
}

/** A labelled one-line input of a record's form, with its hint and its error. */
export function inputField({ id, label, kind, error, hint, value, maxlength, short = false, after = nothing }: InputFieldOptions) {
  const ltr = kind !== 'text';
  const url = kind === 'url';
  return html`<div class="field">
    <label class="label" for=${id}>${label}</label>
    <input
      id=${id}
      class=${classMap({ input: true, mono: ltr, short })}
      type=${url ? 'url' : nothing}
      dir=${ltr ? 'ltr' : 'auto'}
      inputmode=${url ? 'url' : nothing}
      placeholder=${url ? 'https://' : nothing}
      autocomplete="off"
      spellcheck=${ltr ? 'false' : nothing}
      maxlength=${maxlength ?? nothing}
      .value=${value ?? ''}
      aria-invalid=${error ? 'true' : 'false'}
      aria-describedby=${hint === undefined ? `${id}-error` : `${id}-hint ${id}-error`}
    />
    ${hint === undefined ? nothing : html`<span class="hint" id="${id}-hint">${hint}</span>`}
    ${fieldError(`${id}-error`, error)} ${after}
  </div>`;
}

/** What is wrong with one field, said at it. */
export function fieldError(id: string, message: string | undefined) {
  return message ? html`<p class="field-error" id=${id} role="alert">${message}</p>` : nothing;
}

/** A failure that concerns no one field, said above the form's actions. */
export function formError(id: string, message: string | undefined) {
  return message ? html`<p class="alert alert-error" id=${id} role="alert">${message}</p>` : nothing;
}
