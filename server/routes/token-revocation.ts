import { z } from 'zod';
import { requireSiteKey, revokeParticipantTokens } from '../auth/index.ts';
import { ApiError } from '../errors.ts';
import { accessErrors, credentials, jsonAnswer } from '../openapi.ts';
import type { Services } from '../services.ts';
import { Id } from './pagination.ts';
import { defineRoute, router } from './router.ts';

/**
 * A host ends one participant's tokens (a lost device, a person leaving the program) without
 * rotating the site key, which would end everyone's. Its own router, beside the participant
 * routes, so the revocation concept stays in one place (server/auth/revocation.ts does the work).
 */
const RevocationParams = z.object({ id: Id });
const Revocation = z
  .object({
    participantId: z.string(),
    revokedAt: z.iso
      .datetime()
      .meta({ description: 'Tokens of this participant minted up to this moment are refused with 401 token_revoked; tokens minted after the answer work' }),
  })
  .meta({ id: 'TokenRevocation' });

const revokeTokens = defineRoute(
  {
    method: 'post',
    path: '/v1/participants/{id}/tokens/revoke',
    tags: ['participants'],
    security: credentials.site,
    summary: 'End every participant token minted so far for this participant (site key); new tokens work',
    request: { params: RevocationParams },
    responses: { 200: jsonAnswer(Revocation, 'Revoked') },
  },
  { ...accessErrors('No such participant in this site') },
);

export function tokenRevocationRoutes(services: Services) {
  const now = services.now ?? (() => new Date());
  return router().openapi(revokeTokens, async (c) => {
    const siteId = requireSiteKey(c.get('principal'));
    const { id } = c.req.valid('param');
    const revoked = await revokeParticipantTokens(services.store, siteId, id, now);
    if (!revoked) throw new ApiError(404, 'not_found', `No participant with id "${id}".`);
    return c.json({ participantId: id, revokedAt: revoked.revokedAt }, 200);
  });
}
