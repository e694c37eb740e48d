import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
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

async function call(baseURL: string, key: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${baseURL}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as any };
}

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
    const acknowledged: string[] = [];
    let failures = 0;
    let sent = 0;
    const writer = async (worker: number) => {
      for (let round = 0; ; round++) {
        sent++;
        try {
          const { status, body } = await call(first.baseURL, apiKey, 'POST', `/v1/goals/${goal.id}/check-ins`, {
            note: `worker ${worker} round ${round}`,
            confidence: 3,
          });
          if (status !== 201) throw new Error(`status ${status}`);
          acknowledged.push(body.checkIn.id);
        } catch {
          failures++;
          return;
        }
      }
    };
    const writers = Array.from({ length: 50 }, (_, worker) => writer(worker));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    first.child.kill('SIGKILL');
    await Promise.all(writers);
    expect(acknowledged.length).toBeGreaterThan(100);
    // Requests were in flight at the kill: some failed without an answer, as they should.
    expect(failures).toBeGreaterThan(0);

    const second = await boot(dataDir);
    const stored = new Set<string>();
    let cursor: string | undefined;
    do {
      const { status, body } = await call(second.baseURL, apiKey, 'GET', `/v1/goals/${goal.id}/check-ins?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
      expect(status).toBe(200);
      for (const checkIn of body.checkIns) stored.add(checkIn.id);
      cursor = body.nextCursor;
    } while (cursor);

    console.log(`acknowledged ${acknowledged.length}, stored ${stored.size}, sent ${sent}, unanswered ${failures}`);
    const lost = acknowledged.filter((id) => !stored.has(id));
    expect(lost).toEqual([]);
    // Nothing appears that was never sent.
    expect(stored.size).toBeLessThanOrEqual(sent);
    expect(stored.size).toBeGreaterThanOrEqual(acknowledged.length);
  });
});
