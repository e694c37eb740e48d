import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Logger } from './logger.ts';
import { DuplicateError, InvalidCursorError, storageFailure } from './store/index.ts';

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/** An answer the client can act on: status, a stable machine code, a sentence, and details. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const codeByStatus: Partial<Record<number, string>> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  503: 'unavailable',
};

export function errorBody(code: string, message: string, details?: unknown): ErrorBody {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

/** The one error renderer of the app: every failure leaves as the JSON error of API.md. */
export function createErrorHandler(logger: Logger) {
  return function onError(error: Error, c: Context): Response {
    if (error instanceof ApiError) {
      for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
      return c.json(errorBody(error.code, error.message, error.details), error.status);
    }
    if (error instanceof DuplicateError) return c.json(errorBody('conflict', `${error.message}.`), 409);
    if (error instanceof InvalidCursorError) {
      return c.json(
        errorBody('validation_failed', 'The cursor is not valid: pass back a nextCursor as it was given.', [{ path: 'cursor', message: error.message }]),
        400,
      );
    }
    const storage = storageFailure(error);
    if (storage) {
      logger.error('storage failure', { requestId: c.get('requestId'), code: (error as { code?: string }).code, error: error.message });
      c.header('Retry-After', String(storage.retryAfter));
      return c.json(errorBody(storage.code, storage.message), 503);
    }
    if (error instanceof HTTPException && error.status < 500) {
      const status = error.status as ContentfulStatusCode;
      return c.json(errorBody(codeByStatus[status] ?? 'bad_request', error.message || 'The request could not be read.'), status);
    }
    logger.error('unhandled error', { requestId: c.get('requestId'), error: error.stack ?? String(error) });
    return c.json(errorBody('internal_error', 'Something went wrong on our side. Please try again.'), 500);
  };
}

export function notFound(c: Context): Response {
  return c.json(errorBody('not_found', `No route for ${c.req.method} ${c.req.path}.`), 404);
}
