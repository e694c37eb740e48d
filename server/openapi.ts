import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Env, Schema } from 'hono';
import { z } from 'zod';

export const ErrorResponse = z
  .object({
    error: z.object({
      code: z.string().meta({ description: 'Stable machine-readable code, e.g. validation_failed' }),
      message: z.string().meta({ description: 'A sentence a person can act on' }),
      details: z.unknown().optional().meta({ description: 'For 400: the failing fields, [{path, message}]' }),
    }),
  })
  .meta({ id: 'Error' });

/** An answer with a JSON body of this schema. */
export function jsonAnswer<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } };
}

/** An error answer with its own description (each has the one shape of API.md). */
export function refusal(description: string) {
  return jsonAnswer(ErrorResponse, description);
}

/** The answers every JSON route may give besides its own. */
export const commonErrors = {
  400: refusal('Invalid input; the failing fields are in error.details'),
  429: refusal('Rate limited; see Retry-After'),
  503: refusal('Starting up or a dependency is unavailable'),
};

/** A body route's own refusals of the body itself. */
export const bodyErrors = {
  413: refusal('The body is larger than the server accepts'),
  415: refusal('The body is not JSON (send Content-Type: application/json)'),
};

/** The answers of a route that reaches participant data: who may ask, and what may be missing. */
export function accessErrors(notFound: string) {
  return { 401: refusal('No or bad credential'), 403: refusal('Not allowed for this credential'), 404: refusal(notFound) };
}

/**
 * Who may call an operation, as OpenAPI `security`: each entry is one credential that is
 * enough on its own. All three are bearer credentials; the schemes tell a client which one.
 */
type SecurityRequirement = Record<string, string[]>;
export const credentials: Record<'none' | 'operator' | 'site' | 'participant' | 'siteOrParticipant' | 'any', SecurityRequirement[]> = {
  none: [],
  operator: [{ operatorKey: [] }],
  site: [{ siteKey: [] }],
  participant: [{ participantToken: [] }],
  siteOrParticipant: [{ siteKey: [] }, { participantToken: [] }],
  any: [{ operatorKey: [] }, { siteKey: [] }, { participantToken: [] }],
};

const securitySchemes = {
  operatorKey: 'The operator key (COACH_ADMIN_KEY): manages sites',
  siteKey: "A site key, kept in the host site's backend: acts for the whole site",
  participantToken: 'A short-lived participant token minted by the host backend: acts as one mentee or mentor',
};

/**
 * The OpenAPI 3.1 document of an app whose routes were each declared once with `createRoute`
 * (server/routes/router.ts): the same definitions validate the requests, so the two cannot drift.
 */
export function openApiDocument<E extends Env, S extends Schema, B extends string>(
  app: OpenAPIHono<E, S, B>,
  info: { title: string; version: string; description: string },
) {
  for (const [name, description] of Object.entries(securitySchemes)) {
    app.openAPIRegistry.registerComponent('securitySchemes', name, { type: 'http', scheme: 'bearer', description });
  }
  return app.getOpenAPI31Document({ openapi: '3.1.0', info });
}
