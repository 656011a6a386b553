import type { ApiError } from '../api/editor-api.js';
import type { Strings } from './strings.js';

/** What to tell the editor about a failed call: our wording for known failures, the server's for input it refused. */
export function describeError(strings: Strings, error: ApiError): string {
  const known = strings.errors[error.code];
  if (known) return known;
  return refusedInput(strings, error) ?? (error.status >= 400 && error.status < 500 ? error.detail : `${strings.errors.generic} (${error.detail})`);
}

/**
 * The same for the partner API, whose 404 and 409 concern a partner, not a headline; a reason that
 * names what was wrong (`no channel named x`) is told before the code's general wording.
 */
export function describePartnerError(strings: Strings, error: ApiError): string {
  return describeErrorAbout(strings.partnerErrors, strings, error);
}

/** As describePartnerError, for the API of another kind of record (sources, webhooks, scheduled headlines), with that kind's wording. */
export function describeErrorAbout(wording: Record<string, string>, strings: Strings, error: ApiError): string {
  return wording[error.code] ?? refusedInput(strings, error) ?? describeError(strings, error);
}

/** Our wording of the server's reason for refusing input (a 4xx), when we have one. */
function refusedInput(strings: Strings, error: ApiError): string | undefined {
  if (error.status < 400 || error.status >= 500) return undefined;
  const reason = strings.fieldReasons.find(([pattern]) => pattern.test(error.detail));
  return reason ? error.detail.replace(reason[0], reason[1]) : undefined;
}
