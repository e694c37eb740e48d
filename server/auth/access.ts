import { ApiError } from '../errors.ts';
import type { Goal, Pairing, Participant, Session, Store } from '../store/index.ts';
import type { Principal } from './principal.ts';

/**
 * Who may touch what. Participant data is reached only through these checks: a site key
 * reaches its own site; a participant token reaches its participant, and a mentor's token
 * also the mentees of their open pairings. Another site's rows are "not found" (the store
 * only ever looks inside the caller's site), another participant's in the same site are 403.
 *
 * One rule for a mentor's reach, used by every route: a pairing is open while it is active.
 * Paused or ended, its sessions stay readable to both people as history, and nothing new is
 * added to it: no agenda, no session, no change, and no reach to the mentee's goals.
 */
const forbidden = (message: string) => new ApiError(403, 'forbidden', message);
const notFound = (what: string, id: string) => new ApiError(404, 'not_found', `No ${what} with id "${id}".`);

export function requireOperator(principal: Principal): void {
  if (principal.kind !== 'operator') throw forbidden('Only the operator key manages sites.');
}

/** The caller's site; the operator key has none (it manages sites, not their people). */
export function siteOf(principal: Principal): string {
  if (principal.kind === 'operator') throw forbidden('The operator key manages sites; use a site key for participant data.');
  return principal.siteId;
}

export function requireSiteKey(principal: Principal): string {
  if (principal.kind !== 'site') throw forbidden("This needs the site key (from the host's backend), not a participant token.");
  return principal.siteId;
}

/** The participant a token acts as: notes have an author, which a site key is not. */
export function requireParticipant(principal: Principal): { siteId: string; participantId: string } {
  if (principal.kind !== 'participant') throw forbidden("This needs a participant's own token: a note is written by a person, not by the site.");
  return { siteId: principal.siteId, participantId: principal.participantId };
}

/**
 * A participant the caller may reach: the site, the participant themself, or (for reading
 * and working on goals) a mentor with an open pairing to that mentee.
 */
export async function participantFor(store: Store, principal: Principal, participantId: string): Promise<Participant> {
  const siteId = siteOf(principal);
  const participant = await store.participants.get(siteId, participantId);
  if (!participant) throw notFound('participant', participantId);
  if (principal.kind !== 'participant' || principal.participantId === participantId) return participant;
  if (principal.role === 'mentor' && participant.role === 'mentee' && (await store.pairings.findOpen(siteId, principal.participantId, participantId))) {
    return participant;
  }
  throw forbidden("This participant's data is not yours to see.");
}

/** What a participant may see of another: a mentor reading their mentee gets no host ids or profile. */
export function visibleParticipant(principal: Principal, participant: Participant): Participant | Pick<Participant, 'id' | 'role' | 'displayName'> {
  if (principal.kind === 'participant' && principal.participantId !== participant.id) {
    return { id: participant.id, role: participant.role, displayName: participant.displayName };
  }
  return participant;
}

export async function goalFor(store: Store, principal: Principal, goalId: string): Promise<Goal> {
  const goal = await store.goals.get(siteOf(principal), goalId);
  if (!goal) throw notFound('goal', goalId);
  await participantFor(store, principal, goal.participantId);
  return goal;
}

export const isOpen = (pairing: Pick<Pairing, 'status'>): boolean => pairing.status === 'active';

/**
 * A pairing the caller may reach: the site, or one of the two people in it. `history` reads
 * what happened; `new` adds or changes something, which only an open pairing allows.
 */
export async function pairingFor(store: Store, principal: Principal, pairingId: string, use: 'history' | 'new' = 'history'): Promise<Pairing> {
  const pairing = await store.pairings.get(siteOf(principal), pairingId);
  if (!pairing) throw notFound('pairing', pairingId);
  if (principal.kind === 'participant' && principal.participantId !== pairing.mentorId && principal.participantId !== pairing.menteeId) {
    throw forbidden('This pairing is not yours.');
  }
  if (use === 'new' && !isOpen(pairing)) {
    throw new ApiError(
      409,
      'pairing_not_open',
      `This pairing is ${pairing.status}: its sessions stay readable, and nothing new can be added until it is active again.`,
    );
  }
  return pairing;
}

/** A session the caller may reach, through its pairing (`use` as for pairingFor). */
export async function sessionFor(store: Store, principal: Principal, sessionId: string, use: 'history' | 'new' = 'history'): Promise<Session> {
  const session = await store.sessions.get(siteOf(principal), sessionId);
  if (!session) throw notFound('session', sessionId);
  await pairingFor(store, principal, session.pairingId, use);
  return session;
}
