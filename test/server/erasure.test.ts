/**
 * Erasure: DELETE /v1/participants/:id leaves nothing of the participant in the database file.
 * The file is read directly, table by table and column by column, not through the store.
 */

import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import type { Services } from '../../server/services.ts';
import type { CheckIn, Feedback, Goal, Pairing, Participant, Session } from '../../server/store/index.ts';
import { createTestServices, createTestSite, tokenFor } from '../support/services.ts';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';

type App = ReturnType<typeof createApp>;

let services: Services;
let app: App;
let databasePath: string;
let key: string;
let siteId: string;

async function call(method: string, path: string, auth: string, body?: unknown) {
  const response = await app.request(path, {
    method,
    headers: { authorization: `Bearer ${auth}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, text, body: text ? JSON.parse(text) : undefined };
}

async function make<T>(method: string, path: string, auth: string, body: unknown, name: string): Promise<T> {
  const answer = await call(method, path, auth, body);
  expect(answer.status, `${method} ${path}: ${answer.text}`).toBe(201);
  return answer.body[name] as T;
}

/** A participant with everything the API can hold of them. */
async function personWithData(externalId: string, role: 'mentee' | 'mentor', tag: string) {
  const participant = await make<Participant>(
    'POST',
    '/v1/participants',
    key,
    {
      externalId,
      role,
      displayName: `${tag} display name`,
      profile: { skills: [`${tag} skill`], interests: [], preferences: { note: `${tag} preference` } },
    },
    'participant',
  );
  const token = await tokenFor(services, participant, siteId);
  const goals: Goal[] = [];
  const checkIns: CheckIn[] = [];
  for (const number of [1, 2]) {
    const goal = await make<Goal>(
      'POST',
      `/v1/participants/${participant.id}/goals`,
      token,
      {
        title: `${tag} goal ${number}`,
        description: `${tag} description ${number}`,
        measure: `${tag} measure ${number}`,
        targetDate: '2030-09-01',
      },
      'goal',
    );
    goals.push(goal);
    checkIns.push(
      await make<CheckIn>(
        'POST',
        `/v1/goals/${goal.id}/check-ins`,
        token,
        { progress: 20 * number, confidence: 3, wins: `${tag} win ${number}`, blockers: `${tag} blocker ${number}`, note: `${tag} note ${number}` },
        'checkIn',
      ),
    );
    checkIns.push(await make<CheckIn>('POST', `/v1/goals/${goal.id}/check-ins`, key, { progress: 30 * number }, 'checkIn'));
  }
  const feedback = [
    await make<Feedback>('POST', '/v1/feedback', token, { target: 'coach/next-steps', rating: 'up', comment: `${tag} feedback comment` }, 'feedback'),
    await make<Feedback>('POST', '/v1/feedback', token, { target: 'resource/some-document', rating: 'down' }, 'feedback'),
  ];
  return {
    participant,
    token,
    goals,
    checkIns,
    feedback,
    words: [
      `${tag} display name`,
      `${tag} skill`,
      `${tag} preference`,
      `${tag} goal`,
      `${tag} description`,
      `${tag} note`,
      `${tag} win`,
      `${tag} blocker`,
      `${tag} feedback comment`,
    ],
  };
}

async function pairWithSessions(mentorId: string, menteeId: string, tag: string) {
  const pairing = await make<Pairing>('POST', '/v1/pairings', key, { mentorId, menteeId }, 'pairing');
  const sessions: Session[] = [];
  for (const number of [1, 2]) {
    sessions.push(
      await make<Session>(
        'POST',
        `/v1/pairings/${pairing.id}/sessions`,
        key,
        {
          scheduledAt: `2030-0${number}-10T10:00:00.000Z`,
          durationMinutes: 45,
          notes: `${tag} session notes ${number}`,
          agenda: { title: `${tag} agenda ${number}` },
          actionItems: [{ id: `a${number}`, text: `${tag} action ${number}`, owner: 'mentee' }],
        },
        'session',
      ),
    );
  }
  return { pairing, sessions, words: [`${tag} session notes`, `${tag} agenda`, `${tag} action`] };
}

/** Every value of every row of every table, as text, with where it was found. */
function scan(path: string, needles: string[]): Array<{ table: string; column: string; needle: string }> {
  const database = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const found: Array<{ table: string; column: string; needle: string }> = [];
    const tables = database.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>;
    expect(tables.map((table) => table.name)).toEqual(
      expect.arrayContaining(['sites', 'participants', 'pairings', 'goals', 'check_ins', 'sessions', 'feedback']),
    );
    for (const { name } of tables) {
      for (const row of database.prepare(`SELECT * FROM "${name.replaceAll('"', '""')}"`).all() as Array<Record<string, unknown>>) {
        for (const [column, value] of Object.entries(row)) {
          const text = typeof value === 'string' ? value : Buffer.isBuffer(value) ? value.toString('utf8') : undefined;
          if (text === undefined) continue;
          for (const needle of needles) if (text.includes(needle)) found.push({ table: name, column, needle });
        }
      }
    }
    return found;
  } finally {
    database.close();
  }
}

function count(path: string, sql: string, ...parameters: unknown[]): number {
  const database = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return (database.prepare(sql).get(...parameters) as { n: number }).n;
  } finally {
    database.close();
  }
}

beforeAll(async () => {
  databasePath = join(makeTempDir('mentor-coach-erasure-'), 'coach.db');
  services = createTestServices({ databasePath });
  app = createApp(services);
  const site = await createTestSite(services, 'Erasure site');
  key = site.apiKey;
  siteId = site.site.id;
});

afterAll(async () => {
  await services.store.close();
  removeTempDirs();
});

describe('erasing a mentee', () => {
  it('leaves no row anywhere with their id, externalId, records or words; everyone else is intact', async () => {
    const target = await personWithData('erase-me-external-7731', 'mentee', 'Zephyrine');
    const otherMentee = await personWithData('keep-me-external-4410', 'mentee', 'Quillon');
    const mentor = await personWithData('keep-mentor-external-9902', 'mentor', 'Marisol');
    const targetPairing = await pairWithSessions(mentor.participant.id, target.participant.id, 'Zephyrine pairing');
    const otherPairing = await pairWithSessions(mentor.participant.id, otherMentee.participant.id, 'Quillon pairing');
    // The mentor works on the target's goal too: that check-in is the target's data.
    const mentorToken = mentor.token;
    const byMentor = await make<CheckIn>(
      'POST',
      `/v1/goals/${target.goals[0]!.id}/check-ins`,
      mentorToken,
      { note: 'Zephyrine note from the mentor' },
      'checkIn',
    );

    const targetIds = [
      target.participant.id,
      ...target.goals.map((goal) => goal.id),
      ...target.checkIns.map((checkIn) => checkIn.id),
      byMentor.id,
      ...target.feedback.map((entry) => entry.id),
      targetPairing.pairing.id,
      ...targetPairing.sessions.map((session) => session.id),
    ];
    const needles = [...targetIds, target.participant.externalId, ...target.words, ...targetPairing.words];

    // The scan finds the target everywhere before the erasure: it is able to fail.
    const before = scan(databasePath, needles);
    expect(new Set(before.map((hit) => hit.table))).toEqual(new Set(['participants', 'goals', 'check_ins', 'pairings', 'sessions', 'feedback']));
    expect(before.some((hit) => hit.needle === target.participant.externalId && hit.table === 'participants' && hit.column === 'external_id')).toBe(true);
    expect(before.some((hit) => hit.needle === targetPairing.words[0] && hit.table === 'sessions')).toBe(true);

    const others = {
      participants: count(databasePath, 'SELECT count(*) AS n FROM participants WHERE id <> ?', target.participant.id),
      goals: count(databasePath, 'SELECT count(*) AS n FROM goals WHERE participant_id <> ?', target.participant.id),
      checkIns: count(databasePath, 'SELECT count(*) AS n FROM check_ins WHERE participant_id <> ?', target.participant.id),
      pairings: count(databasePath, 'SELECT count(*) AS n FROM pairings WHERE mentee_id <> ?', target.participant.id),
      sessions: count(databasePath, 'SELECT count(*) AS n FROM sessions WHERE pairing_id = ?', otherPairing.pairing.id),
      feedback: count(databasePath, 'SELECT count(*) AS n FROM feedback WHERE participant_id IS NOT ? ', target.participant.id),
    };
    expect(others).toEqual({ participants: 2, goals: 4, checkIns: 8, pairings: 1, sessions: 2, feedback: 4 });
    const siteFeedback = await make<Feedback>('POST', '/v1/feedback', key, { target: 'site-level', rating: 'up', comment: 'Kept by the site' }, 'feedback');

    const erased = await call('DELETE', `/v1/participants/${target.participant.id}`, key);
    expect(erased.status).toBe(204);

    // Read while the server still has the file open (WAL): the erasure is committed.
    expect(scan(databasePath, needles)).toEqual([]);

    // Everyone else's rows are all there, as they were.
    expect(count(databasePath, 'SELECT count(*) AS n FROM participants')).toBe(others.participants);
    expect(count(databasePath, 'SELECT count(*) AS n FROM goals')).toBe(others.goals);
    expect(count(databasePath, 'SELECT count(*) AS n FROM check_ins')).toBe(others.checkIns);
    expect(count(databasePath, 'SELECT count(*) AS n FROM pairings')).toBe(others.pairings);
    expect(count(databasePath, 'SELECT count(*) AS n FROM sessions')).toBe(others.sessions);
    expect(count(databasePath, 'SELECT count(*) AS n FROM feedback')).toBe(others.feedback + 1);
    expect(count(databasePath, 'SELECT count(*) AS n FROM sites WHERE id = ?', siteId)).toBe(1);
    const kept = scan(databasePath, [
      otherMentee.participant.id,
      otherMentee.participant.externalId,
      mentor.participant.id,
      mentor.participant.externalId,
      otherPairing.pairing.id,
      'Quillon pairing session notes',
      'Quillon goal',
      'Marisol goal',
      'Quillon feedback comment',
      'Marisol feedback comment',
      siteFeedback.id,
    ]);
    for (const [table, needle] of [
      ['participants', otherMentee.participant.externalId],
      ['participants', mentor.participant.externalId],
      ['pairings', otherPairing.pairing.id],
      ['sessions', 'Quillon pairing session notes'],
      ['goals', 'Quillon goal'],
      ['goals', 'Marisol goal'],
      ['feedback', 'Quillon feedback comment'],
      ['feedback', 'Marisol feedback comment'],
      ['feedback', siteFeedback.id],
    ])
      expect(
        kept.some((hit) => hit.table === table && hit.needle === needle),
        `${needle} in ${table}`,
      ).toBe(true);

    // Through the API: the others read as before; the target is gone, their token dead.
    for (const person of [otherMentee, mentor]) {
      const goals = await call('GET', `/v1/participants/${person.participant.id}/goals`, key);
      expect(goals.status).toBe(200);
      expect(goals.body.goals.map((goal: Goal) => goal.id)).toEqual(person.goals.map((goal) => goal.id));
      const checkIns = await call('GET', `/v1/goals/${person.goals[1]!.id}/check-ins`, person.token);
      expect(checkIns.status).toBe(200);
      expect(checkIns.body.checkIns).toEqual(person.checkIns.slice(2));
    }
    const sessions = await call('GET', `/v1/pairings/${otherPairing.pairing.id}/sessions`, mentorToken);
    expect(sessions.body.sessions).toEqual(otherPairing.sessions);
    expect((await call('GET', `/v1/participants/${target.participant.id}`, key)).status).toBe(404);
    expect((await call('GET', `/v1/pairings/${targetPairing.pairing.id}`, key)).status).toBe(404);
    expect((await call('GET', `/v1/participants/${target.participant.id}/goals`, target.token)).status).toBe(401);
    const mentorPairings = await call('GET', '/v1/pairings', mentorToken);
    expect(mentorPairings.body.pairings.map((pairing: Pairing) => pairing.id)).toEqual([otherPairing.pairing.id]);
    // The externalId is free again: the host can enrol the same person afresh.
    expect(
      (await call('POST', '/v1/participants', key, { externalId: target.participant.externalId, role: 'mentee', displayName: 'Fresh start' })).status,
    ).toBe(201);
  });
});

describe('erasing a mentor', () => {
  it("takes their pairings and the sessions in them, and leaves their mentees' own data", async () => {
    const mentor = await personWithData('erase-mentor-external-5150', 'mentor', 'Ottoline');
    const mentee = await personWithData('keep-mentee-external-6262', 'mentee', 'Pellinore');
    const pairing = await pairWithSessions(mentor.participant.id, mentee.participant.id, 'Ottoline pairing');
    const needles = [
      mentor.participant.id,
      mentor.participant.externalId,
      ...mentor.goals.map((goal) => goal.id),
      ...mentor.checkIns.map((checkIn) => checkIn.id),
      ...mentor.feedback.map((entry) => entry.id),
      pairing.pairing.id,
      ...pairing.sessions.map((session) => session.id),
      ...mentor.words,
      ...pairing.words,
    ];
    expect(scan(databasePath, needles).length).toBeGreaterThan(10);

    expect((await call('DELETE', `/v1/participants/${mentor.participant.id}`, key)).status).toBe(204);
    expect(scan(databasePath, needles)).toEqual([]);

    const goals = await call('GET', `/v1/participants/${mentee.participant.id}/goals`, mentee.token);
    expect(goals.status).toBe(200);
    expect(goals.body.goals.map((goal: Goal) => goal.id)).toEqual(mentee.goals.map((goal) => goal.id));
    expect(scan(databasePath, [mentee.participant.externalId, 'Pellinore goal', 'Pellinore note', 'Pellinore feedback comment']).length).toBeGreaterThanOrEqual(
      4,
    );
  });
});

describe('the erasure survives a restart', () => {
  it('after closing and reopening the file, nothing of the erased participant comes back', async () => {
    const gone = await personWithData('erase-before-restart-8080', 'mentee', 'Evanthe');
    const needles = [gone.participant.id, gone.participant.externalId, ...gone.goals.map((goal) => goal.id), ...gone.words];
    expect((await call('DELETE', `/v1/participants/${gone.participant.id}`, key)).status).toBe(204);
    await services.store.close();
    expect(scan(databasePath, needles)).toEqual([]);
    // Reopen the same file through a fresh app: the participant is still not there.
    services = createTestServices({ databasePath });
    app = createApp(services);
    expect((await call('GET', `/v1/participants/${gone.participant.id}`, key)).status).toBe(404);
    expect((await call('GET', '/v1/participants?limit=100', key)).text).not.toContain(gone.participant.externalId);
  });
});
