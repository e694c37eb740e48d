import { Hono } from 'hono';
import { z } from 'zod';
import { signParticipantToken } from '../auth/index.ts';
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
  responses: { 201: { description: 'A 30-minute token', schema: DemoToken }, 404: { description: 'Demo mode is off', schema: ErrorResponse }, ...commonErrors },
}];

export function demoRoutes(services: Services) {
  const now = services.now ?? (() => new Date());
  return new Hono<AppEnv>().post('/v1/demo/participant-token', validate('json', DemoTokenInput), async (c) => {
    const demo = services.demo;
    if (!demo) throw new ApiError(404, 'not_found', 'Demo mode is off on this server.');
    const { role } = c.req.valid('json');
    const participantId = role === 'mentee' ? demo.menteeId : demo.mentorId;
    const secrets = await services.store.sites.secrets(demo.siteId);
    if (!secrets) throw new ApiError(404, 'not_found', 'The demo site is gone; restart the server to seed it again.');
    const issued = Math.floor(now().getTime() / 1000);
    const token = signParticipantToken({ v: 1, site: demo.siteId, sub: participantId, role, iat: issued, exp: issued + DEMO_TOKEN_SECONDS }, secrets.tokenSecret);
    return c.json({ token, expiresAt: new Date((issued + DEMO_TOKEN_SECONDS) * 1000).toISOString(), participantId }, 201);
  });
}
