/**
 * Every answer under /v1 carries `Cache-Control: no-store`, whatever made it: a route, the
 * guard (401, 403, 429), validation (400, 413, 415), the not-found handler, a 503 while the
 * coach starts, a CORS preflight, a stream. Every operation of the OpenAPI document is sent,
 * with a credential and without one. Real SQLite, the real app and the real corpus index.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { RateLimiter } from '../../server/auth/index.ts';
import { Library } from '../../server/coach/library.ts';
import { seedDemo } from '../../server/demo/seed.ts';
import type { Services } from '../../server/services.ts';
import { createSqliteStore } from '../../server/store/index.ts';
import { buildCorpusIndex } from '../support/corpus-index.ts';
import { idFor } from '../support/operation-ids.ts';
import { createTestServices, createTestSite, tokenFor } from '../support/services.ts';
import { removeTempDirs } from '../support/temp-dir.ts';

type App = ReturnType<typeof createApp>;
const ADMIN_KEY = 'no-store-operator-key-0123456789';
const ORIGIN = 'https://portal.no-store.example';

interface World {
  services: Services;
  app: App;
  credentials: Record<string, string>;
  ids: Record<string, string>;
}
let shared: World;
/** Every answer seen, by status: each must be no-store. */
const seen = new Map<number, string[]>();

/** A site with a mentee, a mentor, their pairing, a goal, a check-in and a session, and the corpus. */
async function makeWorld(): Promise<World> {
  const index = await buildCorpusIndex();
  const store = createSqliteStore({ path: ':memory:' });
  const services = createTestServices({
    store,
    index,
    library: await Library.load(index),
    adminKey: ADMIN_KEY,
    demo: await seedDemo(store),
    bodyLimitBytes: 4 * 1024,
  });
  const site = await createTestSite(services, 'No-store site', [ORIGIN]);
  const profile = { skills: [], interests: [], preferences: {} };
  const mentee = await store.participants.create(site.site.id, { externalId: 'n-1', role: 'mentee', displayName: 'N', profile });
  const mentor = await store.participants.create(site.site.id, { externalId: 'n-2', role: 'mentor', displayName: 'M', profile });
  const pairing = await store.pairings.create(site.site.id, { mentorId: mentor.id, menteeId: mentee.id, model: 'one-to-one' });
  const goal = await store.goals.create(site.site.id, mentee.id, { title: 'A goal' });
  const checkIn = await store.goals.addCheckIn(site.site.id, goal.id, { note: 'fine' });
  const session = await store.sessions.create(site.site.id, pairing.id, { scheduledAt: new Date().toISOString(), durationMinutes: 30, actionItems: [] });
  return {
    services,
    app: createApp(services),
    credentials: { operator: ADMIN_KEY, site: site.apiKey, mentee: await tokenFor(services, mentee, site.site.id) },
    ids: { site: site.site.id, participant: mentee.id, pairing: pairing.id, goal: goal.id, checkIn: checkIn!.id, session: session.id },
  };
}

beforeAll(async () => {
  shared = await makeWorld();
});

afterAll(async () => {
  await shared.services.store.close();
  removeTempDirs();
});

async function expectNoStore(target: App, path: string, init: RequestInit = {}, environment?: { clientAddress: string }): Promise<Response> {
  const response = await target.request(path, init, environment);
  const label = `${init.method ?? 'GET'} ${path} → ${response.status}`;
  expect(response.headers.get('cache-control'), label).toBe('no-store');
  seen.set(response.status, [...(seen.get(response.status) ?? []), label]);
  await response.arrayBuffer();
  return response;
}

describe('Cache-Control: no-store under /v1', () => {
  it('is on the answer of every operation of the OpenAPI document, with each kind of credential and without one', async () => {
    // A world of its own: these calls delete sites and rotate keys.
    const { app, credentials, ids, services } = await makeWorld();
    const document = (await (await app.request('/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
    const operations = Object.entries(document.paths)
      .filter(([path]) => path.startsWith('/v1/'))
      .flatMap(([path, methods]) =>
        Object.keys(methods).map((method) => ({ method: method.toUpperCase(), path: path.replaceAll(/\{\w+\}/g, () => idFor(ids, path)) })),
      );
    expect(operations.length).toBeGreaterThan(20);
    // Deletions last, so the other operations still find what they name.
    operations.sort((left, right) => Number(left.method === 'DELETE') - Number(right.method === 'DELETE'));
    for (const credential of [undefined, 'not-a-credential', credentials.mentee, credentials.operator, credentials.site]) {
      for (const { method, path } of operations) {
        const headers: Record<string, string> = credential ? { authorization: `Bearer ${credential}` } : {};
        const body = method === 'GET' || method === 'DELETE' ? undefined : '{}';
        if (body) headers['content-type'] = 'application/json';
        await expectNoStore(app, path, { method, headers, body });
      }
    }
    await services.store.close();
    for (const status of [200, 204, 400, 401, 403, 404]) expect(seen.has(status), `some answer was ${status}`).toBe(true);
  }, 120_000);

  it('is on a creation, and on errors from validation, body limits, media types, unknown routes and a coach that is still starting', async () => {
    const { app, credentials } = shared;
    const site = { authorization: `Bearer ${credentials.site}` };
    expect(
      (
        await expectNoStore(app, '/v1/participants', {
          method: 'POST',
          headers: { ...site, 'content-type': 'application/json' },
          body: '{"externalId": "n-3", "role": "mentee", "displayName": "New"}',
        })
      ).status,
    ).toBe(201);
    expect(
      (await expectNoStore(app, '/v1/participants', { method: 'POST', headers: { ...site, 'content-type': 'application/json' }, body: '{"role": 7}' })).status,
    ).toBe(400);
    expect(
      (
        await expectNoStore(app, '/v1/participants', {
          method: 'POST',
          headers: { ...site, 'content-type': 'application/json' },
          body: JSON.stringify({ displayName: 'x'.repeat(8 * 1024) }),
        })
      ).status,
    ).toBe(413);
    expect((await expectNoStore(app, '/v1/participants', { method: 'POST', headers: { ...site, 'content-type': 'text/plain' }, body: 'hello' })).status).toBe(
      415,
    );
    expect((await expectNoStore(app, '/v1/no-such-route', { headers: site })).status).toBe(404);
    expect((await expectNoStore(app, '/v1/goals/goal_doesnotexist', { headers: site })).status).toBe(404);
    expect((await expectNoStore(app, '/v1/site', { headers: { ...site, origin: 'https://elsewhere.example' } })).status).toBe(403);

    const starting = createTestServices();
    const startingSite = await createTestSite(starting);
    const answer = await expectNoStore(createApp(starting), '/v1/coach/next-steps', {
      method: 'POST',
      headers: { authorization: `Bearer ${startingSite.apiKey}`, 'content-type': 'application/json' },
      body: '{"question": "what next?"}',
    });
    expect(answer.status).toBe(503);
    await starting.store.close();
  });

  it('is on every 429: per credential, per address for refused credentials and for demo tokens', async () => {
    const store = createSqliteStore({ path: ':memory:' });
    const limited = createTestServices({
      store,
      demo: await seedDemo(store),
      rateLimiter: new RateLimiter({ perMinute: 60, burst: 1 }),
      failedAuthLimiter: new RateLimiter({ perMinute: 60, burst: 1 }),
      demoTokenLimiter: new RateLimiter({ perMinute: 60, burst: 1 }),
    });
    const limitedApp = createApp(limited);
    const site = await createTestSite(limited);
    const key = { authorization: `Bearer ${site.apiKey}` };
    const address = { clientAddress: '203.0.113.40' };
    expect((await expectNoStore(limitedApp, '/v1/site', { headers: key }, address)).status).toBe(200);
    const perCredential = await expectNoStore(limitedApp, '/v1/site', { headers: key }, address);
    expect(perCredential.status).toBe(429);
    expect(perCredential.headers.get('retry-after')).toMatch(/^\d+$/);

    expect((await expectNoStore(limitedApp, '/v1/site', { headers: { authorization: 'Bearer wrong' } }, address)).status).toBe(401);
    expect((await expectNoStore(limitedApp, '/v1/site', { headers: { authorization: 'Bearer wrong' } }, address)).status).toBe(429);

    const demo = { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"role": "mentee"}' };
    expect((await expectNoStore(limitedApp, '/v1/demo/participant-token', demo, address)).status).toBe(201);
    expect((await expectNoStore(limitedApp, '/v1/demo/participant-token', demo, address)).status).toBe(429);
    await limited.store.close();
  });

  it("is on a CORS preflight, on a streamed coaching answer, and on the demo's 404 when demo mode is off", async () => {
    const { app, credentials, ids } = shared;
    const preflight = await expectNoStore(app, '/v1/site', { method: 'OPTIONS', headers: { origin: ORIGIN, 'access-control-request-method': 'GET' } });
    expect(preflight.status).toBe(204);
    const streamed = await expectNoStore(app, '/v1/coach/next-steps', {
      method: 'POST',
      headers: { authorization: `Bearer ${credentials.mentee}`, accept: 'text/event-stream', 'content-type': 'application/json' },
      body: JSON.stringify({ participantId: ids.participant, question: 'How do I keep going?' }),
    });
    expect(streamed.status).toBe(200);
    expect(streamed.headers.get('content-type')).toMatch(/^text\/event-stream/);

    const noDemo = createTestServices();
    const off = await expectNoStore(createApp(noDemo), '/v1/demo/participant-token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"role": "mentee"}',
    });
    expect(off.status).toBe(404);
    await noDemo.store.close();
  });

  it('leaves answers outside /v1 alone: the widget stays cacheable', async () => {
    const widget = await shared.app.request('/widget/mentor-coach.js');
    expect(widget.status).toBe(200);
    expect(widget.headers.get('cache-control')).toBe('public, max-age=300');
  });
});
