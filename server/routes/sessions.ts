import { Hono } from 'hono';
import { z } from 'zod';
import { pairingFor, siteOf } from '../auth/index.ts';
import { ApiError } from '../errors.ts';
import { accessErrors, commonErrors, ErrorResponse, type RouteDoc } from '../openapi.ts';
import type { AppEnv, Services } from '../services.ts';
import { ActionItem, Session } from '../store/index.ts';
import { validate } from '../validation.ts';
import { cursorOf, Id, listOf, PageQuery } from './pagination.ts';

const SessionInput = z.strictObject({
  scheduledAt: z.iso.datetime(),
  durationMinutes: z.number().int().min(5).max(480),
  agenda: z.json().optional().meta({ description: 'The agenda used, as the coach gave it or as edited' }),
  notes: z.string().trim().max(10_000).optional(),
  actionItems: z.array(ActionItem).max(50).default([]),
});
const SessionPatch = z.strictObject({
  scheduledAt: z.iso.datetime().optional(),
  durationMinutes: z.number().int().min(5).max(480).optional(),
  agenda: z.json().optional(),
  notes: z.string().trim().max(10_000).optional(),
  actionItems: z.array(ActionItem).max(50).optional(),
});
const PairingParams = z.object({ id: Id });
const SessionParams = z.object({ id: Id });
const SessionAnswer = z.object({ session: Session });

const errors = accessErrors('Not found in this site');
const closed = { 409: { description: 'The pairing is paused or ended (`pairing_not_open`): its history stays readable, nothing new is added', schema: ErrorResponse } };
const who = '(site key, or either person in the pairing)';

export const sessionDocs: RouteDoc[] = [
  { method: 'get', path: '/v1/pairings/{id}/sessions', tag: 'sessions', summary: `List a pairing's sessions ${who}`, params: PairingParams, query: PageQuery, responses: { 200: { description: 'A page', schema: listOf('sessions', Session) }, ...errors, ...commonErrors } },
  { method: 'post', path: '/v1/pairings/{id}/sessions', tag: 'sessions', summary: `Record a session with its agenda, notes and action items ${who}`, params: PairingParams, body: SessionInput, responses: { 201: { description: 'Created', schema: SessionAnswer }, ...closed, ...errors, ...commonErrors } },
  { method: 'get', path: '/v1/sessions/{id}', tag: 'sessions', summary: `Read a session ${who}`, params: SessionParams, responses: { 200: { description: 'The session', schema: SessionAnswer }, ...errors } },
  { method: 'patch', path: '/v1/sessions/{id}', tag: 'sessions', summary: `Update a session, e.g. tick off action items ${who}`, params: SessionParams, body: SessionPatch, responses: { 200: { description: 'The session', schema: SessionAnswer }, ...closed, ...errors, ...commonErrors } },
  { method: 'delete', path: '/v1/sessions/{id}', tag: 'sessions', summary: `Delete a session ${who}`, params: SessionParams, responses: { 204: { description: 'Deleted' }, ...closed, ...errors } },
];

export function sessionRoutes(services: Services) {
  const { store } = services;
  const sessionFor = async (principal: AppEnv['Variables']['principal'], id: string, use: 'history' | 'new' = 'history') => {
    const session = await store.sessions.get(siteOf(principal), id);
    if (!session) throw new ApiError(404, 'not_found', `No session with id "${id}".`);
    await pairingFor(store, principal, session.pairingId, use);
    return session;
  };
  return new Hono<AppEnv>()
    .get('/v1/pairings/:id/sessions', validate('param', PairingParams), validate('query', PageQuery), async (c) => {
      const principal = c.get('principal');
      const pairing = await pairingFor(store, principal, c.req.valid('param').id);
      const page = await store.sessions.list(siteOf(principal), pairing.id, c.req.valid('query'));
      return c.json({ sessions: page.items, ...cursorOf(page) });
    })
    .post('/v1/pairings/:id/sessions', validate('param', PairingParams), validate('json', SessionInput), async (c) => {
      const principal = c.get('principal');
      const pairing = await pairingFor(store, principal, c.req.valid('param').id, 'new');
      return c.json({ session: await store.sessions.create(siteOf(principal), pairing.id, c.req.valid('json')) }, 201);
    })
    .get('/v1/sessions/:id', validate('param', SessionParams), async (c) => {
      return c.json({ session: await sessionFor(c.get('principal'), c.req.valid('param').id) });
    })
    .patch('/v1/sessions/:id', validate('param', SessionParams), validate('json', SessionPatch), async (c) => {
      const principal = c.get('principal');
      const session = await sessionFor(principal, c.req.valid('param').id, 'new');
      return c.json({ session: (await store.sessions.update(siteOf(principal), session.id, c.req.valid('json')))! });
    })
    .delete('/v1/sessions/:id', validate('param', SessionParams), async (c) => {
      const principal = c.get('principal');
      // The site may always delete (data care, erasure requests); the two people only while open.
      const session = await sessionFor(principal, c.req.valid('param').id, principal.kind === 'site' ? 'history' : 'new');
      await store.sessions.delete(siteOf(principal), session.id);
      return c.body(null, 204);
    });
}
