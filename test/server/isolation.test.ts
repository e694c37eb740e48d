/**
 * Participant data stays where it belongs: one site never reaches another's, a participant
 * reaches only their own (and a mentor their open pairings' mentees), tokens cannot be forged,
 * stretched or carried to another site, and browsers are held to each site's origins.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { signParticipantToken } from '../../server/auth/index.ts';
import type { Services } from '../../server/services.ts';
import type { CheckIn, Goal, Pairing, Participant } from '../../server/store/index.ts';
import {
  type Answer,
  buildWorld,
  created,
  expectError,
  expectStatus,
  fillIds,
  MATRIX,
  madeUpIds,
  snapshotWorld,
  type World,
} from '../support/isolation-world.ts';
import { createTestServices, tokenFor } from '../support/services.ts';
import { STORES } from '../support/stores.ts';

type App = ReturnType<typeof createApp>;
const ORIGIN_A = 'https://portal.a.example';
const ORIGIN_B = 'https://portal.b.example';
const ADMIN_KEY = 'operator-key-for-the-isolation-tests-0123456789';

let services: Services;
let app: App;

async function call(method: string, path: string, auth?: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const all: Record<string, string> = { ...headers };
  if (auth) all.authorization = `Bearer ${auth}`;
  if (body !== undefined) all['content-type'] = 'application/json';
  const response = await app.request(path, { method, headers: all, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: text ? JSON.parse(text) : undefined };
}

function expectNoSecrets(text: string, world: World, what: string): void {
  for (const secret of world.secrets) expect(text.includes(secret), `${what} leaks "${secret}": ${text}`).toBe(false);
}

let A: World;
let B: World;

// The same matrix on either database: site scoping lives in every query, on both.
describe.each(STORES)('on $name', ({ open }) => {
  beforeAll(async () => {
    services = createTestServices({ adminKey: ADMIN_KEY, store: await open() });
    app = createApp(services);
    A = await buildWorld(services, call, 'Alpha', [ORIGIN_A]);
    B = await buildWorld(services, call, 'Bravo', [ORIGIN_B]);
  });

  afterAll(async () => {
    await services.store.close();
  });

  describe('site A cannot reach site B', () => {
    let before: Awaited<ReturnType<typeof snapshotWorld>>;
    beforeAll(async () => {
      before = await snapshotWorld(call, B);
    });

    it('the matrix covers every id-taking data route', async () => {
      const templates = new Set(MATRIX.map((entry) => `${entry.method} ${entry.path.split('?')[0]!.replace(/\{[\w.]+\}/g, ':id')}`));
      for (const route of [
        'GET /v1/participants/:id',
        'PATCH /v1/participants/:id',
        'DELETE /v1/participants/:id',
        'POST /v1/participant-tokens',
        'GET /v1/participants/:id/goals',
        'POST /v1/participants/:id/goals',
        'GET /v1/goals/:id',
        'PATCH /v1/goals/:id',
        'DELETE /v1/goals/:id',
        'GET /v1/goals/:id/check-ins',
        'POST /v1/goals/:id/check-ins',
        'GET /v1/check-ins/:id',
        'DELETE /v1/check-ins/:id',
        'POST /v1/pairings',
        'GET /v1/pairings',
        'GET /v1/pairings/:id',
        'PATCH /v1/pairings/:id',
        'DELETE /v1/pairings/:id',
        'GET /v1/pairings/:id/sessions',
        'POST /v1/pairings/:id/sessions',
        'GET /v1/sessions/:id',
        'PATCH /v1/sessions/:id',
        'DELETE /v1/sessions/:id',
      ])
        expect(templates, route).toContain(route);
      // And every operation of the document that takes an id in its path, so a new route cannot
      // miss the matrix (the library's documents are the same for every site).
      const document = (await (await app.request('/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
      for (const [path, operations] of Object.entries(document.paths)) {
        if (!path.startsWith('/v1/') || !path.includes('{') || path.startsWith('/v1/resources/')) continue;
        for (const method of Object.keys(operations))
          expect(templates, `${method} ${path}`).toContain(`${method.toUpperCase()} ${path.replace(/\{\w+\}/g, ':id')}`);
      }
    });

    it("with A's key, A's mentee token or A's mentor token, every route answers 403 or 404 and gives nothing of B away", async () => {
      const credentials = { 'A site key': A.key, 'A mentee token': A.menteeToken, 'A mentor token': A.mentorToken };
      const own = Object.fromEntries(Object.entries(A.ids).map(([name, id]) => [`own.${name}`, id]));
      const real = { ...B.ids, ...own };
      const guessed = { ...madeUpIds(B), ...own };
      let calls = 0;
      for (const entry of MATRIX) {
        for (const [who, credential] of Object.entries(credentials)) {
          const path = fillIds(entry.path, real);
          const body = entry.body && JSON.parse(fillIds(JSON.stringify(entry.body), real));
          const what = `${who}: ${entry.method} ${path} ${body ? JSON.stringify(body) : ''}`;
          const answer = await call(entry.method, path, credential, body);
          calls += 1;
          expect([403, 404], `${what} answered ${answer.status} ${answer.text}`).toContain(answer.status);
          const error = expectError(answer, answer.status, answer.status === 403 ? 'forbidden' : 'not_found', what);

          // The answer may repeat an id the caller sent (as "No goal with id ..."), nothing else of B.
          const sent = `${path} ${body ? JSON.stringify(body) : ''}`;
          let text = answer.text;
          for (const id of Object.values(B.ids)) if (sent.includes(id)) text = text.replaceAll(id, '<sent id>');
          expectNoSecrets(text, B, what);

          // And it is the very answer a made-up id of the same kind gets: B's rows are not even confirmed to exist.
          const guessPath = fillIds(entry.path, guessed);
          const guessBody = entry.body && JSON.parse(fillIds(JSON.stringify(entry.body), guessed));
          const guess = await call(entry.method, guessPath, credential, guessBody);
          expect(guess.status, `${what}: a made-up id answered ${guess.status}`).toBe(answer.status);
          let normalized = guess.text;
          // Longest first, so that "goal2" is not read as "goal" followed by "2".
          for (const name of Object.keys(B.ids).sort((left, right) => right.length - left.length))
            normalized = normalized.replaceAll(guessed[name]!, real[name]!);
          expect(JSON.parse(normalized), what).toEqual({ error });
        }
      }
      expect(calls).toBe(MATRIX.length * 3);
    });

    it("B's data is exactly as it was, and nothing was planted on either side", async () => {
      const after = await snapshotWorld(call, B);
      expect(after).toEqual(before);
      expect(after.goals.goals[0].progress).toBe(30);
      expect(after.pairings.pairings.map((pairing: Pairing) => pairing.status)).toEqual(['active']);
      // B's key and tokens still work (no key was rotated, no site deleted).
      expectStatus(await call('GET', `/v1/participants/${B.mentee.id}/goals`, B.menteeToken), 200);
      const everything = JSON.stringify(await snapshotWorld(call, A)) + JSON.stringify(after);
      expect(everything).not.toContain('Planted from site A');
      expect(everything).not.toContain('Renamed from site A');
      expect((await call('GET', `/v1/admin/sites/${B.siteId}`, ADMIN_KEY)).body.site.allowedOrigins).toEqual([ORIGIN_B]);
    });

    it("A's own lists hold nothing of B", async () => {
      for (const [path, credential] of [
        ['/v1/participants?limit=100', A.key],
        ['/v1/pairings?limit=100', A.key],
        ['/v1/feedback?limit=100', A.key],
        ['/v1/site', A.key],
        ['/v1/pairings', A.menteeToken],
        ['/v1/pairings', A.mentorToken],
        [`/v1/participants/${A.mentee.id}/goals`, A.mentorToken],
        [`/v1/goals/${A.goal.id}/check-ins`, A.menteeToken],
        [`/v1/pairings/${A.pairing.id}/sessions`, A.mentorToken],
      ] as const) {
        const answer = await call('GET', path, credential);
        expectStatus(answer, 200, path);
        expectNoSecrets(answer.text, B, `GET ${path}`);
      }
      const participants = (await call('GET', '/v1/participants?limit=100', A.key)).body.participants as Participant[];
      expect(participants.map((participant) => participant.id).sort()).toEqual([A.mentee.id, A.mentee2.id, A.mentor.id].sort());
    });
  });

  describe('within a site: a participant reaches only their own data', () => {
    /** The routes that touch one mentee's data (mentee2 of site A). */
    const aimedAtMentee2 = () => [
      { method: 'GET', path: `/v1/participants/${A.mentee2.id}` },
      { method: 'PATCH', path: `/v1/participants/${A.mentee2.id}`, body: { displayName: 'Renamed by a peer' } },
      { method: 'GET', path: `/v1/participants/${A.mentee2.id}/goals` },
      { method: 'POST', path: `/v1/participants/${A.mentee2.id}/goals`, body: { title: 'Planted by a peer' } },
      { method: 'GET', path: `/v1/goals/${A.goal2.id}` },
      { method: 'PATCH', path: `/v1/goals/${A.goal2.id}`, body: { progress: 77 } },
      { method: 'DELETE', path: `/v1/goals/${A.goal2.id}` },
      { method: 'GET', path: `/v1/goals/${A.goal2.id}/check-ins` },
      { method: 'POST', path: `/v1/goals/${A.goal2.id}/check-ins`, body: { progress: 77, note: 'Planted by a peer' } },
      { method: 'GET', path: `/v1/check-ins/${A.checkIn2.id}` },
      { method: 'DELETE', path: `/v1/check-ins/${A.checkIn2.id}` },
      { method: 'GET', path: `/v1/pairings?participantId=${A.mentee2.id}` },
    ];
    const mentee2Words = () => [A.mentee2.displayName, A.mentee2.externalId, A.goal2.title, A.checkIn2.note!];

    async function expectAllForbidden(credential: string, who: string) {
      const before = (await call('GET', `/v1/goals/${A.goal2.id}`, A.key)).body.goal as Goal;
      expect(before.progress).toBe(10);
      for (const entry of aimedAtMentee2()) {
        const answer = await call(entry.method, entry.path, credential, entry.body);
        expectError(answer, 403, 'forbidden', `${who}: ${entry.method} ${entry.path}`);
        for (const word of mentee2Words()) expect(answer.text, `${who}: ${entry.method} ${entry.path}`).not.toContain(word);
      }
      // Nothing changed for mentee2.
      expect((await call('GET', `/v1/goals/${A.goal2.id}`, A.key)).body.goal).toEqual(before);
      expect((await call('GET', `/v1/participants/${A.mentee2.id}/goals`, A.key)).body.goals).toEqual([before]);
      expect((await call('GET', `/v1/goals/${A.goal2.id}/check-ins`, A.key)).body.checkIns).toEqual([A.checkIn2]);
      expect((await call('GET', `/v1/participants/${A.mentee2.id}`, A.key)).body.participant).toEqual(A.mentee2);
    }

    it('a mentee against the other mentee of the site: 403 on the participant, their goals and check-ins', async () => {
      await expectAllForbidden(A.menteeToken, 'mentee');
      // Nor the mentee's own mentor's record, nor a pairing they are not in.
      expectError(await call('GET', `/v1/participants/${A.mentor.id}`, A.menteeToken), 403, 'forbidden');
      expectError(await call('GET', `/v1/pairings/${A.pairing.id}`, A.mentee2Token), 403, 'forbidden');
      expectError(await call('GET', `/v1/pairings/${A.pairing.id}/sessions`, A.mentee2Token), 403, 'forbidden');
      expectError(await call('GET', `/v1/sessions/${A.session.id}`, A.mentee2Token), 403, 'forbidden');
      expectError(await call('PATCH', `/v1/sessions/${A.session.id}`, A.mentee2Token, { notes: 'x' }), 403, 'forbidden');
      // Listing pairings, mentee2 sees none of the pairing of mentee 1.
      const own = await call('GET', '/v1/pairings', A.mentee2Token);
      expectStatus(own, 200);
      expect(own.body.pairings).toEqual([]);
    });

    it('a mentor against a mentee they are not paired with: 403', async () => {
      await expectAllForbidden(A.mentorToken, 'unpaired mentor');
    });

    it('a mentor against their paired mentee: reads the participant, goals and check-ins', async () => {
      const participant = await call('GET', `/v1/participants/${A.mentee.id}`, A.mentorToken);
      expectStatus(participant, 200);
      // Id, role and name: the host's externalId and profile are not the mentor's to see.
      expect(participant.body.participant).toEqual({ id: A.mentee.id, role: A.mentee.role, displayName: A.mentee.displayName });
      const goals = await call('GET', `/v1/participants/${A.mentee.id}/goals`, A.mentorToken);
      expectStatus(goals, 200);
      expect(goals.body.goals.map((goal: Goal) => goal.id)).toEqual([A.goal.id]);
      expectStatus(await call('GET', `/v1/goals/${A.goal.id}`, A.mentorToken), 200);
      const checkIns = await call('GET', `/v1/goals/${A.goal.id}/check-ins`, A.mentorToken);
      expectStatus(checkIns, 200);
      expect(checkIns.body.checkIns).toEqual([A.checkIn]);
      const checkIn = await call('GET', `/v1/check-ins/${A.checkIn.id}`, A.mentorToken);
      expectStatus(checkIn, 200);
      expect(checkIn.body.checkIn).toEqual(A.checkIn);
      const sessions = await call('GET', `/v1/pairings/${A.pairing.id}/sessions`, A.mentorToken);
      expectStatus(sessions, 200);
      expect(sessions.body.sessions).toEqual([A.session]);
    });

    it('a mentor whose pairing paused or ended: 403 again; resumed or re-paired: back in', async () => {
      const mentor = await created<Participant>(
        await call('POST', '/v1/participants', A.key, { externalId: 'ending-mentor', role: 'mentor', displayName: 'Ending Mentor' }),
        'participant',
      );
      const mentee = await created<Participant>(
        await call('POST', '/v1/participants', A.key, { externalId: 'ending-mentee', role: 'mentee', displayName: 'Ending Mentee' }),
        'participant',
      );
      const pairing = await created<Pairing>(await call('POST', '/v1/pairings', A.key, { mentorId: mentor.id, menteeId: mentee.id }), 'pairing');
      const goal = await created<Goal>(await call('POST', `/v1/participants/${mentee.id}/goals`, A.key, { title: 'Ending goal' }), 'goal');
      const checkIn = await created<CheckIn>(await call('POST', `/v1/goals/${goal.id}/check-ins`, A.key, { note: 'Ending note' }), 'checkIn');
      const token = await tokenFor(services, mentor, A.siteId);
      const reads = [
        `/v1/participants/${mentee.id}`,
        `/v1/participants/${mentee.id}/goals`,
        `/v1/goals/${goal.id}`,
        `/v1/goals/${goal.id}/check-ins`,
        `/v1/check-ins/${checkIn.id}`,
      ];
      for (const path of reads) expectStatus(await call('GET', path, token), 200, path);

      // A paused pairing is closed for now: no reach until it is active again.
      expectStatus(await call('PATCH', `/v1/pairings/${pairing.id}`, A.key, { status: 'paused' }), 200);
      expectError(await call('GET', `/v1/participants/${mentee.id}/goals`, token), 403, 'forbidden');
      expectStatus(await call('PATCH', `/v1/pairings/${pairing.id}`, A.key, { status: 'active' }), 200);
      expectStatus(await call('GET', `/v1/participants/${mentee.id}/goals`, token), 200);

      expectStatus(await call('PATCH', `/v1/pairings/${pairing.id}`, A.key, { status: 'ended' }), 200);
      for (const path of reads) {
        const answer = await call('GET', path, token);
        expectError(answer, 403, 'forbidden', path);
        expect(answer.text).not.toContain('Ending goal');
        expect(answer.text).not.toContain('Ending note');
      }
      expectError(await call('PATCH', `/v1/goals/${goal.id}`, token, { progress: 50 }), 403, 'forbidden');
      expectError(await call('POST', `/v1/goals/${goal.id}/check-ins`, token, { note: 'late' }), 403, 'forbidden');
      expectError(await call('POST', `/v1/participants/${mentee.id}/goals`, token, { title: 'late' }), 403, 'forbidden');

      expectStatus(await call('POST', '/v1/pairings', A.key, { mentorId: mentor.id, menteeId: mentee.id }), 201);
      for (const path of reads) expectStatus(await call('GET', path, token), 200, path);
    });
  });

  describe('participant tokens', () => {
    const goalsOf = (participant: Participant) => `/v1/participants/${participant.id}/goals`;
    const parts = (token: string) => {
      const [prefix, payload, signature] = token.split('.') as [string, string, string];
      return { prefix, payload: JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>, signature };
    };
    const rebuild = (prefix: string, payload: Record<string, unknown>, signature: string) =>
      `${prefix}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${signature}`;

    it('a valid token works (the control for what follows)', async () => {
      expectStatus(await call('GET', goalsOf(A.mentee), await tokenFor(services, A.mentee, A.siteId)), 200);
    });

    it('an expired token is 401 token_expired', async () => {
      const expired = await tokenFor(services, A.mentee, A.siteId, -5);
      const error = expectError(await call('GET', goalsOf(A.mentee), expired), 401, 'token_expired');
      expect(error.message).toMatch(/expired/);
      const answer = await call('GET', goalsOf(A.mentee), expired);
      expect(answer.headers.get('www-authenticate')).toBe('Bearer');
      expect(answer.text).not.toContain(A.goal.title);
    });

    it('a tampered payload (another participant, a wider role, a later expiry, another site) is 401', async () => {
      const { prefix, payload, signature } = parts(await tokenFor(services, A.mentee, A.siteId));
      const tampered: Array<Record<string, unknown>> = [
        { ...payload, sub: A.mentee2.id },
        { ...payload, sub: A.mentor.id, role: 'mentor' },
        { ...payload, role: 'mentor' },
        { ...payload, site: B.siteId, sub: B.mentee.id },
      ];
      for (const forged of tampered) {
        const token = rebuild(prefix, forged, signature);
        for (const path of [goalsOf(A.mentee2), goalsOf(A.mentee), goalsOf(B.mentee), `/v1/participants/${String(forged.sub)}`]) {
          const answer = await call('GET', path, token);
          expectError(answer, 401, 'invalid_token', `${JSON.stringify(forged)} on ${path}`);
          expectNoSecrets(answer.text, B, path);
          expect(answer.text).not.toContain(A.goal2.title);
        }
      }
      // An expired token cannot be stretched by editing its expiry.
      const old = parts(await tokenFor(services, A.mentee, A.siteId, -60));
      expectError(
        await call('GET', goalsOf(A.mentee), rebuild(old.prefix, { ...old.payload, exp: Math.floor(Date.now() / 1000) + 3600 }, old.signature)),
        401,
        'invalid_token',
      );
      // Nor by dropping or mangling the signature.
      expectError(await call('GET', goalsOf(A.mentee), `${prefix}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.`), 401, 'invalid_token');
      expectError(await call('GET', goalsOf(A.mentee), `${prefix}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`), 401, 'unauthorized');
      expectError(
        await call('GET', goalsOf(A.mentee), rebuild(prefix, payload, signature.slice(0, -2) + (signature.endsWith('AA') ? 'BB' : 'AA'))),
        401,
        'invalid_token',
      );
    });

    it("a token signed with another site's secret is 401", async () => {
      const secretsOfB = (await services.store.sites.secrets(B.siteId))!;
      const now = Math.floor(Date.now() / 1000);
      // Claims site A, signed with B's secret.
      const claimingA = signParticipantToken({ v: 1, site: A.siteId, sub: A.mentee.id, role: 'mentee', iat: now, exp: now + 600 }, secretsOfB.tokenSecret);
      expectError(await call('GET', goalsOf(A.mentee), claimingA), 401, 'invalid_token');
      // A genuine token of B, its payload turned to site A.
      const genuineB = parts(await tokenFor(services, B.mentee, B.siteId));
      const turned = rebuild(genuineB.prefix, { ...genuineB.payload, site: A.siteId }, genuineB.signature);
      expectError(await call('GET', goalsOf(B.mentee), turned), 401, 'invalid_token');
      // B's genuine token on A's data: authenticated as B's mentee, who has no A participant.
      const onA = await call('GET', goalsOf(A.mentee), await tokenFor(services, B.mentee, B.siteId));
      expectError(onA, 404, 'not_found');
      expect(onA.text).not.toContain(A.goal.title);
    });

    it('the token of a deleted participant is 401', async () => {
      const leaving = await created<Participant>(
        await call('POST', '/v1/participants', A.key, { externalId: 'leaving', role: 'mentee', displayName: 'Leaving' }),
        'participant',
      );
      const token = await tokenFor(services, leaving, A.siteId);
      expectStatus(await call('GET', goalsOf(leaving), token), 200);
      expectStatus(await call('DELETE', `/v1/participants/${leaving.id}`, A.key), 204);
      expectError(await call('GET', goalsOf(leaving), token), 401, 'invalid_token');
      expectError(await call('GET', '/v1/pairings', token), 401, 'invalid_token');
      expectError(await call('POST', '/v1/feedback', token, { target: 'x', rating: 'up' }), 401, 'invalid_token');
    });
  });

  describe('CORS per site', () => {
    const path = () => `/v1/participants/${A.mentee.id}/goals`;

    it("a preflight from the site's own origin is allowed for that origin", async () => {
      const answer = await call('OPTIONS', path(), undefined, undefined, {
        origin: ORIGIN_A,
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization',
      });
      expect(answer.status).toBeLessThan(300);
      expect(answer.headers.get('access-control-allow-origin')).toBe(ORIGIN_A);
      expect(answer.headers.get('access-control-allow-methods')).toMatch(/\bGET\b/);
      expect(answer.headers.get('access-control-allow-headers')).toMatch(/authorization/i);
      expect(answer.headers.get('vary')).toMatch(/origin/i);
      expect(answer.text).toBe('');
    });

    it('a preflight from a foreign origin gets no Access-Control-Allow-Origin', async () => {
      for (const origin of ['https://evil.example', 'https://portal.a.example.evil.example', 'http://portal.a.example', 'null']) {
        const answer = await call('OPTIONS', path(), undefined, undefined, { origin, 'access-control-request-method': 'GET' });
        expect(answer.headers.get('access-control-allow-origin'), origin).toBeNull();
        expect(answer.headers.get('access-control-allow-methods'), origin).toBeNull();
        expect(answer.text).toBe('');
      }
    });

    it("a request with A's credentials from B's origin is 403 origin_not_allowed, with nothing of A", async () => {
      for (const credential of [A.key, A.menteeToken, A.mentorToken]) {
        const answer = await call('GET', path(), credential, undefined, { origin: ORIGIN_B });
        const error = expectError(answer, 403, 'origin_not_allowed');
        expect(error.message).toContain(ORIGIN_B);
        expectNoSecrets(answer.text, A, "A from B's origin");
      }
      const write = await call('POST', `/v1/goals/${A.goal.id}/check-ins`, A.menteeToken, { note: 'from the wrong origin' }, { origin: ORIGIN_B });
      expectError(write, 403, 'origin_not_allowed');
      expect(JSON.stringify((await call('GET', `/v1/goals/${A.goal.id}/check-ins`, A.key)).body)).not.toContain('from the wrong origin');
      // And B's credentials from A's origin, the other way round.
      expectError(await call('GET', `/v1/participants/${B.mentee.id}/goals`, B.menteeToken, undefined, { origin: ORIGIN_A }), 403, 'origin_not_allowed');
      // From an origin no site lists: refused too, and no CORS header to let a browser read it.
      const foreign = await call('GET', path(), A.menteeToken, undefined, { origin: 'https://evil.example' });
      expectError(foreign, 403, 'origin_not_allowed');
      expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    });

    it("a request with A's credentials from A's own origin succeeds with the CORS header", async () => {
      for (const credential of [A.key, A.menteeToken, A.mentorToken]) {
        const answer = await call('GET', path(), credential, undefined, { origin: ORIGIN_A });
        expectStatus(answer, 200);
        expect(answer.headers.get('access-control-allow-origin')).toBe(ORIGIN_A);
        expect(answer.headers.get('vary')).toMatch(/origin/i);
        expect(answer.body.goals.map((goal: Goal) => goal.id)).toEqual([A.goal.id]);
      }
      // Server-to-server calls (no Origin) are not held to the list.
      expectStatus(await call('GET', path(), A.key), 200);
    });
  });
});
