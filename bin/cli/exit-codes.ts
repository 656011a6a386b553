/** Exit codes scripts can rely on; documented in README.md ("CLI"). */
export const EXIT = {
  ok: 0,
  /** Anything not covered below, such as a server error. */
  failed: 1,
  /** Unknown command, bad flag or argument. */
  usage: 2,
  /** The server refused the input (400, 409, 413, 415, 422 such as a reused idempotency key): nothing was changed. */
  refused: 3,
  /** No key, a key that is not valid (401) or one not allowed to do this (403). */
  auth: 4,
  /** No such headline or channel (404). */
  notFound: 5,
  /** Too many writes (429); retry after the time given. */
  rateLimited: 6,
  /** The server cannot be reached, did not answer in time, or its store is down (503). */
  unreachable: 7,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A failure that ends the command with `code` and one line on stderr. */
export class CliError extends Error {
  constructor(
    readonly code: ExitCode,
    message: string,
  ) {
    super(message);
  }
}

export function exitCodeForStatus(status: number): ExitCode {
  if (status === 401 || status === 403) return EXIT.auth;
  if (status === 404) return EXIT.notFound;
  if (status === 429) return EXIT.rateLimited;
  if (status === 503) return EXIT.unreachable;
  if (status >= 400 && status < 500) return EXIT.refused;
  return EXIT.failed;
}
