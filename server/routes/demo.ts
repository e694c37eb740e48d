import { z } from 'zod';
import { mintParticipantToken } from '../auth/index.ts';
import { ApiError } from '../errors.ts';
import { credentials, jsonAnswer, refusal } from '../openapi.ts';
import type { Services } from '../services.ts';
import { defineRoute, jsonBody, router } from './router.ts';

const DemoTokenInput = z.strictObject({ role: z.enum(['mentee', 'mentor']) });
const DemoToken = z.object({ token: z.string(), expiresAt: z.iso.datetime(), participantId: z.string() });
const DEMO_TOKEN_SECONDS = 30 * 60;

const mintDemoToken = defineRoute(
  {
    method: 'post',
    path: '/v1/demo/participant-token',
    tags: ['demo'],
    security: credentials.none,
    summary: 'Demo mode only (no credential): a token for the demo mentee or mentor, for the demo page',
    request: { body: jsonBody(DemoTokenInput) },
    responses: { 201: jsonAnswer(DemoToken, 'A 30-minute token') },
  },
  {
    404: refusal('Demo mode is off'),
    429: refusal('Too many demo tokens from this client address (COACH_DEMO_TOKEN_LIMIT); see Retry-After'),
  },
);

export function demoRoutes(services: Services) {
  const now = services.now ?? (() => new Date());
  return router().openapi(mintDemoToken, async (c) => {
    const demo = services.demo;
    if (!demo) throw new ApiError(404, 'not_found', 'Demo mode is off on this server.');
    const { role } = c.req.valid('json');
    const participantId = role === 'mentee' ? demo.menteeId : demo.mentorId;
    const minted = await mintParticipantToken(services.store, { siteId: demo.siteId, participantId, ttlSeconds: DEMO_TOKEN_SECONDS, now: now() });
    if (!minted) throw new ApiError(404, 'not_found', 'The demo site is gone; restart the server to seed it again.');
    return c.json({ ...minted, participantId }, 201);
  });
}
