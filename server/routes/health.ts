import { Hono } from 'hono';
import { z } from 'zod';
import type { RouteDoc } from '../openapi.ts';
import { requireIndex, type Services } from '../services.ts';

const Health = z.object({ status: z.literal('ok'), chunks: z.number().int() }).meta({ id: 'Health' });

export const healthDocs: RouteDoc[] = [{
  method: 'get', path: '/healthz', tag: 'operations', summary: 'Liveness and readiness: 200 once coaching requests can be answered',
  responses: { 200: { description: 'Ready', schema: Health }, 503: { description: 'Still starting' } },
}];

export function healthRoutes(services: Services) {
  return new Hono().get('/healthz', async (c) => {
    const index = requireIndex(services);
    return c.json({ status: 'ok' as const, chunks: await index.countChunks() });
  });
}
