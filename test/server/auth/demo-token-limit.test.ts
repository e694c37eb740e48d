/**
 * Demo tokens (handed out without a credential) are limited per client address: one visitor
 * who asks too often gets 429 with Retry-After, and every other visitor still gets theirs. A
 * real SQLite store with the demo seeded, the real app; the address comes from the test or
 * from a real socket on loopback.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../server/app.ts';
import { RateLimiter } from '../../../server/auth/index.ts';
import { seedDemo } from '../../../server/demo/seed.ts';
import type { Services } from '../../../server/services.ts';
import { createSqliteStore } from '../../../server/store/index.ts';
import { createTestServices } from '../../support/services.ts';
import { type Answer, call, fetchAnswer, listen } from './http.ts';

const LIMIT = 3;
const opened: Services[] = [];

afterAll(async () => {
  for (const services of opened) await services.store.close();
});

async function demoWorld(options: Partial<Services> = {}) {
  const store = createSqliteStore({ path: ':memory:' });
  const clock = { now: 5_000_000 };
  const services = createTestServices({
    store,
    demo: await seedDemo(store),
    demoTokenLimiter: new RateLimiter({ perMinute: LIMIT, burst: LIMIT, now: () => clock.now }),
    ...options,
  });
  opened.push(services);
  return { services, app: createApp(services), clock };
}

const ask = { body: { role: 'mentee' } };

function expectLimited(answer: Answer): number {
  expect(answer.status, answer.text).toBe(429);
  expect(answer.body.error).toMatchObject({ code: 'rate_limited' });
  expect(answer.body.error.message).toMatch(/^Too many demo tokens from your address: try again in \d+ s\.$/);
  expect(answer.text).not.toContain('mc_pt.');
  return Number(answer.headers.get('retry-after'));
}

describe('demo tokens, per client address', () => {
  it('one address over its allowance gets 429; every other address still gets tokens that work', async () => {
    const { app, services } = await demoWorld();
    for (let count = 0; count < LIMIT; count++)
      expect((await call(app, 'POST', '/v1/demo/participant-token', { ...ask, address: '203.0.113.10' })).status).toBe(201);
    const seconds = expectLimited(await call(app, 'POST', '/v1/demo/participant-token', { ...ask, address: '203.0.113.10' }));
    expect(seconds).toBeGreaterThanOrEqual(1);
    expect(seconds).toBeLessThanOrEqual(60 / LIMIT);
    expectLimited(await call(app, 'POST', '/v1/demo/participant-token', { body: { role: 'mentor' }, address: '203.0.113.10' }));

    // Not one bucket for all visitors: others are unaffected, and their tokens read the demo.
    for (const address of ['203.0.113.11', '198.51.100.4', '2001:db8:1:1::5']) {
      const answer = await call(app, 'POST', '/v1/demo/participant-token', { ...ask, address });
      expect(answer.status, address).toBe(201);
      const goals = await call(app, 'GET', `/v1/participants/${services.demo!.menteeId}/goals`, { auth: answer.body.token, address });
      expect(goals.status).toBe(200);
      expect(goals.body.goals.length).toBeGreaterThan(0);
    }
  });

  it('gives the address one more token per refill, not a new allowance', async () => {
    const { app, clock } = await demoWorld();
    const address = '192.0.2.8';
    for (let count = 0; count < LIMIT; count++) await call(app, 'POST', '/v1/demo/participant-token', { ...ask, address });
    const seconds = expectLimited(await call(app, 'POST', '/v1/demo/participant-token', { ...ask, address }));
    clock.now += seconds * 1000;
    expect((await call(app, 'POST', '/v1/demo/participant-token', { ...ask, address })).status).toBe(201);
    expectLimited(await call(app, 'POST', '/v1/demo/participant-token', { ...ask, address }));
  });

  it('with no address known (an in-process call), requests share one bucket rather than fail', async () => {
    const { app } = await demoWorld();
    for (let count = 0; count < LIMIT; count++) expect((await call(app, 'POST', '/v1/demo/participant-token', ask)).status).toBe(201);
    expectLimited(await call(app, 'POST', '/v1/demo/participant-token', ask));
  });

  it("over a real connection, counts the socket's address whatever X-Forwarded-For claims", async () => {
    const { app } = await demoWorld();
    const server = await listen(app);
    try {
      for (let count = 0; count < LIMIT; count++) {
        const answer = await fetchAnswer(server.baseURL, 'POST', '/v1/demo/participant-token', {
          ...ask,
          headers: { 'x-forwarded-for': `198.51.100.${count}` },
        });
        expect(answer.status).toBe(201);
      }
      expectLimited(await fetchAnswer(server.baseURL, 'POST', '/v1/demo/participant-token', { ...ask, headers: { 'x-forwarded-for': '198.51.100.99' } }));
    } finally {
      await server.close();
    }
  });

  it('no longer shares one bucket of the per-credential limit among all visitors', async () => {
    // The per-credential limiter alone: demo requests have no credential, so it does not count them.
    const { app } = await demoWorld({ demoTokenLimiter: undefined, rateLimiter: new RateLimiter({ perMinute: 60, burst: 1 }) });
    for (let count = 0; count < 5; count++)
      expect((await call(app, 'POST', '/v1/demo/participant-token', { ...ask, address: '203.0.113.10' })).status).toBe(201);
  });
});
