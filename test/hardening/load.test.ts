import { afterAll, describe, expect, it } from 'vitest';
import { type LoadResult, runLoad } from '../../bench/load.ts';
import { residentMegabytes } from '../../bench/resident-memory.ts';
import { SOURCE_ENTRY, type StartedServer, startServer } from '../support/server-process.ts';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';

const ADMIN_KEY = 'load-test-operator-key-0123';
const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);
let server: StartedServer | undefined;

afterAll(async () => {
  await server?.stop();
  removeTempDirs();
});

/**
 * A bounded load on loopback: 50 connections for a minute, mixing reads, writes, searches and
 * coaching answers as a busy program would. No request may fail, and the memory the process
 * holds afterwards must settle near where it started (no leak that grows with traffic).
 */
describe('under load', () => {
  it(
    `serves a ${SECONDS} s mix at 50 connections without an error, and its memory settles`,
    async () => {
      server = await startServer(
        makeTempDir('mentor-coach-load-'),
        { COACH_ADMIN_KEY: ADMIN_KEY, COACH_RATE_LIMIT: '0', COACH_LOG_LEVEL: 'warn' },
        SOURCE_ENTRY,
      );
      const base = server.baseURL;
      const call = async (key: string, method: string, path: string, body?: unknown) =>
        (
          await fetch(`${base}${path}`, {
            method,
            headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
            body: body === undefined ? undefined : JSON.stringify(body),
          })
        ).json() as Promise<any>;
      const { apiKey } = await call(ADMIN_KEY, 'POST', '/v1/admin/sites', { name: 'Load' });
      const { participant: mentee } = await call(apiKey, 'POST', '/v1/participants', { externalId: 'load-mentee', role: 'mentee', displayName: 'L' });
      const { participant: mentor } = await call(apiKey, 'POST', '/v1/participants', { externalId: 'load-mentor', role: 'mentor', displayName: 'M' });
      await call(apiKey, 'POST', '/v1/pairings', { mentorId: mentor.id, menteeId: mentee.id });
      const { goal } = await call(apiKey, 'POST', `/v1/participants/${mentee.id}/goals`, { title: 'Finish the course', targetDate: '2027-01-10' });
      const { token } = await call(apiKey, 'POST', '/v1/participant-tokens', { participantId: mentee.id });
      const { token: mentorToken } = await call(apiKey, 'POST', '/v1/participant-tokens', { participantId: mentor.id });

      // Warm up, then take the memory the process settles at before the load.
      for (let index = 0; index < 20; index++) await call(token, 'POST', '/v1/coach/next-steps', { question: `warm up ${index}` });
      await new Promise((resolve) => setTimeout(resolve, 2000));
      const before = residentMegabytes(server.child.pid!);

      let turn = 0;
      const headers = (credential: string) => ({ authorization: `Bearer ${credential}`, 'content-type': 'application/json' });
      const mix: Array<() => Promise<Response>> = [
        () => fetch(`${base}/v1/goals/${goal.id}`, { headers: headers(token) }),
        () => fetch(`${base}/v1/participants/${mentee.id}/goals`, { headers: headers(mentorToken) }),
        () =>
          fetch(`${base}/v1/goals/${goal.id}/check-ins`, {
            method: 'POST',
            headers: headers(token),
            body: JSON.stringify({ progress: turn % 100, confidence: 3, note: `load ${turn}` }),
          }),
        () => fetch(`${base}/v1/resources/search`, { method: 'POST', headers: headers(token), body: JSON.stringify({ q: `how to keep going ${turn % 50}` }) }),
        () => fetch(`${base}/v1/coach/next-steps`, { method: 'POST', headers: headers(token), body: JSON.stringify({ question: `what next ${turn % 50}` }) }),
        () =>
          fetch(`${base}/v1/coach/agenda`, {
            method: 'POST',
            headers: headers(mentorToken),
            body: JSON.stringify({ menteeId: mentee.id, durationMinutes: 30 }),
          }),
        () =>
          fetch(`${base}/v1/coach/reframe`, {
            method: 'POST',
            headers: headers(token),
            body: JSON.stringify({ statement: `Everyone is ahead of me ${turn % 50}` }),
          }),
      ];
      const statuses = new Map<number, number>();
      const result: LoadResult = await runLoad(
        async () => {
          const response = await mix[turn++ % mix.length]!();
          await response.arrayBuffer();
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          // Every route of the mix answers 200, or 201 for a check-in; anything else is an error.
          return new Response(null, { status: response.status === 201 ? 200 : response.status });
        },
        { connections: 50, seconds: SECONDS, expect: 200 },
      );

      await new Promise((resolve) => setTimeout(resolve, 5000));
      const after = residentMegabytes(server.child.pid!);
      console.log(
        `load: ${result.requests} requests in ${SECONDS} s (${result.perSecond}/s), p50 ${result.p50} ms, p99 ${result.p99} ms, errors ${result.errors}, statuses ${JSON.stringify(Object.fromEntries(statuses))}; RSS ${before.toFixed(0)} MB before, ${after.toFixed(0)} MB after`,
      );
      expect(result.errors).toBe(0);
      expect(result.requests).toBeGreaterThan(SECONDS * 20);
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      // Caches and buffers may keep some of what the load used, but not a leak that grows with it.
      expect(after).toBeLessThan(before * 1.5 + 50);
    },
    (SECONDS + 60) * 1000,
  );
});
