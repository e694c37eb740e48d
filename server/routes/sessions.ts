import { z } from 'zod';
import { type Principal, pairingFor, sessionFor as sessionOf, siteOf } from '../auth/index.ts';
import { accessErrors, credentials, jsonAnswer, refusal } from '../openapi.ts';
import type { Services } from '../services.ts';
import { ActionItem, Session } from '../store/index.ts';
import { cursorOf, Id, listOf, PageQuery } from './pagination.ts';
import { defineRoute, jsonBody, router } from './router.ts';

const SessionInput = z.strictObject({
  scheduledAt: z.iso.datetime(),
  durationMinutes: z.number().int().min(5).max(480),
  agenda: z.unknown().optional().meta({ description: 'The agenda used, as the coach gave it or as edited (any JSON)' }),
  notes: z.string().trim().max(10_000).optional(),
  actionItems: z.array(ActionItem).max(50).default([]),
});
const SessionPatch = z.strictObject({
  scheduledAt: z.iso.datetime().optional(),
  durationMinutes: z.number().int().min(5).max(480).optional(),
  agenda: z.unknown().optional(),
  notes: z.string().trim().max(10_000).optional(),
  actionItems: z.array(ActionItem).max(50).optional(),
});
const PairingParams = z.object({ id: Id });
const SessionParams = z.object({ id: Id });
const SessionAnswer = z.object({ session: Session });

const errors = accessErrors('Not found in this site');
const closed = { 409: refusal('The pairing is paused or ended (`pairing_not_open`): its history stays readable, nothing new is added') };
const who = '(site key, or either person in the pairing)';

const security = credentials.siteOrParticipant;

const listSessions = defineRoute(
  {
    method: 'get',
    path: '/v1/pairings/{id}/sessions',
    tags: ['sessions'],
    summary: `List a pairing's sessions ${who}`,
    security,
    request: { params: PairingParams, query: PageQuery },
    responses: { 200: jsonAnswer(listOf('sessions', Session), 'A page') },
  },
  { ...errors },
);
const recordSession = defineRoute(
  {
    method: 'post',
    path: '/v1/pairings/{id}/sessions',
    tags: ['sessions'],
    summary: `Record a session with its agenda, notes and action items ${who}`,
    security,
    request: { params: PairingParams, body: jsonBody(SessionInput) },
    responses: { 201: jsonAnswer(SessionAnswer, 'Created') },
  },
  { ...closed, ...errors },
);
const readSession = defineRoute(
  {
    method: 'get',
    path: '/v1/sessions/{id}',
    tags: ['sessions'],
    summary: `Read a session ${who}`,
    security,
    request: { params: SessionParams },
    responses: { 200: jsonAnswer(SessionAnswer, 'The session') },
  },
  { ...errors },
);
const updateSession = defineRoute(
  {
    method: 'patch',
    path: '/v1/sessions/{id}',
    tags: ['sessions'],
    summary: `Update a session, e.g. tick off action items ${who}`,
    security,
    request: { params: SessionParams, body: jsonBody(SessionPatch) },
    responses: { 200: jsonAnswer(SessionAnswer, 'The session') },
  },
  { ...closed, ...errors },
);
const deleteSession = defineRoute(
  {
    method: 'delete',
    path: '/v1/sessions/{id}',
    tags: ['sessions'],
    summary: `Delete a session ${who}`,
    security,
    request: { params: SessionParams },
    responses: { 204: { description: 'Deleted' } },
  },
  { ...closed, ...errors },
);

export function sessionRoutes(services: Services) {
  const { store } = services;
  const sessionFor = (principal: Principal, id: string, use: 'history' | 'new' = 'history') => sessionOf(store, principal, id, use);
  return router()
    .openapi(listSessions, async (c) => {
      const principal = c.get('principal');
      const pairing = await pairingFor(store, principal, c.req.valid('param').id);
      const page = await store.sessions.list(siteOf(principal), pairing.id, c.req.valid('query'));
      return c.json({ sessions: page.items, ...cursorOf(page) }, 200);
    })
    .openapi(recordSession, async (c) => {
      const principal = c.get('principal');
      const pairing = await pairingFor(store, principal, c.req.valid('param').id, 'new');
      return c.json({ session: await store.sessions.create(siteOf(principal), pairing.id, c.req.valid('json')) }, 201);
    })
    .openapi(readSession, async (c) => {
      return c.json({ session: await sessionFor(c.get('principal'), c.req.valid('param').id) }, 200);
    })
    .openapi(updateSession, async (c) => {
      const principal = c.get('principal');
      const session = await sessionFor(principal, c.req.valid('param').id, 'new');
      return c.json({ session: (await store.sessions.update(siteOf(principal), session.id, c.req.valid('json')))! }, 200);
    })
    .openapi(deleteSession, async (c) => {
      const principal = c.get('principal');
      // The site may always delete (data care, erasure requests); the two people only while open.
      const session = await sessionFor(principal, c.req.valid('param').id, principal.kind === 'site' ? 'history' : 'new');
      await store.sessions.delete(siteOf(principal), session.id);
      return c.body(null, 204);
    });
}
