import { Hono } from 'hono';
import { z } from 'zod';
import { ApiError } from '../errors.ts';
import { commonErrors, ErrorResponse, type RouteDoc } from '../openapi.ts';
import { DocumentId } from '../corpus/document.ts';
import { searchResources } from '../retrieval/index.ts';
import { requireIndex, type AppEnv, type Services } from '../services.ts';
import { Audience, Format, Stage, Topic } from '../taxonomy.ts';
import { validate } from '../validation.ts';
import { searchModeFor } from './search-mode.ts';

export const ResourceQuery = z.strictObject({
  q: z.string().max(500).optional().meta({ description: 'What the reader is looking for, in their own words' }),
  topic: Topic.optional(),
  audience: Audience.optional().meta({ description: 'The reader\'s role; documents for everyone are included' }),
  stage: Stage.optional().meta({ description: 'The relationship\'s stage; documents for any stage are included' }),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});

const ResourceSummary = z.object({
  id: z.string(), title: z.string(), topics: z.array(Topic), audience: Audience, stage: Stage, format: Format,
  snippet: z.string(), score: z.number(), url: z.string().optional(),
}).meta({ id: 'ResourceSummary' });

export const ResourceList = z.object({ results: z.array(ResourceSummary) }).meta({ id: 'ResourceList' });

export const Resource = z.object({
  resource: z.object({
    id: z.string(), title: z.string(), summary: z.string(), topics: z.array(Topic), audience: Audience, stage: Stage,
    format: Format, models: z.array(z.string()), readingMinutes: z.number().int(),
    body: z.string().meta({ description: 'Markdown' }), url: z.string().optional(),
  }),
}).meta({ id: 'Resource' });

/** The same search as JSON: a participant's words stay out of URLs and the access logs of proxies. */
export const ResourceSearch = z.strictObject({
  q: z.string().max(2000).optional(),
  topic: Topic.optional(),
  audience: Audience.optional(),
  stage: Stage.optional(),
  limit: z.number().int().min(1).max(50).default(10),
});

const ResourceParams = z.object({ id: DocumentId });

export const resourceDocs: RouteDoc[] = [
  {
    method: 'get', path: '/v1/resources', tag: 'resources', query: ResourceQuery,
    summary: 'Search the best-practice library (hybrid BM25 + vector search), one result per document',
    responses: { 200: { description: 'Results, best first', schema: ResourceList }, ...commonErrors },
  },
  {
    method: 'post', path: '/v1/resources/search', tag: 'resources', body: ResourceSearch,
    summary: 'The same search with a JSON body, for long queries and for words that should not appear in URLs',
    responses: {
      200: { description: 'Results, best first', schema: ResourceList },
      413: { description: 'Body too large', schema: ErrorResponse },
      415: { description: 'Body is not JSON', schema: ErrorResponse },
      ...commonErrors,
    },
  },
  {
    method: 'get', path: '/v1/resources/{id}', tag: 'resources', params: ResourceParams,
    summary: 'One document of the library, whole',
    responses: { 200: { description: 'The document', schema: Resource }, 404: { description: 'No such document', schema: ErrorResponse }, ...commonErrors },
  },
];

export function resourceRoutes(services: Services) {
  return new Hono<AppEnv>()
    .get('/v1/resources', validate('query', ResourceQuery), async (c) => {
      const { q, topic, audience, stage, limit } = c.req.valid('query');
      const mode = await searchModeFor(services, c.get('principal'));
      const results = await searchResources(requireIndex(services), { query: q, topic, audience, stage, limit, mode });
      return c.json({ results });
    })
    .post('/v1/resources/search', validate('json', ResourceSearch), async (c) => {
      const { q, topic, audience, stage, limit } = c.req.valid('json');
      const mode = await searchModeFor(services, c.get('principal'));
      const results = await searchResources(requireIndex(services), { query: q, topic, audience, stage, limit, mode });
      return c.json({ results });
    })
    .get('/v1/resources/:id', validate('param', ResourceParams), async (c) => {
      const { id } = c.req.valid('param');
      const document = await requireIndex(services).getDocument(id);
      if (!document) throw new ApiError(404, 'not_found', `No resource with id "${id}".`);
      const { id: _id, title, summary, topics, audience, stage, format, models, readingMinutes, body, url } = document;
      return c.json({ resource: { id, title, summary, topics, audience, stage, format, models, readingMinutes, body, ...(url ? { url } : {}) } });
    });
}
