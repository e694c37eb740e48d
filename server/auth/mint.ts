import type { Store } from '../store/index.ts';
import { signParticipantToken } from './participant-tokens.ts';

export interface MintRequest {
  siteId: string;
  participantId: string;
  ttlSeconds: number;
  now: Date;
}

/**
 * Mints a participant token the way every minting route should: the participant's role and
 * revocation generation from the store (so a later revocation ends it, see revocation.ts),
 * signed with the site's signing key. Undefined when the participant or the site is not there.
 */
export async function mintParticipantToken(store: Store, request: MintRequest): Promise<{ token: string; expiresAt: string } | undefined> {
  const state = await store.participants.tokenState(request.siteId, request.participantId);
  const secrets = state && (await store.sites.secrets(request.siteId));
  if (!state || !secrets) return undefined;
  const issued = Math.floor(request.now.getTime() / 1000);
  const expires = issued + request.ttlSeconds;
  const token = signParticipantToken(
    {
      v: 1,
      site: request.siteId,
      sub: request.participantId,
      role: state.role,
      gen: state.generation,
      iat: issued,
      exp: expires,
    },
    secrets.tokenSecret,
  );
  return { token, expiresAt: new Date(expires * 1000).toISOString() };
}
