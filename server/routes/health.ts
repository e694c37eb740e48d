import { z } from 'zod';
import { credentials, jsonAnswer, refusal } from '../openapi.ts';
import { requireIndex, type Services } from '../services.ts';
import { defineRoute, router } from './router.ts';

const Health = z.object({ status: z.literal('ok'), chunks: z.number().int() }).meta({ id: 'Health' });

const health = defineRoute(
  {
    method: 'get',
    path: '/healthz',
    tags: ['operations'],
    security: credentials.none,
    summary: 'Liveness and readiness: 200 once coaching requests can be answered',
    responses: { 200: jsonAnswer(Health, 'Ready') },
  },
  { 503: refusal('Still starting; see Retry-After') },
);

export function healthRoutes(services: Services) {
  return router().openapi(health, async (c) => {
    const index = requireIndex(services);
    return c.json({ status: 'ok' as const, chunks: await index.countChunks() }, 200);
  });
}
