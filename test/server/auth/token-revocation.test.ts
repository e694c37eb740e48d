/**
 * Per-participant token revocation: `POST /v1/participants/:id/tokens/revoke` (site key) ends
 * every token of that participant minted up to then (401 token_revoked), and a token minted
 * right after it, in the same second or millisecond, works. Real SQLite, the real app.
 */

import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../server/app.ts';
import { isRevoked, mintParticipantToken, signParticipantToken } from '../../../server/auth/index.ts';
import { seedDemo } from '../../../server/demo/seed.ts';
import type { Services } from '../../../server/services.ts';
import { createSqliteStore, type Participant } from '../../../server/store/index.ts';
import { createTestServices, createTestSite, tokenFor } from '../../support/services.ts';
import { makeTempDir, removeTempDirs } from '../../support/temp-dir.ts';
import { type App, call } from './http.ts';

const opened: Services[] = [];

afterAll(async () => {
  for (const services of opened) await services.store.close().catch(() => undefined);
  removeTempDirs();
});

async function world(options: Partial<Services> & { databasePath?: string } = {}) {
  const services = createTestServices(options);
  opened.push(services);
  const app = createApp(services);
  const site = await createTestSite(services, 'Revoking site');
  const person = async (externalId: string, role: 'mentee' | 'mentor') =>
    (await call(app, 'POST', '/v1/participants', { auth: site.apiKey, body: { externalId, role, displayName: externalId } })).body.participant as Participant;
  return { services, app, site, mentee: await person('mentee-1', 'mentee'), other: await person('mentee-2', 'mentee') };
}

/** A token from the host's own route, as a host backend gets it. */
async function minted(app: App, key: string, participantId: string): Promise<string> {
  const answer = await call(app, 'POST', '/v1/participant-tokens', { auth: key, body: { participantId } });
  expect(answer.status, answer.text).toBe(201);
  return answer.body.token;
}

const goalsOf = (app: App, participantId: string, token: string) => call(app, 'GET', `/v1/participants/${participantId}/goals`, { auth: token });

describe('POST /v1/participants/:id/tokens/revoke', () => {
  it("refuses every earlier token of that participant with 401 token_revoked, and no one else's", async () => {
    const { services, app, site, mentee, other } = await world();
    const earlier = [await minted(app, site.apiKey, mentee.id), await tokenFor(services, mentee, site.site.id), await minted(app, site.apiKey, mentee.id)];
    const others = await minted(app, site.apiKey, other.id);
    for (const token of earlier) expect((await goalsOf(app, mentee.id, token)).status).toBe(200);

    const before = Date.now();
    const revoked = await call(app, 'POST', `/v1/participants/${mentee.id}/tokens/revoke`, { auth: site.apiKey });
    expect(revoked.status, revoked.text).toBe(200);
    expect(Object.keys(revoked.body).sort()).toEqual(['participantId', 'revokedAt']);
    expect(revoked.body.participantId).toBe(mentee.id);
    expect(Date.parse(revoked.body.revokedAt)).toBeGreaterThanOrEqual(before);
    expect(revoked.body.revokedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

    for (const token of earlier) {
      const refused = await goalsOf(app, mentee.id, token);
      expect(refused.status).toBe(401);
      expect(refused.body.error.code).toBe('token_revoked');
      expect(refused.body.error.message).toMatch(/revoked by the host site/);
      expect(refused.headers.get('www-authenticate')).toBe('Bearer');
    }
    expect((await goalsOf(app, other.id, others)).status).toBe(200);
    // The site key itself still reaches the participant.
    expect((await goalsOf(app, mentee.id, site.apiKey)).status).toBe(200);
  });

  it('a token minted right after the answer works, however soon, again and again', async () => {
    const { app, site, mentee } = await world();
    let previous = await minted(app, site.apiKey, mentee.id);
    for (let round = 0; round < 4; round++) {
      expect((await call(app, 'POST', `/v1/participants/${mentee.id}/tokens/revoke`, { auth: site.apiKey })).status).toBe(200);
      const fresh = await minted(app, site.apiKey, mentee.id);
      expect((await goalsOf(app, mentee.id, fresh)).status, `round ${round}`).toBe(200);
      expect((await goalsOf(app, mentee.id, previous)).body.error.code).toBe('token_revoked');
      previous = fresh;
    }
  });

  it('with the clock standing still, a token that carries its generation is told apart to the millisecond', async () => {
    const frozen = new Date('2031-05-06T07:08:09.500Z');
    const { services, app, site, mentee } = await world({ now: () => frozen });
    const mint = async () =>
      (await mintParticipantToken(services.store, { siteId: site.site.id, participantId: mentee.id, ttlSeconds: 600, now: frozen }))!.token;
    const earlier = await mint();
    expect((await goalsOf(app, mentee.id, earlier)).status).toBe(200);
    expect((await call(app, 'POST', `/v1/participants/${mentee.id}/tokens/revoke`, { auth: site.apiKey })).body.revokedAt).toBe(frozen.toISOString());
    const later = await mint();
    expect((await goalsOf(app, mentee.id, earlier)).body.error?.code).toBe('token_revoked');
    expect((await goalsOf(app, mentee.id, later)).status).toBe(200);
    // Without a generation, a token of the cut-off's whole second cannot be told from an earlier one: refused.
    const issued = Math.floor(frozen.getTime() / 1000);
    const secrets = (await services.store.sites.secrets(site.site.id))!;
    const withoutGeneration = signParticipantToken(
      { v: 1, site: site.site.id, sub: mentee.id, role: 'mentee', iat: issued, exp: issued + 600 },
      secrets.tokenSecret,
    );
    expect((await goalsOf(app, mentee.id, withoutGeneration)).body.error?.code).toBe('token_revoked');
  });

  it('answers 404 for a participant of another site or none, 403 to a participant token, 400 for a bad id, 401 without a credential', async () => {
    const { services, app, site, mentee } = await world();
    const otherSite = await createTestSite(services, 'Other site');
    const token = await minted(app, site.apiKey, mentee.id);
    expect((await call(app, 'POST', `/v1/participants/${mentee.id}/tokens/revoke`, { auth: otherSite.apiKey })).status).toBe(404);
    expect((await call(app, 'POST', '/v1/participants/mentee_doesnotexist/tokens/revoke', { auth: site.apiKey })).body.error.code).toBe('not_found');
    const byParticipant = await call(app, 'POST', `/v1/participants/${mentee.id}/tokens/revoke`, { auth: token });
    expect(byParticipant.status).toBe(403);
    expect((await call(app, 'POST', '/v1/participants/NOT AN ID/tokens/revoke', { auth: site.apiKey })).status).toBe(400);
    expect((await call(app, 'POST', `/v1/participants/${mentee.id}/tokens/revoke`)).status).toBe(401);
    // None of those revoked anything.
    expect((await goalsOf(app, mentee.id, token)).status).toBe(200);
  });

  it('holds across a restart, and the revocation row goes with an erasure', async () => {
    const databasePath = join(makeTempDir('mentor-coach-revocation-'), 'coach.db');
    const first = await world({ databasePath });
    const revokedToken = await minted(first.app, first.site.apiKey, first.mentee.id);
    expect((await call(first.app, 'POST', `/v1/participants/${first.mentee.id}/tokens/revoke`, { auth: first.site.apiKey })).status).toBe(200);
    const kept = await minted(first.app, first.site.apiKey, first.mentee.id);
    await first.services.store.close();

    const again = createTestServices({ databasePath });
    opened.push(again);
    const app = createApp(again);
    expect((await goalsOf(app, first.mentee.id, revokedToken)).body.error.code).toBe('token_revoked');
    expect((await goalsOf(app, first.mentee.id, kept)).status).toBe(200);

    const raw = () => {
      const database = new Database(databasePath, { readonly: true });
      try {
        return (database.prepare('SELECT count(*) AS n FROM participant_tokens WHERE participant_id = ?').get(first.mentee.id) as { n: number }).n;
      } finally {
        database.close();
      }
    };
    expect(raw()).toBe(1);
    expect((await call(app, 'DELETE', `/v1/participants/${first.mentee.id}`, { auth: first.site.apiKey })).status).toBe(204);
    expect(raw()).toBe(0);
    expect((await goalsOf(app, first.mentee.id, kept)).body.error.code).toBe('invalid_token');
  });

  it('also ends demo tokens, which carry their generation', async () => {
    const store = createSqliteStore({ path: ':memory:' });
    const demo = await seedDemo(store);
    const services = createTestServices({ store, demo });
    opened.push(services);
    const app = createApp(services);
    const token = (await call(app, 'POST', '/v1/demo/participant-token', { body: { role: 'mentee' } })).body.token as string;
    expect(JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'))).toMatchObject({ gen: 0 });
    expect((await goalsOf(app, demo.menteeId, token)).status).toBe(200);
    await store.participants.revokeTokens(demo.siteId, demo.menteeId, new Date());
    expect((await goalsOf(app, demo.menteeId, token)).body.error.code).toBe('token_revoked');
    const fresh = (await call(app, 'POST', '/v1/demo/participant-token', { body: { role: 'mentee' } })).body.token as string;
    expect(JSON.parse(Buffer.from(fresh.split('.')[1]!, 'base64url').toString('utf8'))).toMatchObject({ gen: 1 });
    expect((await goalsOf(app, demo.menteeId, fresh)).status).toBe(200);
  });

  it('is in the OpenAPI document', async () => {
    const { app } = await world();
    const document = (await call(app, 'GET', '/openapi.json')).body;
    const operation = document.paths['/v1/participants/{id}/tokens/revoke']?.post;
    expect(operation).toMatchObject({ tags: ['participants'], parameters: [{ name: 'id', in: 'path', required: true }] });
    expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['200', '401', '403', '404']));
    expect(JSON.stringify(operation.responses['200'])).toContain('TokenRevocation');
    expect(document.components.schemas.TokenRevocation.required).toEqual(expect.arrayContaining(['participantId', 'revokedAt']));
  });
});

describe('isRevoked', () => {
  const cutOff = { generation: 2, revokedAt: '2031-01-01T00:00:10.250Z' };
  it('compares generations when the token carries one, whatever its time', () => {
    expect(isRevoked({ gen: 1, iat: 9_999_999_999 }, cutOff)).toBe(true);
    expect(isRevoked({ gen: 2, iat: 0 }, cutOff)).toBe(false);
    expect(isRevoked({ gen: 0, iat: 0 }, { generation: 0 })).toBe(false);
  });
  it("without one, refuses tokens of the cut-off's whole second and before", () => {
    const second = Date.parse(cutOff.revokedAt) / 1000;
    expect(isRevoked({ iat: Math.floor(second) - 1 }, cutOff)).toBe(true);
    expect(isRevoked({ iat: Math.floor(second) }, cutOff)).toBe(true);
    expect(isRevoked({ iat: Math.floor(second) + 1 }, cutOff)).toBe(false);
    expect(isRevoked({ iat: 0 }, { generation: 0 })).toBe(false);
  });
});
