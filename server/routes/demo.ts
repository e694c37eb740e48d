import { Hono } from 'hono';
import { z } from 'zod';
import { mintParticipantToken } from '../auth/index.ts';
import { ApiError } from '../errors.ts';
import { commonErrors, ErrorResponse, type RouteDoc } from '../openapi.ts';
import type { AppEnv, Services } from '../services.ts';
import { validate } from '../validation.ts';

const DemoTokenInput = z.strictObject({ role: z.enum(['mentee', 'mentor']) });
const DemoToken = z.object({ token: z.string(), expiresAt: z.iso.datetime(), participantId: z.string() });
const DEMO_TOKEN_SECONDS = 30 * 60;

export const demoDocs: RouteDoc[] = [{
  method: 'post', path: '/v1/demo/participant-token', tag: 'demo', body: DemoTokenInput,
  summary: 'Demo mode only (no credential): a token for the demo mentee or mentor, for the demo page',
  responses: {
    201: { description: 'A 30-minute token', schema: DemoToken }, 404: { description: 'Demo mode is off', schema: ErrorResponse }, ...commonErrors,
    429: { description: 'Too many demo tokens from this client address (COACH_DEMO_TOKEN_LIMIT); see Retry-After', schema: ErrorResponse },
  },
}];

export function demoRoutes(services: Services) {
  const now = services.now ?? (() => new Date());
  return new Hono<AppEnv>().post('/v1/demo/participant-token', validate('json', DemoTokenInput), async (c) => {
    const demo = services.demo;
    if (!demo) throw new ApiError(404, 'not_found', 'Demo mode is off on this server.');
    const { role } = c.req.valid('json');
    const participantId = role === 'mentee' ? demo.menteeId : demo.mentorId;
    const minted = await mintParticipantToken(services.store, { siteId: demo.siteId, participantId, ttlSeconds: DEMO_TOKEN_SECONDS, now: now() });
    if (!minted) throw new ApiError(404, 'not_found', 'The demo site is gone; restart the server to seed it again.');
    return c.json({ ...minted, participantId }, 201);
  });
}
