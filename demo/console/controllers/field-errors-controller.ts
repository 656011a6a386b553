import type { LitElement } from 'lit';
import type { ApiError } from '../api/editor-api.js';
import type { Strings } from '../i18n/strings.js';
import { fieldError, formError } from '../templates/field.js';
import type { WriteController } from './write-controller.js';

/** The form field of `fields` an API error's `field` concerns: `origins.2` is the `origins` field. */
export function fieldAmong<F extends string>(fields: readonly F[]): (apiField: string | undefined) => F | undefined {
  return (apiField) => fields.find((field) => field === apiField?.split('.')[0]);
}

export interface FieldErrorsOptions<F extends string> {
  /** The write whose refusal of a field is told at that field. */
  writer: WriteController;
  /** The form field an API error's `field` concerns, if it is one (fieldAmong the form's fields). */
  fieldOf: (apiField: string | undefined) => F | undefined;
  /** Starts the ids of the form's elements: field `url` is `#<idPrefix>url`, its error `#<idPrefix>url-error`. */
  idPrefix: string;
  strings: () => Strings;
  /** The wording of a failed write, in the words of the kind of record the form writes. */
  describe: (error: ApiError) => string;
  /** The field of an edited input its id does not name (a checkbox of a group, a field of a child element). */
  fieldOfInput?: (input: HTMLInputElement) => F | undefined;
  /** Puts the cursor in a field, where `#<idPrefix><field>` is not the element to focus. */
  focusField?: (field: F) => void;
}

/**
 * What a form tells at each field: the page's own check (a required field left empty), else the
 * write's refusal of that field. Editing answers the page's check; editing the field the server
 * refused answers its refusal too, while a refusal of another field stays until the next attempt.
 */
export class FieldErrorsController<F extends string> {
  private local?: { field: F; message: string };

  constructor(
    private readonly host: LitElement,
    private readonly options: FieldErrorsOptions<F>,
  ) {}

  /** The field the last write was refused for. */
  get refusedField(): F | undefined {
    return this.options.fieldOf(this.options.writer.error?.fieldToFix);
  }

  /** What to say at `field`, if anything. */
  at(field: F): string | undefined {
    if (this.local) return this.local.field === field ? this.local.message : undefined;
    const error = this.options.writer.error;
    if (!error || this.refusedField !== field) return undefined;
    return this.options.strings().fixField(this.options.describe(error));
  }

  /** The value of `aria-invalid` for `field`. */
  invalid(field: F): 'true' | 'false' {
    return this.at(field) ? 'true' : 'false';
  }

  renderError(field: F) {
    return fieldError(`${this.options.idPrefix}${field}-error`, this.at(field));
  }

  /** The write's failure that concerns no field, for the whole form. */
  renderFormError() {
    const error = this.options.writer.error;
    return formError(`${this.options.idPrefix}form-error`, error && !this.refusedField ? this.options.describe(error) : undefined);
  }

  /** The page's own check refused `field`: says why there and puts the cursor in it. */
  async refuse(field: F, message: string): Promise<void> {
    this.setLocal({ field, message });
    await this.focus(field);
  }

  /** Runs the write once the page's checks passed; when the server refuses a field, puts the cursor in it. */
  async run<T>(write: () => Promise<T>): Promise<T | undefined> {
    this.setLocal(undefined);
    const result = await this.options.writer.run(write);
    if (result === undefined) await this.focus(this.refusedField);
    return result;
  }

  /** The form's input or change listener. */
  readonly onEdit = (event: Event): void => {
    const input = event.composedPath()[0] as HTMLInputElement;
    const { idPrefix, fieldOf, fieldOfInput } = this.options;
    const named = input.id.startsWith(idPrefix) ? fieldOf(input.id.slice(idPrefix.length)) : undefined;
    this.edited(fieldOfInput?.(input) ?? named);
  };

  /** The editor changed these fields. */
  edited(...fields: (string | undefined)[]): void {
    this.setLocal(undefined);
    const refused = this.refusedField;
    if (refused && fields.includes(refused)) this.options.writer.clearError();
  }

  /** Forgets the page's check and the write's failure (the form was emptied). */
  clear(): void {
    this.setLocal(undefined);
    this.options.writer.clearError();
  }

  private setLocal(local: { field: F; message: string } | undefined): void {
    if (this.local === local) return;
    this.local = local;
    this.host.requestUpdate();
  }

  private async focus(field: F | undefined): Promise<void> {
    if (!field) return;
    await this.host.updateComplete;
    if (this.options.focusField) this.options.focusField(field);
    else this.host.renderRoot.querySelector<HTMLElement>(`#${this.options.idPrefix}${field}`)?.focus();
  }
}
