import type { MiddlewareHandler } from 'hono';
import type { z } from 'zod';
import { ApiError } from './errors.ts';

const jsonMediaType = /^application\/([\w.-]+\+)?json$/i;

/** Field-level problems, as `details` of a 400: where, and what is wrong there. */
export function describeIssues(error: z.ZodError): Array<{ path: string; message: string }> {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.') || '(root)', message: issue.message }));
}

const partNames: Record<string, string> = { json: 'body', param: 'path', query: 'query', header: 'headers' };

/**
 * The default hook of every route's validators: a part that fails its schema is a 400
 * `validation_failed` with the failing fields in `details`. Malformed JSON is a 400 raised by
 * Hono's validator before this runs.
 */
export function rejectInvalid(result: { success: true } | { success: false; error: z.ZodError; target: string }): void {
  if (result.success) return;
  const details = describeIssues(result.error);
  const first = details[0]!;
  throw new ApiError(
    400,
    'validation_failed',
    `The request ${partNames[result.target] ?? result.target} is not valid: ${first.path}: ${first.message}.`,
    details,
  );
}

/** 415 for a body that is not JSON, before the body is read: its schema would otherwise see `{}`. */
export const requireJsonBody: MiddlewareHandler = async (c, next) => {
  const mediaType = (c.req.header('content-type') ?? '').split(';')[0]!.trim();
  if (!jsonMediaType.test(mediaType)) {
    throw new ApiError(415, 'unsupported_media_type', 'Send the body as JSON with Content-Type: application/json.');
  }
  await next();
};
