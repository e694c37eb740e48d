import { Hono } from 'hono';
import { z } from 'zod';
import { requireSiteKey, revokeParticipantTokens } from '../auth/index.ts';
import { ApiError } from '../errors.ts';
import { accessErrors, commonErrors, type RouteDoc } from '../openapi.ts';
import type { AppEnv, Services } from '../services.ts';
import { validate } from '../validation.ts';
import { Id } from './pagination.ts';

/**
 * A host ends one participant's tokens (a lost device, a person leaving the program) without
 * rotating the site key, which would end everyone's. Its own router, beside the participant
 * routes, so the revocation concept stays in one place (server/auth/revocation.ts does the work).
 */
const RevocationParams = z.object({ id: Id });
const Revocation = z.object({
  participantId: z.string(),
  revokedAt: z.iso.datetime().meta({ description: 'Tokens of this participant minted up to this moment are refused with 401 token_revoked; tokens minted after the answer work' }),
}).meta({ id: 'TokenRevocation' });

export const tokenRevocationDocs: RouteDoc[] = [{
  method: 'post', path: '/v1/participants/{id}/tokens/revoke', tag: 'participants', params: RevocationParams,
  summary: 'End every participant token minted so far for this participant (site key); new tokens work',
  responses: { 200: { description: 'Revoked', schema: Revocation }, ...accessErrors('No such participant in this site'), ...commonErrors },
}];

export function tokenRevocationRoutes(services: Services) {
  const now = services.now ?? (() => new Date());
  return new Hono<AppEnv>().post('/v1/participants/:id/tokens/revoke', validate('param', RevocationParams), async (c) => {
    const siteId = requireSiteKey(c.get('principal'));
    const { id } = c.req.valid('param');
    const revoked = await revokeParticipantTokens(services.store, siteId, id, now);
    if (!revoked) throw new ApiError(404, 'not_found', `No participant with id "${id}".`);
    return c.json({ participantId: id, revokedAt: revoked.revokedAt }, 200);
  });
}
