/**
 * The PostgreSQL server goes away under a running app and comes back: while it is gone,
 * every call that needs it is a 503 that says nothing was saved, with one clear log line each
 * and no crash; coaching that needs no participant data goes on; once it is back, service is.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { createLogger } from '../../server/logger.ts';
import type { Services } from '../../server/services.ts';
import { createPostgresStore } from '../../server/store/index.ts';
import { type PostgresCluster, startPostgresCluster } from '../support/postgres-cluster.ts';
import { createTestServices, createTestSite } from '../support/services.ts';

let cluster: PostgresCluster;
let services: Services;
let app: ReturnType<typeof createApp>;
const logLines: Array<Record<string, unknown>> = [];

beforeAll(async () => {
  // A cluster of its own: stopping the run's shared one would fail the other test files.
  cluster = await startPostgresCluster();
  const logger = createLogger({ level: 'warn', write: (line) => logLines.push(JSON.parse(line)) });
  services = createTestServices({ store: await createPostgresStore({ url: cluster.url, logger }), logger });
  app = createApp(services);
});

afterAll(async () => {
  await services?.store.close();
  cluster?.stop();
});

describe('a database that goes away', () => {
  it('answers 503 while it is gone, logs why, and serves again once it is back', async () => {
    const { headers } = await createTestSite(services, 'Outage');
    const call = (method: string, path: string, body?: unknown) =>
      app.request(path, { method, headers: { ...headers, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const made = await call('POST', '/v1/participants', { externalId: 'm-1', role: 'mentee', displayName: 'Amara' });
    expect(made.status).toBe(201);
    const { participant } = (await made.json()) as { participant: { id: string } };

    cluster.halt();
    for (const [method, path, body] of [
      ['GET', `/v1/participants/${participant.id}`],
      ['POST', `/v1/participants/${participant.id}/goals`, { title: 'Finish the SQL course' }],
      ['GET', '/v1/participants'],
    ] as const) {
      const answer = await call(method, path, body);
      expect(answer.status, `${method} ${path}`).toBe(503);
      expect(answer.headers.get('retry-after')).toBeTruthy();
      const { error } = (await answer.json()) as { error: { code: string; message: string } };
      expect(error.code).toBe('storage_unavailable');
      expect(error.message).toMatch(/nothing was saved/);
    }
    // One line per refused call, saying what the database did: the connection the server
    // closed, then the connections it refuses.
    const failures = logLines.filter((line) => line.msg === 'storage failure');
    expect(failures).toHaveLength(3);
    expect(failures.some((line) => /cannot reach the database/.test(String(line.error)))).toBe(true);

    cluster.resume();
    // The pool opens fresh connections on its own: the first calls after the return succeed.
    const back = await call('POST', `/v1/participants/${participant.id}/goals`, { title: 'Finish the SQL course' });
    expect(back.status, await back.clone().text()).toBe(201);
    const listed = await call('GET', `/v1/participants/${participant.id}/goals`);
    expect(((await listed.json()) as { goals: unknown[] }).goals).toHaveLength(1);
  });
});
