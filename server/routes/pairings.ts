import { z } from 'zod';
import { pairingFor, requireSiteKey, siteOf } from '../auth/index.ts';
import { ApiError } from '../errors.ts';
import { accessErrors, credentials, jsonAnswer, refusal } from '../openapi.ts';
import type { Services } from '../services.ts';
import { Pairing, PairingStatus } from '../store/index.ts';
import { MentoringModel } from '../taxonomy.ts';
import { cursorOf, Id, listOf, PageQuery } from './pagination.ts';
import { defineRoute, jsonBody, router } from './router.ts';

const PairingInput = z.strictObject({
  mentorId: Id,
  menteeId: Id,
  model: MentoringModel.exclude(['any']).default('one-to-one'),
  startedAt: z.iso.datetime().optional(),
});
const PairingPatch = z.strictObject({ status: PairingStatus.optional(), model: MentoringModel.exclude(['any']).optional() });
const PairingQuery = PageQuery.extend({ participantId: Id.optional(), status: PairingStatus.optional() });
const PairingParams = z.object({ id: Id });
const PairingAnswer = z.object({ pairing: Pairing });

const errors = accessErrors('No such pairing (or participant) in this site');

const site = credentials.site;

const createPairing = defineRoute(
  {
    method: 'post',
    path: '/v1/pairings',
    tags: ['pairings'],
    summary: 'Pair a mentor with a mentee (site key)',
    security: site,
    request: { body: jsonBody(PairingInput) },
    responses: { 201: jsonAnswer(PairingAnswer, 'Created') },
  },
  { 409: refusal('Already paired'), ...errors },
);
const listPairings = defineRoute(
  {
    method: 'get',
    path: '/v1/pairings',
    tags: ['pairings'],
    summary: 'List pairings (site key: all; participant: their own)',
    security: credentials.siteOrParticipant,
    request: { query: PairingQuery },
    responses: { 200: jsonAnswer(listOf('pairings', Pairing), 'A page') },
  },
  { ...errors },
);
const readPairing = defineRoute(
  {
    method: 'get',
    path: '/v1/pairings/{id}',
    tags: ['pairings'],
    summary: 'Read a pairing (site key, or either person in it)',
    security: credentials.siteOrParticipant,
    request: { params: PairingParams },
    responses: { 200: jsonAnswer(PairingAnswer, 'The pairing') },
  },
  { ...errors },
);
const updatePairing = defineRoute(
  {
    method: 'patch',
    path: '/v1/pairings/{id}',
    tags: ['pairings'],
    summary: 'Pause, resume or end a pairing (site key)',
    security: site,
    request: { params: PairingParams, body: jsonBody(PairingPatch) },
    responses: { 200: jsonAnswer(PairingAnswer, 'The pairing') },
  },
  { 409: refusal('Already paired'), ...errors },
);
const deletePairing = defineRoute(
  {
    method: 'delete',
    path: '/v1/pairings/{id}',
    tags: ['pairings'],
    summary: 'Delete a pairing and its sessions (site key)',
    security: site,
    request: { params: PairingParams },
    responses: { 204: { description: 'Deleted' } },
  },
  { ...errors },
);

export function pairingRoutes(services: Services) {
  const { store } = services;
  return router()
    .openapi(createPairing, async (c) => {
      const siteId = requireSiteKey(c.get('principal'));
      const input = c.req.valid('json');
      const [mentor, mentee] = await Promise.all([store.participants.get(siteId, input.mentorId), store.participants.get(siteId, input.menteeId)]);
      if (!mentor) throw new ApiError(404, 'not_found', `No participant with id "${input.mentorId}".`);
      if (!mentee) throw new ApiError(404, 'not_found', `No participant with id "${input.menteeId}".`);
      if (mentor.role !== 'mentor' || mentee.role !== 'mentee') {
        throw new ApiError(400, 'validation_failed', 'mentorId must name a mentor and menteeId a mentee.', [
          ...(mentor.role !== 'mentor' ? [{ path: 'mentorId', message: `${mentor.id} is a ${mentor.role}` }] : []),
          ...(mentee.role !== 'mentee' ? [{ path: 'menteeId', message: `${mentee.id} is a ${mentee.role}` }] : []),
        ]);
      }
      return c.json({ pairing: await store.pairings.create(siteId, input) }, 201);
    })
    .openapi(listPairings, async (c) => {
      const principal = c.get('principal');
      const { participantId, status, ...page } = c.req.valid('query');
      if (principal.kind === 'participant' && participantId && participantId !== principal.participantId) {
        throw new ApiError(403, 'forbidden', 'A participant lists their own pairings only.');
      }
      const own = principal.kind === 'participant' ? principal.participantId : participantId;
      // Like every other route, an id that is not a participant of this site is "not found".
      if (own && !(await store.participants.get(siteOf(principal), own))) throw new ApiError(404, 'not_found', `No participant with id "${own}".`);
      const result = await store.pairings.list(siteOf(principal), page, { participantId: own, status });
      return c.json({ pairings: result.items, ...cursorOf(result) }, 200);
    })
    .openapi(readPairing, async (c) => {
      return c.json({ pairing: await pairingFor(store, c.get('principal'), c.req.valid('param').id) }, 200);
    })
    .openapi(updatePairing, async (c) => {
      const siteId = requireSiteKey(c.get('principal'));
      const { id } = c.req.valid('param');
      const pairing = await store.pairings.update(siteId, id, c.req.valid('json'));
      if (!pairing) throw new ApiError(404, 'not_found', `No pairing with id "${id}".`);
      return c.json({ pairing }, 200);
    })
    .openapi(deletePairing, async (c) => {
      const siteId = requireSiteKey(c.get('principal'));
      const { id } = c.req.valid('param');
      if (!(await store.pairings.delete(siteId, id))) throw new ApiError(404, 'not_found', `No pairing with id "${id}".`);
      return c.body(null, 204);
    });
}
