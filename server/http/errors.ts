import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ErrorReply } from 'redis';
import { InputError } from '../headlines/schema.js';
import { NotFoundError } from '../headlines/service.js';
import type { Logger } from '../logger.js';
import type { ErrorBody } from '../protocol.js';
import { StoreUnavailableError } from '../store/store.js';

/** An error with the HTTP status and body the client sees. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

function toApiError(error: unknown): ApiError | undefined {
  if (error instanceof ApiError) return error;
  if (error instanceof InputError) return new ApiError(error.code === 'conflict' ? 409 : 400, error.code, error.message, error.field);
  if (error instanceof NotFoundError) return new ApiError(404, 'not_found', error.message);
  if (error instanceof StoreUnavailableError) return new ApiError(503, 'store_unavailable', error.message, undefined, { 'Retry-After': '2' });
  // Errors raised by express.json() carry a status and a type.
  const parserError = error as { status?: number; type?: string; expose?: boolean; message?: string };
  if (parserError.type === 'entity.parse.failed') return new ApiError(400, 'invalid_json', 'the body is not valid JSON');
  if (parserError.type === 'encoding.invalid_utf8') return new ApiError(400, 'invalid_utf8', 'the body is not valid UTF-8: nothing was stored');
  if (parserError.type === 'entity.too.large') return new ApiError(413, 'body_too_large', 'the body is larger than 16 KB');
  if (parserError.type === 'charset.unsupported' || parserError.type === 'encoding.unsupported') {
    return new ApiError(415, 'unsupported_encoding', 'the body must be UTF-8 JSON');
  }
  if (parserError.expose && parserError.status && parserError.status >= 400 && parserError.status < 500) {
    return new ApiError(parserError.status, 'bad_request', parserError.message ?? 'bad request');
  }
  return undefined;
}

export function sendError(res: Parameters<RequestHandler>[1], error: ApiError): void {
  const body: ErrorBody = { code: error.code, message: error.message };
  if (error.field) body.field = error.field;
  res.locals.errorCode = error.code;
  res.status(error.status).set(error.headers).json({ error: body });
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const known = toApiError(error);
    if (known) {
      if (known.status >= 500) logger.warn({ err: (error as Error).message, path: req.path }, known.code);
      return sendError(res, known);
    }
    logger.error({ err: error, path: req.path, redis: error instanceof ErrorReply }, 'unexpected error');
    sendError(res, new ApiError(500, 'internal', 'something went wrong on our side; nothing may have been changed'));
  };
}

export const notFound: RequestHandler = (req, res) => {
  sendError(res, new ApiError(404, 'not_found', `no such endpoint: ${req.method} ${req.path}`));
};
