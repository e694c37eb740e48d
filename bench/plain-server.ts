/** The baseline of the coach benchmarks: one plain JSON route on the same Hono and Node server. */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const app = new Hono().get('/plain', (c) => c.json({ ok: true, message: 'plain JSON' }));
serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: '127.0.0.1' });
