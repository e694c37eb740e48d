/**
 * Refused credentials are limited per client address: after a few in a minute from one
 * address, it gets 429 with Retry-After before any further credential of its is checked, good
 * ones included, while other addresses go on as before. A real SQLite store, the real app;
 * the address comes from the test (app.request) or from a real socket on loopback.
 */
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../../server/app.ts';
import { RateLimiter, signParticipantToken } from '../../../server/auth/index.ts';
import type { Services } from '../../../server/services.ts';
import { createTestServices, createTestSite, tokenFor } from '../../support/services.ts';
import { type Answer, type App, call, fetchAnswer, listen } from './http.ts';

const LIMIT = 5;
const opened: Services[] = [];

afterAll(async () => {
  for (const services of opened) await services.store.close();
});

/** An app whose refused-credential limit is LIMIT a minute per address, on a clock the test moves. */
async function world(options: Partial<Services> = {}) {
  const clock = { now: 1_000_000 };
  const services = createTestServices({ failedAuthLimiter: new RateLimiter({ perMinute: LIMIT, burst: LIMIT, now: () => clock.now }), ...options });
  opened.push(services);
  const app = createApp(services);
  const site = await createTestSite(services, 'Limited site');
  const mentee = await services.store.participants.create(site.site.id, {
    externalId: 'm-1',
    role: 'mentee',
    displayName: 'Mentee',
    profile: { skills: [], interests: [], preferences: {} },
  });
  const now = Math.floor(Date.now() / 1000);
  const refused = {
    // The right shape and a real site, the wrong secret.
    guessedKey: `mc_site_${site.site.id}_${'A'.repeat(43)}`,
    forgedToken: signParticipantToken({ v: 1, site: site.site.id, sub: mentee.id, role: 'mentee', iat: now, exp: now + 600 }, 'not-the-site-secret'),
    expiredToken: await tokenFor(services, mentee, site.site.id, -60),
    garbage: 'not-a-credential-at-all',
  };
  return { services, app, clock, site, mentee, refused };
}

function expectLimited(answer: Answer): number {
  expect(answer.status, answer.text).toBe(429);
  expect(answer.body.error.code).toBe('rate_limited');
  expect(answer.body.error.message).toMatch(/refused credentials from your address: try again in \d+ s\.$/);
  const seconds = Number(answer.headers.get('retry-after'));
  expect(Number.isInteger(seconds)).toBe(true);
  return seconds;
}

describe('refused credentials, per client address', () => {
  it('after the limit, an address gets 429 with Retry-After before any credential is checked, even a good one', async () => {
    const { services, app, site, mentee, refused } = await world();
    const address = '203.0.113.7';
    const credentials = [refused.guessedKey, refused.forgedToken, refused.expiredToken, refused.garbage, refused.guessedKey];
    for (const credential of credentials) expect((await call(app, 'GET', '/v1/site', { auth: credential, address })).status).toBe(401);

    const goodToken = await tokenFor(services, mentee, site.site.id);
    const secrets = vi.spyOn(services.store.sites, 'secrets');
    const limited = await call(app, 'GET', '/v1/site', { auth: site.apiKey, address });
    const seconds = expectLimited(limited);
    // A bucket of LIMIT that refills LIMIT a minute: the next attempt is at most 60/LIMIT seconds away.
    expect(seconds).toBeGreaterThanOrEqual(1);
    expect(seconds).toBeLessThanOrEqual(60 / LIMIT);
    expect(limited.text).not.toContain('Limited site');
    expectLimited(await call(app, 'GET', `/v1/participants/${mentee.id}/goals`, { auth: goodToken, address }));
    expectLimited(await call(app, 'GET', '/v1/site', { auth: refused.guessedKey, address }));
    // Nothing was looked up for the refused address: its credentials were not checked at all.
    expect(secrets).not.toHaveBeenCalled();
    secrets.mockRestore();

    // Another address is not affected, with good and bad credentials alike.
    expect((await call(app, 'GET', '/v1/site', { auth: site.apiKey, address: '198.51.100.23' })).status).toBe(200);
    expect((await call(app, 'GET', '/v1/site', { auth: refused.guessedKey, address: '198.51.100.23' })).body.error.code).toBe('unauthorized');
  });

  it('names the right 401 until the limit, and lets the address in again once the bucket refills', async () => {
    const { app, clock, site, refused } = await world();
    const address = '192.0.2.44';
    const codes = [];
    for (const credential of [refused.forgedToken, refused.expiredToken, refused.guessedKey, refused.garbage, refused.forgedToken]) {
      codes.push((await call(app, 'GET', '/v1/site', { auth: credential, address })).body.error.code);
    }
    expect(codes).toEqual(['invalid_token', 'token_expired', 'unauthorized', 'unauthorized', 'invalid_token']);
    const seconds = expectLimited(await call(app, 'GET', '/v1/site', { auth: site.apiKey, address }));
    clock.now += seconds * 1000 - 1;
    expectLimited(await call(app, 'GET', '/v1/site', { auth: site.apiKey, address }));
    clock.now += 1;
    expect((await call(app, 'GET', '/v1/site', { auth: site.apiKey, address })).status).toBe(200);
    // One refill is one more attempt, not a fresh allowance.
    expect((await call(app, 'GET', '/v1/site', { auth: refused.garbage, address })).status).toBe(401);
    expectLimited(await call(app, 'GET', '/v1/site', { auth: site.apiKey, address }));
    clock.now += 60_000;
    expect((await call(app, 'GET', '/v1/site', { auth: site.apiKey, address })).status).toBe(200);
  });

  it('counts only credentials that were sent and refused: none at all, and accepted ones, are free', async () => {
    const { app, site, refused } = await world();
    const address = '203.0.113.99';
    for (let count = 0; count < LIMIT * 3; count++) {
      expect((await call(app, 'GET', '/v1/site', { address })).status).toBe(401);
      expect((await call(app, 'GET', '/v1/site', { auth: site.apiKey, address })).status).toBe(200);
    }
    for (let count = 0; count < LIMIT; count++) expect((await call(app, 'GET', '/v1/site', { auth: refused.garbage, address })).status).toBe(401);
    expectLimited(await call(app, 'GET', '/v1/site', { auth: site.apiKey, address }));
  });

  it('counts an IPv6 client by its /64, and an IPv4-mapped address as the IPv4 one', async () => {
    const { app, site, refused } = await world();
    const sameSubnet = ['2001:db8:7:1::1', '2001:db8:7:1::2', '2001:0db8:0007:0001:ffff::9', '2001:db8:7:1:1:1:1:1', '2001:db8:7:1::abcd'];
    for (const address of sameSubnet) expect((await call(app, 'GET', '/v1/site', { auth: refused.garbage, address })).status).toBe(401);
    expectLimited(await call(app, 'GET', '/v1/site', { auth: site.apiKey, address: '2001:db8:7:1:dead:beef::1' }));
    expect((await call(app, 'GET', '/v1/site', { auth: site.apiKey, address: '2001:db8:7:2::1' })).status).toBe(200);

    for (let count = 0; count < LIMIT; count++) await call(app, 'GET', '/v1/site', { auth: refused.garbage, address: '::ffff:198.51.100.200' });
    expectLimited(await call(app, 'GET', '/v1/site', { auth: site.apiKey, address: '198.51.100.200' }));
  });

  it('keeps the limit per credential too: a good key over its own limit is 429 from any address', async () => {
    const { app, site } = await world({ rateLimiter: new RateLimiter({ perMinute: 60, burst: 2 }) });
    expect((await call(app, 'GET', '/v1/site', { auth: site.apiKey, address: '203.0.113.1' })).status).toBe(200);
    expect((await call(app, 'GET', '/v1/site', { auth: site.apiKey, address: '203.0.113.2' })).status).toBe(200);
    const limited = await call(app, 'GET', '/v1/site', { auth: site.apiKey, address: '203.0.113.3' });
    expect(limited.status).toBe(429);
    expect(limited.body.error.message).toMatch(/^Too many requests: try again in \d+ s\.$/);
  });
});

describe('over a real connection', () => {
  it("takes the address from the socket, and a client's own X-Forwarded-For changes nothing", async () => {
    const { app, site, refused } = await world();
    const server = await listen(app);
    try {
      for (let count = 0; count < LIMIT; count++) {
        const spoofed = { 'x-forwarded-for': `198.51.100.${count + 1}` };
        expect((await fetchAnswer(server.baseURL, 'GET', '/v1/site', { auth: refused.garbage, headers: spoofed })).status).toBe(401);
      }
      expectLimited(await fetchAnswer(server.baseURL, 'GET', '/v1/site', { auth: site.apiKey, headers: { 'x-forwarded-for': '192.0.2.250' } }));
      expectLimited(await fetchAnswer(server.baseURL, 'GET', '/v1/site', { auth: site.apiKey }));
    } finally {
      await server.close();
    }
  });

  it('behind a trusted proxy, counts the address the proxy appended, not what the client wrote before it', async () => {
    const { app, site, refused } = await world({ clientAddress: { trustedProxies: 1 } });
    const server = await listen(app);
    try {
      // The client claims a new address each time; the proxy appends the one it saw.
      for (let count = 0; count < LIMIT; count++) {
        const forwarded = { 'x-forwarded-for': `10.9.9.${count}, 203.0.113.77` };
        expect((await fetchAnswer(server.baseURL, 'GET', '/v1/site', { auth: refused.garbage, headers: forwarded })).status).toBe(401);
      }
      expectLimited(await fetchAnswer(server.baseURL, 'GET', '/v1/site', { auth: site.apiKey, headers: { 'x-forwarded-for': '203.0.113.77' } }));
      // Another client behind the same proxy, and the proxy's own address, have their own buckets.
      expect((await fetchAnswer(server.baseURL, 'GET', '/v1/site', { auth: site.apiKey, headers: { 'x-forwarded-for': '203.0.113.78' } })).status).toBe(200);
      expect((await fetchAnswer(server.baseURL, 'GET', '/v1/site', { auth: site.apiKey })).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});

describe('without the limit configured', () => {
  it('refused credentials are only ever 401 (the app as the other tests build it)', async () => {
    const services = createTestServices();
    opened.push(services);
    const app: App = createApp(services);
    for (let count = 0; count < 30; count++) expect((await call(app, 'GET', '/v1/site', { auth: 'wrong', address: '203.0.113.5' })).status).toBe(401);
  });
});
