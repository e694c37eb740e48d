import { z } from 'zod';
import { DocumentId } from '../corpus/document.ts';
import { ApiError } from '../errors.ts';
import { credentials, jsonAnswer, refusal } from '../openapi.ts';
import { searchResources } from '../retrieval/index.ts';
import { requireIndex, type Services } from '../services.ts';
import { Audience, Format, Stage, Topic } from '../taxonomy.ts';
import { defineRoute, jsonBody, router } from './router.ts';
import { searchModeFor } from './search-mode.ts';

/** Like every query, unnamed parameters are let through unread (see PageQuery). */
export const ResourceQuery = z.object({
  q: z.string().max(500).optional().meta({ description: 'What the reader is looking for, in their own words' }),
  topic: Topic.optional(),
  audience: Audience.optional().meta({ description: "The reader's role; documents for everyone are included" }),
  stage: Stage.optional().meta({ description: "The relationship's stage; documents for any stage are included" }),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});

const ResourceSummary = z
  .object({
    id: z.string(),
    title: z.string(),
    topics: z.array(Topic),
    audience: Audience,
    stage: Stage,
    format: Format,
    snippet: z.string(),
    score: z.number(),
    url: z.string().optional(),
  })
  .meta({ id: 'ResourceSummary' });

export const ResourceList = z.object({ results: z.array(ResourceSummary) }).meta({ id: 'ResourceList' });

export const Resource = z
  .object({
    resource: z.object({
      id: z.string(),
      title: z.string(),
      summary: z.string(),
      topics: z.array(Topic),
      audience: Audience,
      stage: Stage,
      format: Format,
      models: z.array(z.string()),
      readingMinutes: z.number().int(),
      body: z.string().meta({ description: 'Markdown' }),
      url: z.string().optional(),
    }),
  })
  .meta({ id: 'Resource' });

/** The same search as JSON: a participant's words stay out of URLs and the access logs of proxies. */
export const ResourceSearch = z.strictObject({
  q: z.string().max(2000).optional(),
  topic: Topic.optional(),
  audience: Audience.optional(),
  stage: Stage.optional(),
  limit: z.number().int().min(1).max(50).default(10),
});

const ResourceParams = z.object({ id: DocumentId });
const authErrors = { 401: refusal('No or bad credential') };

const searchByQuery = defineRoute(
  {
    method: 'get',
    path: '/v1/resources',
    tags: ['resources'],
    security: credentials.any,
    summary: 'Search the best-practice library (hybrid BM25 + vector search), one result per document',
    request: { query: ResourceQuery },
    responses: { 200: jsonAnswer(ResourceList, 'Results, best first') },
  },
  { ...authErrors },
);
const searchByBody = defineRoute(
  {
    method: 'post',
    path: '/v1/resources/search',
    tags: ['resources'],
    security: credentials.any,
    summary: 'The same search with a JSON body, for long queries and for words that should not appear in URLs',
    request: { body: jsonBody(ResourceSearch) },
    responses: { 200: jsonAnswer(ResourceList, 'Results, best first') },
  },
  { ...authErrors },
);
const readResource = defineRoute(
  {
    method: 'get',
    path: '/v1/resources/{id}',
    tags: ['resources'],
    security: credentials.any,
    summary: 'One document of the library, whole',
    request: { params: ResourceParams },
    responses: { 200: jsonAnswer(Resource, 'The document') },
  },
  { ...authErrors, 404: refusal('No such document') },
);

export function resourceRoutes(services: Services) {
  return router()
    .openapi(searchByQuery, async (c) => {
      const { q, topic, audience, stage, limit } = c.req.valid('query');
      const mode = await searchModeFor(services, c.get('principal'));
      const results = await searchResources(requireIndex(services), { query: q, topic, audience, stage, limit, mode });
      return c.json({ results }, 200);
    })
    .openapi(searchByBody, async (c) => {
      const { q, topic, audience, stage, limit } = c.req.valid('json');
      const mode = await searchModeFor(services, c.get('principal'));
      const results = await searchResources(requireIndex(services), { query: q, topic, audience, stage, limit, mode });
      return c.json({ results }, 200);
    })
    .openapi(readResource, async (c) => {
      const { id } = c.req.valid('param');
      const document = await requireIndex(services).getDocument(id);
      if (!document) throw new ApiError(404, 'not_found', `No resource with id "${id}".`);
      const { id: _id, title, summary, topics, audience, stage, format, models, readingMinutes, body, url } = document;
      return c.json({ resource: { id, title, summary, topics, audience, stage, format, models, readingMinutes, body, ...(url ? { url } : {}) } }, 200);
    });
}
