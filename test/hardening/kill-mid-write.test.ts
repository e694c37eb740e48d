import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { allCheckIns, callJson, checkInsUntilKilled } from '../support/check-in-burst.ts';
import { SOURCE_ENTRY, type StartedServer, startServer } from '../support/server-process.ts';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';

const ADMIN_KEY = 'durability-test-operator-key';
const started: StartedServer[] = [];

afterAll(async () => {
  for (const server of started) await server.stop();
  removeTempDirs();
});

async function boot(dataDir: string) {
  const server = await startServer(dataDir, { COACH_ADMIN_KEY: ADMIN_KEY, COACH_RATE_LIMIT: '0', COACH_LOG_LEVEL: 'error' }, SOURCE_ENTRY);
  started.push(server);
  return server;
}

const call = callJson;

describe('durability', () => {
  it('keeps every acknowledged check-in when the process is killed (SIGKILL) in the middle of a burst', async () => {
    const dataDir = join(makeTempDir('mentor-coach-durability-'), 'data');
    const first = await boot(dataDir);
    const {
      body: { apiKey },
    } = await call(first.baseURL, ADMIN_KEY, 'POST', '/v1/admin/sites', { name: 'Durable' });
    const {
      body: { participant },
    } = await call(first.baseURL, apiKey, 'POST', '/v1/participants', { externalId: 'm-1', role: 'mentee', displayName: 'M' });
    const {
      body: { goal },
    } = await call(first.baseURL, apiKey, 'POST', `/v1/participants/${participant.id}/goals`, { title: 'Write every day' });

    // 50 writers, each sending check-ins back to back until the process dies under them.
    const {
      acknowledged,
      sent,
      unanswered: failures,
    } = await checkInsUntilKilled({
      baseURL: first.baseURL,
      key: apiKey,
      goalId: goal.id,
      writers: 50,
      killAfterMs: 1500,
      kill: () => first.child.kill('SIGKILL'),
    });
    expect(acknowledged.length).toBeGreaterThan(100);
    // Requests were in flight at the kill: some failed without an answer, as they should.
    expect(failures).toBeGreaterThan(0);

    const second = await boot(dataDir);
    const stored = new Set((await allCheckIns(second.baseURL, apiKey, goal.id)).map((checkIn) => checkIn.id));

    console.log(`acknowledged ${acknowledged.length}, stored ${stored.size}, sent ${sent}, unanswered ${failures}`);
    const lost = acknowledged.filter((id) => !stored.has(id));
    expect(lost).toEqual([]);
    // Nothing appears that was never sent.
    expect(stored.size).toBeLessThanOrEqual(sent);
    expect(stored.size).toBeGreaterThanOrEqual(acknowledged.length);
  });
});
