import { setTimeout as sleep } from 'node:timers/promises';
import type { Store, TokenState } from '../store/index.ts';
import type { TokenPayload } from './participant-tokens.ts';

/**
 * Per-participant token revocation. The participant has a generation, counted up by each
 * revocation, and the time of the last one (milliseconds). A token carries the generation it
 * was minted at (`gen`), and is revoked once the participant's has moved past it: exact, and
 * independent of any clock, so a token minted in the same millisecond after a revocation works.
 *
 * A token without `gen` (minted before revocation existed, or by code that does not set it)
 * has only `iat`, in whole seconds: it is refused when minted in the second of the cut-off or
 * earlier. So that such a token minted right after a revocation still works, a revocation
 * answers only once that second is over.
 */
export function isRevoked(payload: Pick<TokenPayload, 'gen' | 'iat'>, state: Pick<TokenState, 'generation' | 'revokedAt'>): boolean {
  if (payload.gen !== undefined) return payload.gen < state.generation;
  if (!state.revokedAt) return false;
  return payload.iat <= Math.floor(Date.parse(state.revokedAt) / 1000);
}

/** Longest a revocation waits for its second to end, also when a test's clock stands still. */
const MAX_WAIT_MS = 1000;

/** Ends every token of the participant minted so far; undefined when there is no such participant. */
export async function revokeParticipantTokens(store: Store, siteId: string, participantId: string, now: () => Date) {
  const revoked = await store.participants.revokeTokens(siteId, participantId, now());
  if (!revoked) return undefined;
  const nextSecond = (Math.floor(Date.parse(revoked.revokedAt) / 1000) + 1) * 1000;
  const wait = nextSecond - now().getTime();
  if (wait > 0) await sleep(Math.min(wait, MAX_WAIT_MS));
  return revoked;
}
