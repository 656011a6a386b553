import type { ApiError } from '../api/editor-api.js';
import type { Strings } from './strings.js';

/** What to tell the editor about a failed call: our wording for known failures, the server's for input it refused. */
export function describeError(strings: Strings, error: ApiError): string {
  const known = strings.errors[error.code];
  if (known) return known;
  if (error.status >= 400 && error.status < 500) {
    const reason = strings.fieldReasons.find(([pattern]) => pattern.test(error.detail));
    return reason ? error.detail.replace(reason[0], reason[1]) : error.detail;
  }
  return `${strings.errors.generic} (${error.detail})`;
}
