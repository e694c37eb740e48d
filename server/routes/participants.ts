import { z } from 'zod';
import {
  DEFAULT_TOKEN_SECONDS,
  MAX_TOKEN_SECONDS,
  MIN_TOKEN_SECONDS,
  mintParticipantToken,
  participantFor,
  requireSiteKey,
  siteOf,
  visibleParticipant,
} from '../auth/index.ts';
import { ApiError } from '../errors.ts';
import { accessErrors, credentials, jsonAnswer, refusal } from '../openapi.ts';
import type { Services } from '../services.ts';
import { Participant, ParticipantRole, Profile } from '../store/index.ts';
import { Text } from '../text-field.ts';
import { cursorOf, Id, listOf, PageQuery } from './pagination.ts';
import { defineRoute, jsonBody, router } from './router.ts';

const ParticipantInput = z.strictObject({
  externalId: Text(200).meta({ description: "The host's own id for this person, unique in the site" }),
  role: ParticipantRole,
  displayName: Text(120),
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

const site = credentials.site;

const addParticipant = defineRoute(
  {
    method: 'post',
    path: '/v1/participants',
    tags: ['participants'],
    summary: 'Add a mentee or mentor (site key)',
    security: site,
    request: { body: jsonBody(ParticipantInput) },
    responses: { 201: jsonAnswer(ParticipantAnswer, 'Created') },
  },
  { 409: refusal('externalId already used in this site'), ...errors },
);
const listParticipants = defineRoute(
  {
    method: 'get',
    path: '/v1/participants',
    tags: ['participants'],
    summary: "List the site's participants (site key)",
    security: site,
    request: { query: ParticipantQuery },
    responses: { 200: jsonAnswer(listOf('participants', Participant), 'A page') },
  },
  { ...errors },
);
const readParticipant = defineRoute(
  {
    method: 'get',
    path: '/v1/participants/{id}',
    tags: ['participants'],
    security: credentials.siteOrParticipant,
    summary: 'Read a participant (site key, themself, their mentor: id, role and name only)',
    request: { params: ParticipantParams },
    responses: { 200: jsonAnswer(VisibleParticipant, 'The participant') },
  },
  { ...errors },
);
const updateParticipant = defineRoute(
  {
    method: 'patch',
    path: '/v1/participants/{id}',
    tags: ['participants'],
    security: credentials.siteOrParticipant,
    summary: 'Update a participant (site key, or themself for name and profile)',
    request: { params: ParticipantParams, body: jsonBody(ParticipantPatch) },
    responses: { 200: jsonAnswer(ParticipantAnswer, 'The participant') },
  },
  { 409: refusal('externalId already used'), ...errors },
);
const eraseParticipant = defineRoute(
  {
    method: 'delete',
    path: '/v1/participants/{id}',
    tags: ['participants'],
    summary: 'Erase a participant and everything of theirs (site key)',
    security: site,
    request: { params: ParticipantParams },
    responses: { 204: { description: 'Erased' } },
  },
  { ...errors },
);
const mintToken = defineRoute(
  {
    method: 'post',
    path: '/v1/participant-tokens',
    tags: ['participants'],
    security: site,
    summary: 'Mint a short-lived token for the widget to act as one participant (site key)',
    request: { body: jsonBody(TokenInput) },
    responses: { 201: jsonAnswer(TokenAnswer, 'Minted') },
  },
  { ...errors },
);

export function participantRoutes(services: Services) {
  const { store } = services;
  const now = services.now ?? (() => new Date());
  return router()
    .openapi(addParticipant, async (c) => {
      const siteId = requireSiteKey(c.get('principal'));
      return c.json({ participant: await store.participants.create(siteId, c.req.valid('json')) }, 201);
    })
    .openapi(listParticipants, async (c) => {
      const siteId = requireSiteKey(c.get('principal'));
      const { role, ...page } = c.req.valid('query');
      const result = await store.participants.list(siteId, page, { role });
      return c.json({ participants: result.items, ...cursorOf(result) }, 200);
    })
    .openapi(readParticipant, async (c) => {
      const principal = c.get('principal');
      return c.json({ participant: visibleParticipant(principal, await participantFor(store, principal, c.req.valid('param').id)) }, 200);
    })
    .openapi(updateParticipant, async (c) => {
      const principal = c.get('principal');
      const { id } = c.req.valid('param');
      const patch = c.req.valid('json');
      await participantFor(store, principal, id);
      if (principal.kind === 'participant' && (principal.participantId !== id || patch.externalId !== undefined)) {
        throw new ApiError(403, 'forbidden', 'A participant may change their own display name and profile only.');
      }
      const updated = await store.participants.update(siteOf(principal), id, patch);
      // Erased between the check and the write: say so rather than answer an empty body.
      if (!updated) throw new ApiError(404, 'not_found', `No participant with id "${id}".`);
      return c.json({ participant: updated }, 200);
    })
    .openapi(eraseParticipant, async (c) => {
      const siteId = requireSiteKey(c.get('principal'));
      const { id } = c.req.valid('param');
      if (!(await store.participants.delete(siteId, id))) throw new ApiError(404, 'not_found', `No participant with id "${id}".`);
      return c.body(null, 204);
    })
    .openapi(mintToken, async (c) => {
      const siteId = requireSiteKey(c.get('principal'));
      const { participantId, ttlSeconds } = c.req.valid('json');
      const minted = await mintParticipantToken(store, { siteId, participantId, ttlSeconds, now: now() });
      if (!minted) throw new ApiError(404, 'not_found', `No participant with id "${participantId}".`);
      return c.json(minted, 201);
    });
}
