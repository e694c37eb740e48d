import { expect } from 'vitest';
import type { Services } from '../../server/services.ts';
import type { CheckIn, Feedback, Goal, Pairing, Participant, Session, SessionNote } from '../../server/store/index.ts';
import { createTestSite, tokenFor } from './services.ts';

/**
 * Two programs' people and data, and the matrix of every id-taking route aimed from one at
 * the other: for the isolation tests at rest (in process) and under load (over HTTP). `call`
 * is how a test reaches the app.
 */

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export type Call = (method: string, path: string, auth?: string, body?: unknown, headers?: Record<string, string>) => Promise<Answer>;

export function expectStatus(answer: Answer, status: number, what = ''): void {
  expect(answer.status, `${what} answered ${answer.text}`).toBe(status);
}

export function expectError(answer: Answer, status: number, code: string, what = '') {
  expectStatus(answer, status, what);
  expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
  expect(answer.body, what).toEqual({ error: expect.objectContaining({ code, message: expect.any(String) }) });
  return answer.body.error as { code: string; message: string; details?: unknown };
}

/** One program's people and data, made through the API with the site key. */
export interface World {
  tag: string;
  siteId: string;
  key: string;
  mentee: Participant;
  mentee2: Participant;
  mentor: Participant;
  goal: Goal;
  goal2: Goal;
  checkIn: CheckIn;
  checkIn2: CheckIn;
  pairing: Pairing;
  session: Session;
  note: SessionNote;
  sharedNote: SessionNote;
  feedback: Feedback;
  menteeToken: string;
  mentee2Token: string;
  mentorToken: string;
  /** Everything of this world that must never show up in another's answers. */
  secrets: string[];
  ids: Record<string, string>;
}

export async function created<T>(answer: Answer, name: string): Promise<T> {
  expectStatus(answer, 201, `creating ${name}`);
  return answer.body[name] as T;
}

export async function buildWorld(services: Services, call: Call, tag: string, origins: string[]): Promise<World> {
  const { site, apiKey: key } = await createTestSite(services, `Site ${tag}`, origins);
  const person = (role: 'mentee' | 'mentor', number: number) =>
    call('POST', '/v1/participants', key, {
      externalId: `${tag}-external-${role}-${number}`,
      role,
      displayName: `${tag} ${role} number ${number} fullname`,
    }).then((answer) => created<Participant>(answer, 'participant'));
  const mentee = await person('mentee', 1);
  const mentee2 = await person('mentee', 2);
  const mentor = await person('mentor', 1);
  const pairing = await created<Pairing>(await call('POST', '/v1/pairings', key, { mentorId: mentor.id, menteeId: mentee.id }), 'pairing');
  const goal = await created<Goal>(
    await call('POST', `/v1/participants/${mentee.id}/goals`, key, {
      title: `${tag} goal title of the first mentee`,
      description: `${tag} goal description, private`,
      measure: `${tag} goal measure`,
    }),
    'goal',
  );
  const goal2 = await created<Goal>(
    await call('POST', `/v1/participants/${mentee2.id}/goals`, key, { title: `${tag} goal title of the second mentee` }),
    'goal',
  );
  const checkIn = await created<CheckIn>(
    await call('POST', `/v1/goals/${goal.id}/check-ins`, key, {
      progress: 30,
      confidence: 3,
      wins: `${tag} check-in win`,
      blockers: `${tag} check-in blocker`,
      note: `${tag} check-in note, confidential`,
    }),
    'checkIn',
  );
  const checkIn2 = await created<CheckIn>(
    await call('POST', `/v1/goals/${goal2.id}/check-ins`, key, { progress: 10, note: `${tag} second mentee's note` }),
    'checkIn',
  );
  const session = await created<Session>(
    await call('POST', `/v1/pairings/${pairing.id}/sessions`, key, {
      scheduledAt: '2030-04-01T16:00:00.000Z',
      durationMinutes: 45,
      notes: `${tag} session notes, private`,
      actionItems: [{ id: 'act1', text: `${tag} action item text`, owner: 'mentee' }],
    }),
    'session',
  );
  const menteeToken = await tokenFor(services, mentee, site.id);
  const mentorToken = await tokenFor(services, mentor, site.id);
  const note = await created<SessionNote>(
    await call('POST', `/v1/sessions/${session.id}/notes`, menteeToken, { text: `${tag} mentee's private session note` }),
    'note',
  );
  const sharedNote = await created<SessionNote>(
    await call('POST', `/v1/sessions/${session.id}/notes`, mentorToken, { text: `${tag} mentor's shared session note`, shared: true }),
    'note',
  );
  const feedback = await created<Feedback>(
    await call('POST', '/v1/feedback', menteeToken, { target: `${tag}-answer-target`, rating: 'down', comment: `${tag} feedback comment` }),
    'feedback',
  );
  const ids = {
    site: site.id,
    mentee: mentee.id,
    mentee2: mentee2.id,
    mentor: mentor.id,
    goal: goal.id,
    goal2: goal2.id,
    checkIn: checkIn.id,
    checkIn2: checkIn2.id,
    pairing: pairing.id,
    session: session.id,
    note: note.id,
    sharedNote: sharedNote.id,
    feedback: feedback.id,
  };
  const secrets = [
    ...Object.values(ids),
    ...[mentee, mentee2, mentor].flatMap((participant) => [participant.externalId, participant.displayName]),
    goal.title,
    goal.description!,
    goal.measure!,
    goal2.title,
    checkIn.wins!,
    checkIn.blockers!,
    checkIn.note!,
    checkIn2.note!,
    session.notes!,
    note.text,
    sharedNote.text,
    `${tag} action item text`,
    `${tag}-answer-target`,
    `${tag} feedback comment`,
    `Site ${tag}`,
  ];
  return {
    tag,
    siteId: site.id,
    key,
    mentee,
    mentee2,
    mentor,
    goal,
    goal2,
    checkIn,
    checkIn2,
    pairing,
    session,
    note,
    sharedNote,
    feedback,
    secrets,
    ids,
    menteeToken,
    mentee2Token: await tokenFor(services, mentee2, site.id),
    mentorToken,
  };
}

/** What B's own key sees of B: must be the same before and after A tried everything. */
export async function snapshotWorld(call: Call, world: World) {
  const read = async (path: string) => {
    const answer = await call('GET', path, world.key);
    expectStatus(answer, 200, path);
    return answer.body;
  };
  return {
    participants: await read('/v1/participants'),
    goals: await read(`/v1/participants/${world.mentee.id}/goals`),
    goals2: await read(`/v1/participants/${world.mentee2.id}/goals`),
    checkIns: await read(`/v1/goals/${world.goal.id}/check-ins`),
    checkIns2: await read(`/v1/goals/${world.goal2.id}/check-ins`),
    pairings: await read('/v1/pairings'),
    sessions: await read(`/v1/pairings/${world.pairing.id}/sessions`),
    notes: await read(`/v1/sessions/${world.session.id}/notes`),
    feedback: await read('/v1/feedback'),
    site: await read('/v1/site'),
  };
}

/**
 * Every route that reads or writes participant data (or a site) by id, aimed at B's ids.
 * `{name}` is one of B's ids; `{own.name}` one of the caller's own site (A).
 */
export const MATRIX: Array<{ method: 'GET' | 'POST' | 'PATCH' | 'DELETE'; path: string; body?: Record<string, unknown> }> = [
  { method: 'GET', path: '/v1/participants/{mentee}' },
  { method: 'PATCH', path: '/v1/participants/{mentee}', body: { displayName: 'Renamed from site A' } },
  { method: 'DELETE', path: '/v1/participants/{mentee}' },
  { method: 'POST', path: '/v1/participant-tokens', body: { participantId: '{mentee}' } },
  { method: 'POST', path: '/v1/participants/{mentee}/tokens/revoke' },
  { method: 'POST', path: '/v1/participant-tokens', body: { participantId: '{mentor}', ttlSeconds: 600 } },
  { method: 'GET', path: '/v1/participants/{mentee}/goals' },
  { method: 'GET', path: '/v1/participants/{mentee}/goals?status=active&limit=5' },
  { method: 'POST', path: '/v1/participants/{mentee}/goals', body: { title: 'Planted from site A' } },
  { method: 'GET', path: '/v1/goals/{goal}' },
  { method: 'PATCH', path: '/v1/goals/{goal}', body: { progress: 99, title: 'Planted from site A' } },
  { method: 'DELETE', path: '/v1/goals/{goal}' },
  { method: 'GET', path: '/v1/goals/{goal}/check-ins' },
  { method: 'POST', path: '/v1/goals/{goal}/check-ins', body: { progress: 99, note: 'Planted from site A' } },
  { method: 'GET', path: '/v1/check-ins/{checkIn}' },
  { method: 'DELETE', path: '/v1/check-ins/{checkIn}' },
  { method: 'POST', path: '/v1/pairings', body: { mentorId: '{mentor}', menteeId: '{mentee2}' } },
  { method: 'POST', path: '/v1/pairings', body: { mentorId: '{own.mentor}', menteeId: '{mentee2}' } },
  { method: 'POST', path: '/v1/pairings', body: { mentorId: '{mentor}', menteeId: '{own.mentee2}' } },
  { method: 'GET', path: '/v1/pairings?participantId={mentee}' },
  { method: 'GET', path: '/v1/pairings/{pairing}' },
  { method: 'PATCH', path: '/v1/pairings/{pairing}', body: { status: 'ended' } },
  { method: 'DELETE', path: '/v1/pairings/{pairing}' },
  { method: 'GET', path: '/v1/pairings/{pairing}/sessions' },
  {
    method: 'POST',
    path: '/v1/pairings/{pairing}/sessions',
    body: { scheduledAt: '2030-05-01T10:00:00.000Z', durationMinutes: 30, notes: 'Planted from site A' },
  },
  { method: 'GET', path: '/v1/sessions/{session}' },
  { method: 'PATCH', path: '/v1/sessions/{session}', body: { notes: 'Planted from site A' } },
  { method: 'DELETE', path: '/v1/sessions/{session}' },
  { method: 'GET', path: '/v1/sessions/{session}/notes' },
  { method: 'POST', path: '/v1/sessions/{session}/notes', body: { text: 'Planted from site A', shared: true } },
  { method: 'PATCH', path: '/v1/session-notes/{note}', body: { shared: true } },
  { method: 'PATCH', path: '/v1/session-notes/{sharedNote}', body: { text: 'Planted from site A' } },
  { method: 'DELETE', path: '/v1/session-notes/{note}' },
  { method: 'DELETE', path: '/v1/session-notes/{sharedNote}' },
  { method: 'GET', path: '/v1/admin/sites/{site}' },
  { method: 'PATCH', path: '/v1/admin/sites/{site}', body: { allowedOrigins: ['https://planted.example'] } },
  { method: 'POST', path: '/v1/admin/sites/{site}/key' },
  { method: 'DELETE', path: '/v1/admin/sites/{site}' },
];

export const fillIds = (template: string, ids: Record<string, string>) =>
  template.replace(/\{([\w.]+)\}/g, (_match, name: string) => {
    const value = ids[name];
    if (!value) throw new Error(`no id for {${name}}`);
    return value;
  });

/** Ids of the same kind that no site has: what a caller guessing blindly would send. */
export function madeUpIds(world: World): Record<string, string> {
  return Object.fromEntries(Object.entries(world.ids).map(([name, id]) => [name, `${id.split('_')[0]}_nosuchthing${name.toLowerCase()}`]));
}
