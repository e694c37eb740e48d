/**
 * Removed personal text leaves no bytes behind: after an erasure, a deleted check-in, goal or
 * session, or an edited note, neither coach.db nor coach.db-wal (nor -shm) holds the removed
 * words anywhere, read as raw bytes, not through SQLite. secure_delete zeroes the freed space
 * and a checked `wal_checkpoint(TRUNCATE)` empties the log. When a reader keeps the log busy,
 * the checkpoint is retried, then an error line names what it was for.
 */

import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { createLogger } from '../../server/logger.ts';
import type { Services } from '../../server/services.ts';
import { createSqliteStore } from '../../server/store/index.ts';
import { createTestServices, createTestSite, tokenFor } from '../support/services.ts';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';

type App = ReturnType<typeof createApp>;

let databasePath: string;
let services: Services;
let app: App;
let key: string;
let siteId: string;
const logged: Array<Record<string, unknown>> = [];

beforeAll(async () => {
  databasePath = join(makeTempDir('mentor-coach-checkpoint-'), 'coach.db');
  const logger = createLogger({ level: 'debug', write: (line) => logged.push(JSON.parse(line) as Record<string, unknown>) });
  services = createTestServices({ store: createSqliteStore({ path: databasePath, logger }), logger });
  app = createApp(services);
  const site = await createTestSite(services, 'Checkpoint site');
  key = site.apiKey;
  siteId = site.site.id;
});

afterAll(async () => {
  await services.store.close();
  removeTempDirs();
});

async function send(method: string, path: string, auth: string, body?: unknown) {
  const response = await app.request(path, {
    method,
    headers: { authorization: `Bearer ${auth}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

async function made(path: string, auth: string, body: unknown, name: string) {
  const answer = await send('POST', path, auth, body);
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body[name] as { id: string };
}

/** A word no other row holds, long enough that finding it by chance in binary pages is impossible. */
const marker = (what: string) => `marker-${what}-${randomUUID()}`;

/** Which of the database's files hold `needle` anywhere in their raw bytes, as UTF-8. */
function filesHolding(needle: string): string[] {
  const bytes = Buffer.from(needle, 'utf8');
  return [databasePath, `${databasePath}-wal`, `${databasePath}-shm`]
    .filter((path) => existsSync(path) && readFileSync(path).includes(bytes))
    .map((path) => path.slice(path.lastIndexOf('/') + 1));
}

async function mentee(externalId: string) {
  const participant = await made('/v1/participants', key, { externalId, role: 'mentee', displayName: 'Checkpoint mentee' }, 'participant');
  return { id: participant.id, token: await tokenFor(services, { id: participant.id, role: 'mentee' }, siteId) };
}

describe('removed personal text is gone from the files on disk', () => {
  it("an erased participant's check-in note is in neither coach.db nor coach.db-wal", async () => {
    const person = await mentee('erase-checkpoint-1');
    const words = marker('erasure-note');
    const goal = await made(`/v1/participants/${person.id}/goals`, person.token, { title: 'Practise presenting' }, 'goal');
    await made(`/v1/goals/${goal.id}/check-ins`, person.token, { note: words, blockers: `${words}-blocker` }, 'checkIn');
    // Able to fail: before the erasure the words are on disk, in the log or the main file.
    expect(filesHolding(words).length).toBeGreaterThan(0);

    expect((await send('DELETE', `/v1/participants/${person.id}`, key)).status).toBe(204);
    expect(filesHolding(words)).toEqual([]);
    expect(filesHolding(`${words}-blocker`)).toEqual([]);
    // The checkpoint emptied the log rather than leaving it to the next automatic one.
    expect(existsSync(`${databasePath}-wal`) ? readFileSync(`${databasePath}-wal`).length : 0).toBe(0);
  });

  it('a deleted check-in, a deleted goal with its check-ins, and a deleted session leave no copy', async () => {
    const person = await mentee('erase-checkpoint-2');
    const mentor = await made('/v1/participants', key, { externalId: 'mentor-checkpoint-2', role: 'mentor', displayName: 'Mentor' }, 'participant');
    const pairing = await made('/v1/pairings', key, { mentorId: mentor.id, menteeId: person.id }, 'pairing');
    const goal = await made(`/v1/participants/${person.id}/goals`, person.token, { title: 'Kept goal' }, 'goal');
    const doomedGoal = await made(`/v1/participants/${person.id}/goals`, person.token, { title: marker('goal-title'), description: 'x' }, 'goal');
    const checkInWords = marker('check-in');
    const goalCheckInWords = marker('goal-check-in');
    const sessionWords = marker('session-notes');
    const checkIn = await made(`/v1/goals/${goal.id}/check-ins`, person.token, { note: checkInWords }, 'checkIn');
    await made(`/v1/goals/${doomedGoal.id}/check-ins`, person.token, { wins: goalCheckInWords }, 'checkIn');
    const session = await made(
      `/v1/pairings/${pairing.id}/sessions`,
      key,
      { scheduledAt: '2031-01-01T10:00:00.000Z', durationMinutes: 30, notes: sessionWords, actionItems: [] },
      'session',
    );
    for (const words of [checkInWords, goalCheckInWords, sessionWords]) expect(filesHolding(words).length, words).toBeGreaterThan(0);

    expect((await send('DELETE', `/v1/check-ins/${checkIn.id}`, person.token)).status).toBe(204);
    expect(filesHolding(checkInWords)).toEqual([]);
    expect((await send('DELETE', `/v1/goals/${doomedGoal.id}`, person.token)).status).toBe(204);
    expect(filesHolding(goalCheckInWords)).toEqual([]);
    expect((await send('DELETE', `/v1/sessions/${session.id}`, key)).status).toBe(204);
    expect(filesHolding(sessionWords)).toEqual([]);
  });

  it("words replaced by an edit are gone too: a goal's description, a session's notes", async () => {
    const person = await mentee('erase-checkpoint-3');
    const mentor = await made('/v1/participants', key, { externalId: 'mentor-checkpoint-3', role: 'mentor', displayName: 'Mentor' }, 'participant');
    const pairing = await made('/v1/pairings', key, { mentorId: mentor.id, menteeId: person.id }, 'pairing');
    const described = marker('description');
    const noted = marker('notes');
    const goal = await made(`/v1/participants/${person.id}/goals`, person.token, { title: 'A goal', description: described }, 'goal');
    const session = await made(
      `/v1/pairings/${pairing.id}/sessions`,
      key,
      { scheduledAt: '2031-02-01T10:00:00.000Z', durationMinutes: 30, notes: noted, actionItems: [] },
      'session',
    );
    expect(filesHolding(described).length).toBeGreaterThan(0);

    expect((await send('PATCH', `/v1/goals/${goal.id}`, person.token, { description: null })).status).toBe(200);
    expect(filesHolding(described)).toEqual([]);
    expect((await send('PATCH', `/v1/sessions/${session.id}`, key, { notes: 'Rewritten.' })).status).toBe(200);
    expect(filesHolding(noted)).toEqual([]);
  });

  it('when a reader keeps the log busy, the erasure still answers, and an error line names the incomplete checkpoint', async () => {
    const person = await mentee('erase-checkpoint-4');
    const words = marker('busy');
    const goal = await made(`/v1/participants/${person.id}/goals`, person.token, { title: 'Busy goal' }, 'goal');
    await made(`/v1/goals/${goal.id}/check-ins`, person.token, { note: words }, 'checkIn');

    // Another process reading (a backup, say), holding a snapshot that needs the log.
    const reader = new Database(databasePath, { readonly: true });
    logged.length = 0;
    try {
      reader.exec('BEGIN');
      reader.prepare('SELECT count(*) FROM check_ins').get();
      const started = performance.now();
      expect((await send('DELETE', `/v1/participants/${person.id}`, key)).status).toBe(204);
      // It tried again, pausing between tries, rather than giving up at once.
      expect(performance.now() - started).toBeGreaterThan(100);
      const errors = logged.filter((line) => line.level === 'error');
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ what: 'participant erasure', attempts: 5, busy: 1 });
      expect(String(errors[0]!.msg)).toMatch(/^checkpoint after removing personal text did not complete/);
      // Erased for every reader that comes after, whatever the log holds for now.
      expect((await send('GET', `/v1/participants/${person.id}`, key)).status).toBe(404);
    } finally {
      reader.exec('COMMIT');
      reader.close();
    }

    // With the reader gone, the next removal's checkpoint completes, and takes the old words with it.
    logged.length = 0;
    const next = await mentee('erase-checkpoint-5');
    expect((await send('DELETE', `/v1/participants/${next.id}`, key)).status).toBe(204);
    expect(logged.filter((line) => line.level === 'error')).toEqual([]);
    expect(filesHolding(words)).toEqual([]);
  });
});
