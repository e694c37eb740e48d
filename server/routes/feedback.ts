import { z } from 'zod';
import { requireSiteKey, siteOf } from '../auth/index.ts';
import { credentials, jsonAnswer, refusal } from '../openapi.ts';
import type { Services } from '../services.ts';
import { Feedback, FeedbackRating } from '../store/index.ts';
import { Text } from '../text-field.ts';
import { cursorOf, listOf, PageQuery } from './pagination.ts';
import { defineRoute, jsonBody, router } from './router.ts';

const FeedbackInput = z.strictObject({
  target: Text(200).meta({ description: 'What is rated: an answer id, a resource id, a route' }),
  rating: FeedbackRating,
  comment: z.string().trim().max(2000).optional(),
  engine: z.enum(['offline', 'llm']).optional().meta({ description: 'The engine that gave the answer' }),
  promptVersion: z.string().trim().max(60).optional(),
});

const errors = { 401: refusal('No or bad credential'), 403: refusal('Not allowed for this credential') };

const giveFeedback = defineRoute(
  {
    method: 'post',
    path: '/v1/feedback',
    tags: ['feedback'],
    summary: 'Thumbs up or down on an answer (site key or participant)',
    security: credentials.siteOrParticipant,
    request: { body: jsonBody(FeedbackInput) },
    responses: { 201: jsonAnswer(z.object({ feedback: Feedback }), 'Saved') },
  },
  { ...errors },
);
const listFeedback = defineRoute(
  {
    method: 'get',
    path: '/v1/feedback',
    tags: ['feedback'],
    summary: "The site's feedback, for its program team (site key)",
    security: credentials.site,
    request: { query: PageQuery },
    responses: { 200: jsonAnswer(listOf('feedback', Feedback), 'A page') },
  },
  { ...errors },
);

export function feedbackRoutes(services: Services) {
  const { store } = services;
  return router()
    .openapi(giveFeedback, async (c) => {
      const principal = c.get('principal');
      const participantId = principal.kind === 'participant' ? principal.participantId : undefined;
      return c.json({ feedback: await store.feedback.create(siteOf(principal), { ...c.req.valid('json'), participantId }) }, 201);
    })
    .openapi(listFeedback, async (c) => {
      const page = await store.feedback.list(requireSiteKey(c.get('principal')), c.req.valid('query'));
      return c.json({ feedback: page.items, ...cursorOf(page) }, 200);
    });
}
