import { Hono } from 'hono';
import { z } from 'zod';
import { DEFAULT_TOKEN_SECONDS, MAX_TOKEN_SECONDS, MIN_TOKEN_SECONDS, mintParticipantToken, participantFor, requireSiteKey, siteOf, visibleParticipant } from '../auth/index.ts';
import { ApiError } from '../errors.ts';
import { accessErrors, commonErrors, ErrorResponse, type RouteDoc } from '../openapi.ts';
import type { AppEnv, Services } from '../services.ts';
import { Participant, ParticipantRole, Profile } from '../store/index.ts';
import { validate } from '../validation.ts';
import { cursorOf, Id, listOf, PageQuery } from './pagination.ts';

const ParticipantInput = z.strictObject({
  externalId: z.string().trim().min(1).max(200).meta({ description: 'The host\'s own id for this person, unique in the site' }),
  role: ParticipantRole,
  displayName: z.string().trim().min(1).max(120),
  profile: Profile.default({ skills: [], interests: [], preferences: {} }),
});
const ParticipantPatch = z.strictObject({
  externalId: ParticipantInput.shape.externalId.optional(),
  displayName: ParticipantInput.shape.displayName.optional(),
  profile: Profile.optional(),
});
const ParticipantQuery = PageQuery.extend({ role: ParticipantRole.optional() });
const ParticipantParams = z.object({ id: Id });
const TokenInput = z.strictObject({
  participantId: Id,
  ttlSeconds: z.number().int().min(MIN_TOKEN_SECONDS).max(MAX_TOKEN_SECONDS).default(DEFAULT_TOKEN_SECONDS),
});
const TokenAnswer = z.object({ token: z.string(), expiresAt: z.iso.datetime() }).meta({ id: 'ParticipantToken' });
const ParticipantAnswer = z.object({ participant: Participant });
// What a mentor reads of their mentee: no host ids, no profile.
const VisibleParticipant = z.object({ participant: z.union([Participant, Participant.pick({ id: true, role: true, displayName: true })]) });

const errors = accessErrors('No such participant in this site');

export const participantDocs: RouteDoc[] = [
  { method: 'post', path: '/v1/participants', tag: 'participants', summary: 'Add a mentee or mentor (site key)', body: ParticipantInput, responses: { 201: { description: 'Created', schema: ParticipantAnswer }, 409: { description: 'externalId already used in this site', schema: ErrorResponse }, ...errors, ...commonErrors } },
  { method: 'get', path: '/v1/participants', tag: 'participants', summary: 'List the site\'s participants (site key)', query: ParticipantQuery, responses: { 200: { description: 'A page', schema: listOf('participants', Participant) }, ...errors, ...commonErrors } },
  { method: 'get', path: '/v1/participants/{id}', tag: 'participants', summary: 'Read a participant (site key, themself, their mentor: id, role and name only)', params: ParticipantParams, responses: { 200: { description: 'The participant', schema: VisibleParticipant }, ...errors } },
  { method: 'patch', path: '/v1/participants/{id}', tag: 'participants', summary: 'Update a participant (site key, or themself for name and profile)', params: ParticipantParams, body: ParticipantPatch, responses: { 200: { description: 'The participant', schema: ParticipantAnswer }, 409: { description: 'externalId already used', schema: ErrorResponse }, ...errors, ...commonErrors } },
  { method: 'delete', path: '/v1/participants/{id}', tag: 'participants', summary: 'Erase a participant and everything of theirs (site key)', params: ParticipantParams, responses: { 204: { description: 'Erased' }, ...errors } },
  { method: 'post', path: '/v1/participant-tokens', tag: 'participants', summary: 'Mint a short-lived token for the widget to act as one participant (site key)', body: TokenInput, responses: { 201: { description: 'Minted', schema: TokenAnswer }, ...errors, ...commonErrors } },
];

export function participantRoutes(services: Services) {
  const { store } = services;
  const now = services.now ?? (() => new Date());
  return new Hono<AppEnv>()
    .post('/v1/participants', validate('json', ParticipantInput), async (c) => {
      const siteId = requireSiteKey(c.get('principal'));
      return c.json({ participant: await store.participants.create(siteId, c.req.valid('json')) }, 201);
    })
    .get('/v1/participants', validate('query', ParticipantQuery), async (c) => {
      const siteId = requireSiteKey(c.get('principal'));
      const { role, ...page } = c.req.valid('query');
      const result = await store.participants.list(siteId, page, { role });
      return c.json({ participants: result.items, ...cursorOf(result) });
    })
    .get('/v1/participants/:id', validate('param', ParticipantParams), async (c) => {
      const principal = c.get('principal');
      return c.json({ participant: visibleParticipant(principal, await participantFor(store, principal, c.req.valid('param').id)) });
    })
    .patch('/v1/participants/:id', validate('param', ParticipantParams), validate('json', ParticipantPatch), async (c) => {
      const principal = c.get('principal');
      const { id } = c.req.valid('param');
      const patch = c.req.valid('json');
      await participantFor(store, principal, id);
      if (principal.kind === 'participant' && (principal.participantId !== id || patch.externalId !== undefined)) {
        throw new ApiError(403, 'forbidden', 'A participant may change their own display name and profile only.');
      }
      return c.json({ participant: await store.participants.update(siteOf(principal), id, patch) });
    })
    .delete('/v1/participants/:id', validate('param', ParticipantParams), async (c) => {
      const siteId = requireSiteKey(c.get('principal'));
      const { id } = c.req.valid('param');
      if (!(await store.participants.delete(siteId, id))) throw new ApiError(404, 'not_found', `No participant with id "${id}".`);
      return c.body(null, 204);
    })
    .post('/v1/participant-tokens', validate('json', TokenInput), async (c) => {
      const siteId = requireSiteKey(c.get('principal'));
      const { participantId, ttlSeconds } = c.req.valid('json');
      const minted = await mintParticipantToken(store, { siteId, participantId, ttlSeconds, now: now() });
      if (!minted) throw new ApiError(404, 'not_found', `No participant with id "${participantId}".`);
      return c.json(minted, 201);
    });
}
