import { z } from 'zod';

export interface RouteDoc {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI style: `/v1/resources/{id}`. */
  path: string;
  summary: string;
  tag: string;
  query?: z.ZodObject;
  params?: z.ZodObject;
  body?: z.ZodType;
  responses: Record<number, { description: string; schema?: z.ZodType; contentType?: string }>;
}

export const ErrorResponse = z.object({
  error: z.object({
    code: z.string().meta({ description: 'Stable machine-readable code, e.g. validation_failed' }),
    message: z.string().meta({ description: 'A sentence a person can act on' }),
    details: z.unknown().optional().meta({ description: 'For 400: the failing fields, [{path, message}]' }),
  }),
}).meta({ id: 'Error' });

/** The answers every JSON route may give besides its own. */
export const commonErrors = {
  400: { description: 'Invalid input; the failing fields are in error.details', schema: ErrorResponse },
  429: { description: 'Rate limited; see Retry-After', schema: ErrorResponse },
  503: { description: 'Starting up or a dependency is unavailable', schema: ErrorResponse },
};

/** The answers of a route that reaches participant data: who may ask, and what may be missing. */
export function accessErrors(notFound: string) {
  return {
    401: { description: 'No or bad credential', schema: ErrorResponse },
    403: { description: 'Not allowed for this credential', schema: ErrorResponse },
    404: { description: notFound, schema: ErrorResponse },
  };
}

/** Builds the OpenAPI 3.1 document from the routers' own zod schemas, so it cannot drift. */
export function openApiDocument(routes: RouteDoc[], info: { title: string; version: string; description: string }) {
  const schemas: Record<string, unknown> = {};
  const toSchema = (schema: z.ZodType, io: 'input' | 'output') => {
    const json = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, any>;
    // Hoist named ($defs with an id) schemas into components so responses can share them.
    for (const [name, definition] of Object.entries(json.$defs ?? {})) schemas[name] = definition;
    delete json.$defs;
    delete json.$schema;
    return JSON.parse(JSON.stringify(json).replaceAll('"#/$defs/', '"#/components/schemas/'));
  };
  const parameters = (object: z.ZodObject | undefined, location: 'query' | 'path') => {
    if (!object) return [];
    const json = toSchema(object, 'input');
    return Object.entries(json.properties ?? {}).map(([name, schema]) => ({
      name, in: location, required: location === 'path' || (json.required ?? []).includes(name), schema,
      ...((schema as any).description ? { description: (schema as any).description } : {}),
    }));
  };
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    paths[route.path] ??= {};
    paths[route.path]![route.method] = {
      summary: route.summary,
      tags: [route.tag],
      parameters: [...parameters(route.params, 'path'), ...parameters(route.query, 'query')],
      ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: toSchema(route.body, 'input') } } } } : {}),
      responses: Object.fromEntries(Object.entries(route.responses).map(([status, response]) => [status, {
        description: response.description,
        ...(response.schema ? { content: { [response.contentType ?? 'application/json']: { schema: toSchema(response.schema, 'output') } } } : {}),
      }])),
    };
  }
  return {
    openapi: '3.1.0',
    info,
    components: {
      schemas,
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'Operator key, site key or participant token' } },
    },
    paths,
  };
}
