import { Hono } from 'hono';
import { z } from 'zod';
import { requireSiteKey, siteOf } from '../auth/index.ts';
import { commonErrors, ErrorResponse, type RouteDoc } from '../openapi.ts';
import type { AppEnv, Services } from '../services.ts';
import { Feedback, FeedbackRating } from '../store/index.ts';
import { validate } from '../validation.ts';
import { cursorOf, listOf, PageQuery } from './pagination.ts';

const FeedbackInput = z.strictObject({
  target: z.string().trim().min(1).max(200).meta({ description: 'What is rated: an answer id, a resource id, a route' }),
  rating: FeedbackRating,
  comment: z.string().trim().max(2000).optional(),
  engine: z.enum(['offline', 'llm']).optional().meta({ description: 'The engine that gave the answer' }),
  promptVersion: z.string().trim().max(60).optional(),
});

const errors = {
  401: { description: 'No or bad credential', schema: ErrorResponse },
  403: { description: 'Not allowed for this credential', schema: ErrorResponse },
};

export const feedbackDocs: RouteDoc[] = [
  { method: 'post', path: '/v1/feedback', tag: 'feedback', summary: 'Thumbs up or down on an answer (site key or participant)', body: FeedbackInput, responses: { 201: { description: 'Saved', schema: z.object({ feedback: Feedback }) }, ...errors, ...commonErrors } },
  { method: 'get', path: '/v1/feedback', tag: 'feedback', summary: 'The site\'s feedback, for its program team (site key)', query: PageQuery, responses: { 200: { description: 'A page', schema: listOf('feedback', Feedback) }, ...errors, ...commonErrors } },
];

export function feedbackRoutes(services: Services) {
  const { store } = services;
  return new Hono<AppEnv>()
    .post('/v1/feedback', validate('json', FeedbackInput), async (c) => {
      const principal = c.get('principal');
      const participantId = principal.kind === 'participant' ? principal.participantId : undefined;
      return c.json({ feedback: await store.feedback.create(siteOf(principal), { ...c.req.valid('json'), participantId }) }, 201);
    })
    .get('/v1/feedback', validate('query', PageQuery), async (c) => {
      const page = await store.feedback.list(requireSiteKey(c.get('principal')), c.req.valid('query'));
      return c.json({ feedback: page.items, ...cursorOf(page) });
    });
}
