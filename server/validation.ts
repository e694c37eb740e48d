import type { Env, MiddlewareHandler, ValidationTargets } from 'hono';
import { validator } from 'hono/validator';
import type { z } from 'zod';
import { ApiError } from './errors.ts';

type Validated<Target extends keyof ValidationTargets, Schema extends z.ZodType> = {
  in: {
    [K in Target]: K extends 'json'
      ? z.input<Schema>
      : { [Key in keyof z.input<Schema>]: ValidationTargets[K][Key & string] };
  };
  out: { [K in Target]: z.output<Schema> };
};

const jsonMediaType = /^application\/([\w.-]+\+)?json$/i;

/** Field-level problems, as `details` of a 400: where, and what is wrong there. */
export function describeIssues(error: z.ZodError): Array<{ path: string; message: string }> {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.') || '(root)', message: issue.message }));
}

/**
 * Validates one part of the request with a zod schema: 415 for a body that is not JSON,
 * 400 for malformed JSON (raised by Hono's validator) and for any field that fails, with
 * the failing fields in `details`. Handlers read the parsed value with `c.req.valid()`.
 */
export function validate<Target extends keyof ValidationTargets, Schema extends z.ZodType, E extends Env = Env, P extends string = string>(
  target: Target,
  schema: Schema,
): MiddlewareHandler<E, P, Validated<Target, Schema>> {
  return validator(target, (value, c) => {
    if (target === 'json') {
      const mediaType = (c.req.header('content-type') ?? '').split(';')[0]!.trim();
      if (!jsonMediaType.test(mediaType)) {
        throw new ApiError(415, 'unsupported_media_type', 'Send the body as JSON with Content-Type: application/json.');
      }
    }
    const result = schema.safeParse(value);
    if (!result.success) {
      const details = describeIssues(result.error);
      const first = details[0]!;
      const where = target === 'json' ? 'body' : target;
      throw new ApiError(400, 'validation_failed', `The request ${where} is not valid: ${first.path}: ${first.message}.`, details);
    }
    return result.data;
  }) as unknown as MiddlewareHandler<E, P, Validated<Target, Schema>>;
}
