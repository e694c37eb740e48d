/** Who is calling, as established from the bearer credential. */
export type Principal =
  | { kind: 'operator' }
  | { kind: 'site'; siteId: string }
  | { kind: 'participant'; siteId: string; participantId: string; role: 'mentee' | 'mentor' };

/** A stable key per credential, for rate limits. */
export function principalKey(principal: Principal): string {
  if (principal.kind === 'operator') return 'operator';
  if (principal.kind === 'site') return `site:${principal.siteId}`;
  return `participant:${principal.participantId}`;
}
