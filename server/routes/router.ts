import { createRoute, OpenAPIHono, type RouteConfig } from '@hono/zod-openapi';
import type { z } from 'zod';
import { bodyErrors, commonErrors } from '../openapi.ts';
import type { AppEnv } from '../services.ts';
import { rejectInvalid, requireJsonBody } from '../validation.ts';

/** A router whose routes validate with their own definitions and raise the project's JSON error. */
export function router() {
  return new OpenAPIHono<AppEnv>({ defaultHook: rejectInvalid });
}

/** A required JSON body of this schema. */
export function jsonBody<T extends z.ZodType>(schema: T) {
  return { required: true, content: { 'application/json': { schema } } };
}

/**
 * One route, declared once: path, parameters, body, answers, credentials and the errors of its
 * own. The definition validates the request and writes the OpenAPI document. Every /v1 route may
 * also answer 400, 429 and 503 (`commonErrors`), and a route with a body refuses anything but
 * JSON first (415) and a body over the limit (413), as API.md says: those are added here.
 *
 * The errors are written into the document but kept out of the route's TypeScript type: a
 * handler throws them (ApiError), never returns them, and with a union member for each error of
 * each of forty routes the typed client's type grows too large for TypeScript to compute. All
 * errors have one shape, `ErrorResponse`.
 */
export function defineRoute<P extends string, R extends Omit<RouteConfig, 'path'> & { path: P; security: Array<Record<string, string[]>> }>(
  config: R,
  errors: RouteConfig['responses'] = {},
) {
  const route = createRoute(config.request?.body ? { ...config, middleware: [requireJsonBody] } : config);
  const shared = { ...(config.path.startsWith('/v1/') ? commonErrors : {}), ...(config.request?.body ? bodyErrors : {}) };
  const documented: typeof route = { ...route, responses: { ...route.responses, ...shared, ...errors } };
  return documented;
}
