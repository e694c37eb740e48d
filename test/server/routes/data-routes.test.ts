/**
 * Every route of the participant-data API (sites, participants, pairings, goals and check-ins,
 * sessions, feedback, demo): its success, checked against the store's own zod record schemas,
 * and each error answer that applies to it. A real SQLite store, the real app, no mocks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createApp } from '../../../server/app.ts';
import { RateLimiter } from '../../../server/auth/rate-limit.ts';
import { seedDemo } from '../../../server/demo/seed.ts';
import { createLogger } from '../../../server/logger.ts';
import type { Services } from '../../../server/services.ts';
import * as records from '../../../server/store/index.ts';
import { createSqliteStore } from '../../../server/store/index.ts';
import { createTestServices, createTestSite, tokenFor } from '../../support/services.ts';

type App = ReturnType<typeof createApp>;
interface Answer {
  status: number;
  headers: Headers;
  text: string;
  // Parsed JSON of the answer: its shape is checked with zod or field by field.
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}
interface CallOptions {
  auth?: string;
  body?: unknown;
  raw?: string;
  headers?: Record<string, string>;
}

// The store's record schemas, strict: an answer carries exactly the documented fields (no site_id, no key hash).
const Site = z.strictObject(records.Site.shape);
const Participant = z.strictObject(records.Participant.shape);
const Pairing = z.strictObject(records.Pairing.shape);
const Goal = z.strictObject(records.Goal.shape);
const CheckIn = z.strictObject(records.CheckIn.shape);
const Session = z.strictObject(records.Session.shape);
const Feedback = z.strictObject(records.Feedback.shape);
type Site = z.infer<typeof Site>;
type Participant = z.infer<typeof Participant>;
type Pairing = z.infer<typeof Pairing>;
type Goal = z.infer<typeof Goal>;
type CheckIn = z.infer<typeof CheckIn>;
type Session = z.infer<typeof Session>;
type Feedback = z.infer<typeof Feedback>;

const ADMIN_KEY = 'operator-key-for-the-data-route-tests-0123456789';
const SiteWithKey = z.strictObject({ site: Site, apiKey: z.string().regex(/^mc_site_site_[a-z0-9]+_[A-Za-z0-9_-]{43}$/) });
const TokenAnswer = z.strictObject({ token: z.string().regex(/^mc_pt\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/), expiresAt: z.iso.datetime() });
const list = <T extends z.ZodType>(name: string, item: T) => z.strictObject({ [name]: z.array(item), nextCursor: z.string().min(1).optional() });

/** Sends one request to an app; the answer's body is read once, as text and as JSON. */
async function send(app: App, method: string, path: string, options: CallOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.auth !== undefined) headers.authorization = `Bearer ${options.auth}`;
  let body: string | undefined = options.raw;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await app.request(path, { method, headers, body });
  const text = await response.text();
  let parsed: unknown;
  if (text) {
    expect(response.headers.get('content-type'), `${method} ${path} answers JSON`).toMatch(/^application\/json/);
    parsed = JSON.parse(text);
  }
  return { status: response.status, headers: response.headers, text, body: parsed };
}

function expectStatus(answer: Answer, status: number): void {
  expect(answer.status, `answer was: ${answer.text}`).toBe(status);
}

/** The JSON error of API.md, with this status and code; gives back its `error`. */
function expectError(answer: Answer, status: number, code: string) {
  expectStatus(answer, status);
  const body = z.strictObject({ error: z.strictObject({ code: z.string(), message: z.string().min(10), details: z.unknown().optional() }) }).parse(answer.body);
  expect(body.error.code).toBe(code);
  return body.error;
}

/** A 400 whose details name the failing field. */
function expectInvalid(answer: Answer, field: string, message?: RegExp) {
  const error = expectError(answer, 400, 'validation_failed');
  const details = z
    .array(z.object({ path: z.string(), message: z.string() }))
    .min(1)
    .parse(error.details);
  const detail = details.find((entry) => entry.path === field);
  expect(detail, `details name ${field}: ${JSON.stringify(details)}`).toBeDefined();
  if (message) expect(detail!.message).toMatch(message);
  return details;
}

function expectUnauthorized(answer: Answer, code = 'unauthorized') {
  expectError(answer, 401, code);
  expect(answer.headers.get('www-authenticate')).toBe('Bearer');
}

let services: Services;
let app: App;
const logged: Array<Record<string, unknown>> = [];
const call = (method: string, path: string, options: CallOptions = {}) => send(app, method, path, options);

let serial = 0;
const unique = (prefix: string) => `${prefix}-${++serial}`;

async function newSite(name = unique('Site'), allowedOrigins: string[] = []) {
  const answer = await call('POST', '/v1/admin/sites', { auth: ADMIN_KEY, body: { name, allowedOrigins } });
  expectStatus(answer, 201);
  return SiteWithKey.parse(answer.body);
}

async function newParticipant(key: string, role: 'mentee' | 'mentor', fields: Record<string, unknown> = {}) {
  const answer = await call('POST', '/v1/participants', { auth: key, body: { externalId: unique(`ext-${role}`), role, displayName: unique(role), ...fields } });
  expectStatus(answer, 201);
  return z.strictObject({ participant: Participant }).parse(answer.body).participant;
}

async function mint(key: string, participantId: string, ttlSeconds?: number) {
  const answer = await call('POST', '/v1/participant-tokens', { auth: key, body: { participantId, ...(ttlSeconds ? { ttlSeconds } : {}) } });
  expectStatus(answer, 201);
  return TokenAnswer.parse(answer.body).token;
}

async function newGoal(key: string, participantId: string, fields: Record<string, unknown> = {}) {
  const answer = await call('POST', `/v1/participants/${participantId}/goals`, { auth: key, body: { title: unique('Goal'), ...fields } });
  expectStatus(answer, 201);
  return z.strictObject({ goal: Goal }).parse(answer.body).goal;
}

async function newPairing(key: string, mentorId: string, menteeId: string) {
  const answer = await call('POST', '/v1/pairings', { auth: key, body: { mentorId, menteeId } });
  expectStatus(answer, 201);
  return z.strictObject({ pairing: Pairing }).parse(answer.body).pairing;
}

async function newSession(key: string, pairingId: string, fields: Record<string, unknown> = {}) {
  const answer = await call('POST', `/v1/pairings/${pairingId}/sessions`, {
    auth: key,
    body: { scheduledAt: '2030-03-01T10:00:00.000Z', durationMinutes: 45, ...fields },
  });
  expectStatus(answer, 201);
  return z.strictObject({ session: Session }).parse(answer.body).session;
}

/** Walks a list page by page; every page but the last is full and carries nextCursor. */
async function walk(path: string, key: string, name: string, limit: number) {
  const ids: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const answer = await call('GET', `${path}${separator}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { auth: key });
    expectStatus(answer, 200);
    const page = list(name, z.object({ id: z.string() }).loose()).parse(answer.body);
    const items = page[name] as Array<{ id: string }>;
    if (page.nextCursor) expect(items).toHaveLength(limit);
    else expect(items.length).toBeLessThanOrEqual(limit);
    ids.push(...items.map((item) => item.id));
    cursor = page.nextCursor as string | undefined;
    pages += 1;
  } while (cursor && pages < 50);
  return { ids, pages };
}

// One site for most tests, with people made through the API.
let siteKey: string;
let siteId: string;

beforeAll(async () => {
  services = createTestServices({ adminKey: ADMIN_KEY, logger: createLogger({ write: (line) => logged.push(JSON.parse(line)) }) });
  app = createApp(services);
  const created = await newSite('Main site', ['https://portal.main.example']);
  siteKey = created.apiKey;
  siteId = created.site.id;
});

afterAll(async () => {
  await services.store.close();
});

describe('credentials on the data routes', () => {
  it('401 without a credential, with a garbage one, with a malformed header, and with a well-formed key of no site', async () => {
    const fakeSiteKey = `mc_site_site_nosuchsite_${'A'.repeat(43)}`;
    for (const [method, path] of [
      ['GET', '/v1/site'],
      ['GET', '/v1/participants'],
      ['POST', '/v1/feedback'],
      ['GET', '/v1/admin/sites'],
    ] as const) {
      expectUnauthorized(await call(method, path));
      expectUnauthorized(await call(method, path, { auth: 'garbage' }));
      expectUnauthorized(await call(method, path, { headers: { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` } }));
      expectUnauthorized(await call(method, path, { auth: fakeSiteKey }));
      expectUnauthorized(await call(method, path, { auth: 'mc_pt.bm90LWpzb24.c2ln' }));
    }
  });

  it('a wrong site key of a real site is 401', async () => {
    const wrong = siteKey.slice(0, -5) + (siteKey.endsWith('AAAAA') ? 'BBBBB' : 'AAAAA');
    expectUnauthorized(await call('GET', '/v1/site', { auth: wrong }));
  });
});

describe('sites (operator)', () => {
  it('POST /v1/admin/sites: 201 with the site and a key that then works', async () => {
    const answer = await call('POST', '/v1/admin/sites', {
      auth: ADMIN_KEY,
      body: {
        name: '  Riverside mentoring  ',
        allowedOrigins: ['https://portal.riverside.example'],
        safeguardingContacts: [{ name: 'Lead', email: 'lead@riverside.example' }],
      },
    });
    expectStatus(answer, 201);
    const { site, apiKey } = SiteWithKey.parse(answer.body);
    expect(site).toMatchObject({ name: 'Riverside mentoring', allowedOrigins: ['https://portal.riverside.example'], modelEnabled: true });
    expect(site.safeguardingContacts).toEqual([{ name: 'Lead', email: 'lead@riverside.example' }]);
    expect(apiKey).toContain(site.id);
    expect(answer.text).not.toMatch(/keyHash|key_hash|tokenSecret|token_secret/);

    const own = await call('GET', '/v1/site', { auth: apiKey });
    expectStatus(own, 200);
    expect(z.strictObject({ site: Site }).parse(own.body).site).toEqual(site);
    // The key reaches participant data of its site.
    const participant = await newParticipant(apiKey, 'mentee');
    expect(participant.role).toBe('mentee');
  });

  it('POST /v1/admin/sites: 400 naming the failing field', async () => {
    expectInvalid(await call('POST', '/v1/admin/sites', { auth: ADMIN_KEY, body: { allowedOrigins: [] } }), 'name');
    expectInvalid(await call('POST', '/v1/admin/sites', { auth: ADMIN_KEY, body: { name: '   ' } }), 'name');
    expectInvalid(
      await call('POST', '/v1/admin/sites', { auth: ADMIN_KEY, body: { name: 'x', allowedOrigins: ['https://portal.example/path'] } }),
      'allowedOrigins.0',
    );
    expectInvalid(await call('POST', '/v1/admin/sites', { auth: ADMIN_KEY, body: { name: 'x', modelEnabled: 'yes' } }), 'modelEnabled');
    expectInvalid(
      await call('POST', '/v1/admin/sites', { auth: ADMIN_KEY, body: { name: 'x', safeguardingContacts: [{ name: 'A', email: 'not-an-email' }] } }),
      'safeguardingContacts.0.email',
    );
    const unknown = expectInvalid(await call('POST', '/v1/admin/sites', { auth: ADMIN_KEY, body: { name: 'x', plan: 'gold' } }), '(root)');
    expect(unknown[0]!.message).toMatch(/plan/);
  });

  it('POST /v1/admin/sites: 401 and 403 for anything but the operator key', async () => {
    const body = { name: 'Nope' };
    expectUnauthorized(await call('POST', '/v1/admin/sites', { body }));
    expectUnauthorized(await call('POST', '/v1/admin/sites', { body, auth: 'not-the-operator-key' }));
    expectError(await call('POST', '/v1/admin/sites', { body, auth: siteKey }), 403, 'forbidden');
    const mentee = await newParticipant(siteKey, 'mentee');
    expectError(await call('POST', '/v1/admin/sites', { body, auth: await mint(siteKey, mentee.id) }), 403, 'forbidden');
  });

  it('without an operator key configured, nobody manages sites', async () => {
    const plain = createTestServices();
    const plainApp = createApp(plain);
    expectUnauthorized(await send(plainApp, 'POST', '/v1/admin/sites', { auth: ADMIN_KEY, body: { name: 'x' } }));
    expectUnauthorized(await send(plainApp, 'GET', '/v1/admin/sites', { auth: ADMIN_KEY }));
    await plain.store.close();
  });

  it('GET /v1/admin/sites: a page of sites; 403 for a site key; 400 for a bad limit', async () => {
    const answer = await call('GET', '/v1/admin/sites?limit=100', { auth: ADMIN_KEY });
    expectStatus(answer, 200);
    const { sites } = list('sites', Site).parse(answer.body) as { sites: Site[] };
    expect(sites.map((site) => site.id)).toContain(siteId);
    expect(answer.text).not.toMatch(/keyHash|tokenSecret/);
    expectError(await call('GET', '/v1/admin/sites', { auth: siteKey }), 403, 'forbidden');
    expectInvalid(await call('GET', '/v1/admin/sites?limit=0', { auth: ADMIN_KEY }), 'limit');
    expectInvalid(await call('GET', '/v1/admin/sites?limit=101', { auth: ADMIN_KEY }), 'limit');
  });

  it('GET /v1/admin/sites/:id: 200, 404 unknown, 400 bad id, 403 site key', async () => {
    const answer = await call('GET', `/v1/admin/sites/${siteId}`, { auth: ADMIN_KEY });
    expectStatus(answer, 200);
    expect(z.strictObject({ site: Site }).parse(answer.body).site.id).toBe(siteId);
    expectError(await call('GET', '/v1/admin/sites/site_doesnotexist', { auth: ADMIN_KEY }), 404, 'not_found');
    expectInvalid(await call('GET', '/v1/admin/sites/NOT-AN-ID', { auth: ADMIN_KEY }), 'id');
    expectError(await call('GET', `/v1/admin/sites/${siteId}`, { auth: siteKey }), 403, 'forbidden');
    expectUnauthorized(await call('GET', `/v1/admin/sites/${siteId}`));
  });

  it('PATCH /v1/admin/sites/:id: 200 with the change, 400, 404, 403', async () => {
    const { site, apiKey } = await newSite();
    const answer = await call('PATCH', `/v1/admin/sites/${site.id}`, {
      auth: ADMIN_KEY,
      body: { name: 'Renamed', allowedOrigins: ['https://new.example'], modelEnabled: false },
    });
    expectStatus(answer, 200);
    const updated = z.strictObject({ site: Site }).parse(answer.body).site;
    expect(updated).toMatchObject({ id: site.id, name: 'Renamed', allowedOrigins: ['https://new.example'], modelEnabled: false });
    // The origin registry follows: a browser call from the new origin is now allowed.
    expectStatus(await call('GET', '/v1/site', { auth: apiKey, headers: { origin: 'https://new.example' } }), 200);
    expectInvalid(await call('PATCH', `/v1/admin/sites/${site.id}`, { auth: ADMIN_KEY, body: { allowedOrigins: ['ftp://x.example'] } }), 'allowedOrigins.0');
    expectInvalid(await call('PATCH', `/v1/admin/sites/${site.id}`, { auth: ADMIN_KEY, body: { name: '' } }), 'name');
    expectError(await call('PATCH', '/v1/admin/sites/site_doesnotexist', { auth: ADMIN_KEY, body: { name: 'x' } }), 404, 'not_found');
    expectError(await call('PATCH', `/v1/admin/sites/${site.id}`, { auth: apiKey, body: { name: 'Mine now' } }), 403, 'forbidden');
    expect((await call('GET', `/v1/admin/sites/${site.id}`, { auth: ADMIN_KEY })).body.site.name).toBe('Renamed');
  });

  it('DELETE /v1/admin/sites/:id: 204, then its key, its tokens and its id are gone', async () => {
    const { site, apiKey } = await newSite();
    const mentee = await newParticipant(apiKey, 'mentee');
    const token = await mint(apiKey, mentee.id);
    expectError(await call('DELETE', `/v1/admin/sites/${site.id}`, { auth: apiKey }), 403, 'forbidden');
    const answer = await call('DELETE', `/v1/admin/sites/${site.id}`, { auth: ADMIN_KEY });
    expectStatus(answer, 204);
    expect(answer.text).toBe('');
    expectUnauthorized(await call('GET', '/v1/site', { auth: apiKey }));
    expectUnauthorized(await call('GET', `/v1/participants/${mentee.id}`, { auth: token }), 'invalid_token');
    expectError(await call('GET', `/v1/admin/sites/${site.id}`, { auth: ADMIN_KEY }), 404, 'not_found');
    expectError(await call('DELETE', `/v1/admin/sites/${site.id}`, { auth: ADMIN_KEY }), 404, 'not_found');
    expectInvalid(await call('DELETE', '/v1/admin/sites/Bad.Id', { auth: ADMIN_KEY }), 'id');
  });

  it('POST /v1/admin/sites/:id/key: a new key; the old key and the old participant tokens are 401', async () => {
    const { site, apiKey: oldKey } = await newSite();
    const mentee = await newParticipant(oldKey, 'mentee');
    const oldToken = await mint(oldKey, mentee.id);
    expectStatus(await call('GET', `/v1/participants/${mentee.id}/goals`, { auth: oldToken }), 200);

    expectError(await call('POST', `/v1/admin/sites/${site.id}/key`, { auth: oldKey }), 403, 'forbidden');
    const answer = await call('POST', `/v1/admin/sites/${site.id}/key`, { auth: ADMIN_KEY });
    expectStatus(answer, 200);
    const { site: same, apiKey: newKey } = SiteWithKey.parse(answer.body);
    expect(same.id).toBe(site.id);
    expect(newKey).not.toBe(oldKey);

    expectUnauthorized(await call('GET', '/v1/site', { auth: oldKey }));
    expectUnauthorized(await call('GET', `/v1/participants/${mentee.id}`, { auth: oldKey }));
    expectUnauthorized(await call('GET', `/v1/participants/${mentee.id}/goals`, { auth: oldToken }), 'invalid_token');
    // The new key works, and so do tokens it mints.
    expectStatus(await call('GET', '/v1/site', { auth: newKey }), 200);
    const newToken = await mint(newKey, mentee.id);
    expectStatus(await call('GET', `/v1/participants/${mentee.id}/goals`, { auth: newToken }), 200);

    expectError(await call('POST', '/v1/admin/sites/site_doesnotexist/key', { auth: ADMIN_KEY }), 404, 'not_found');
    expectInvalid(await call('POST', '/v1/admin/sites/NOPE/key', { auth: ADMIN_KEY }), 'id');
  });

  it('GET /v1/site: the site of the key; 403 for the operator key and for a participant token', async () => {
    const answer = await call('GET', '/v1/site', { auth: siteKey });
    expectStatus(answer, 200);
    expect(z.strictObject({ site: Site }).parse(answer.body).site).toMatchObject({ id: siteId, name: 'Main site' });
    expectError(await call('GET', '/v1/site', { auth: ADMIN_KEY }), 403, 'forbidden');
    const mentee = await newParticipant(siteKey, 'mentee');
    expectError(await call('GET', '/v1/site', { auth: await mint(siteKey, mentee.id) }), 403, 'forbidden');
  });

  it('PATCH /v1/site: origins, contacts and the model switch; not the name; not for others', async () => {
    const { apiKey } = await newSite('Patch me');
    const answer = await call('PATCH', '/v1/site', {
      auth: apiKey,
      body: { allowedOrigins: ['https://portal.patched.example'], safeguardingContacts: [{ name: 'Desk', phone: '+1 555 0199' }], modelEnabled: false },
    });
    expectStatus(answer, 200);
    expect(z.strictObject({ site: Site }).parse(answer.body).site).toMatchObject({
      name: 'Patch me',
      allowedOrigins: ['https://portal.patched.example'],
      safeguardingContacts: [{ name: 'Desk', phone: '+1 555 0199' }],
      modelEnabled: false,
    });
    const renamed = expectInvalid(await call('PATCH', '/v1/site', { auth: apiKey, body: { name: 'New name' } }), '(root)');
    expect(renamed[0]!.message).toMatch(/name/);
    expectInvalid(await call('PATCH', '/v1/site', { auth: apiKey, body: { allowedOrigins: 'https://one.example' } }), 'allowedOrigins');
    expectInvalid(await call('PATCH', '/v1/site', { auth: apiKey, body: { safeguardingContacts: [{ phone: '1' }] } }), 'safeguardingContacts.0.name');
    expectError(await call('PATCH', '/v1/site', { auth: ADMIN_KEY, body: { modelEnabled: true } }), 403, 'forbidden');
    expectUnauthorized(await call('PATCH', '/v1/site', { body: { modelEnabled: true } }));
  });
});

describe('participants', () => {
  it('POST /v1/participants: 201 with the participant, profile defaulted', async () => {
    const answer = await call('POST', '/v1/participants', { auth: siteKey, body: { externalId: ' host-42 ', role: 'mentee', displayName: ' Ada ' } });
    expectStatus(answer, 201);
    const { participant } = z.strictObject({ participant: Participant }).parse(answer.body);
    expect(participant).toMatchObject({ externalId: 'host-42', role: 'mentee', displayName: 'Ada', profile: { skills: [], interests: [], preferences: {} } });
    expect(participant.id).toMatch(/^mentee_[a-z0-9]+$/);
    expect(answer.text).not.toMatch(/site_id|siteId/);

    const withProfile = await newParticipant(siteKey, 'mentor', {
      profile: { skills: ['SQL'], interests: ['coaching'], preferences: { sessionLength: 30, remote: true } },
    });
    expect(withProfile.profile).toEqual({ skills: ['SQL'], interests: ['coaching'], preferences: { sessionLength: 30, remote: true } });
    expect(withProfile.id).toMatch(/^mentor_/);
  });

  it('POST /v1/participants: 400 naming the failing field', async () => {
    const base = { externalId: unique('ext'), role: 'mentee', displayName: 'Bo' };
    expectInvalid(await call('POST', '/v1/participants', { auth: siteKey, body: { ...base, role: 'boss' } }), 'role');
    expectInvalid(await call('POST', '/v1/participants', { auth: siteKey, body: { role: 'mentee', displayName: 'Bo' } }), 'externalId');
    expectInvalid(await call('POST', '/v1/participants', { auth: siteKey, body: { ...base, displayName: '' } }), 'displayName');
    expectInvalid(await call('POST', '/v1/participants', { auth: siteKey, body: { ...base, externalId: 'x'.repeat(201) } }), 'externalId');
    expectInvalid(await call('POST', '/v1/participants', { auth: siteKey, body: { ...base, profile: { skills: [''] } } }), 'profile.skills.0');
    expectError(
      await call('POST', '/v1/participants', { auth: siteKey, raw: '{"externalId":', headers: { 'content-type': 'application/json' } }),
      400,
      'bad_request',
    );
    expectError(
      await call('POST', '/v1/participants', { auth: siteKey, raw: 'externalId=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
      415,
      'unsupported_media_type',
    );
  });

  it('POST /v1/participants: 409 for a duplicate externalId in one site, but not across sites', async () => {
    const externalId = unique('dup');
    await newParticipant(siteKey, 'mentee', { externalId });
    const error = expectError(
      await call('POST', '/v1/participants', { auth: siteKey, body: { externalId, role: 'mentor', displayName: 'Twin' } }),
      409,
      'conflict',
    );
    expect(error.message).toContain(externalId);
    const other = await newSite();
    const elsewhere = await newParticipant(other.apiKey, 'mentee', { externalId });
    expect(elsewhere.externalId).toBe(externalId);
  });

  it('POST /v1/participants: 401, and 403 for a participant token or the operator key', async () => {
    const body = { externalId: unique('ext'), role: 'mentee', displayName: 'Cy' };
    expectUnauthorized(await call('POST', '/v1/participants', { body }));
    expectUnauthorized(await call('POST', '/v1/participants', { body, auth: 'garbage-credential' }));
    const mentee = await newParticipant(siteKey, 'mentee');
    expectError(await call('POST', '/v1/participants', { body, auth: await mint(siteKey, mentee.id) }), 403, 'forbidden');
    expectError(await call('POST', '/v1/participants', { body, auth: ADMIN_KEY }), 403, 'forbidden');
  });

  it("GET /v1/participants: a page of the site's participants, filtered by role; 403 for tokens and the operator", async () => {
    const { apiKey } = await newSite();
    const mentee = await newParticipant(apiKey, 'mentee');
    const mentor = await newParticipant(apiKey, 'mentor');
    const all = await call('GET', '/v1/participants', { auth: apiKey });
    expectStatus(all, 200);
    const { participants } = list('participants', Participant).parse(all.body) as { participants: Participant[] };
    expect(participants.map((participant) => participant.id)).toEqual([mentee.id, mentor.id]);
    expect(all.body.nextCursor).toBeUndefined();
    const mentors = await call('GET', '/v1/participants?role=mentor', { auth: apiKey });
    expect(mentors.body.participants.map((participant: Participant) => participant.id)).toEqual([mentor.id]);
    expectInvalid(await call('GET', '/v1/participants?role=boss', { auth: apiKey }), 'role');
    expectInvalid(await call('GET', '/v1/participants?limit=abc', { auth: apiKey }), 'limit');
    // A parameter the document does not name is let through unread: the filter still applies.
    expect(
      (await call('GET', '/v1/participants?role=mentor&colour=blue', { auth: apiKey })).body.participants.map((participant: Participant) => participant.id),
    ).toEqual([mentor.id]);
    expectError(await call('GET', '/v1/participants', { auth: await mint(apiKey, mentee.id) }), 403, 'forbidden');
    expectError(await call('GET', '/v1/participants', { auth: ADMIN_KEY }), 403, 'forbidden');
    expectUnauthorized(await call('GET', '/v1/participants'));
  });

  it('GET /v1/participants/:id: the site, the participant themself; 404, 400, 403', async () => {
    const mentee = await newParticipant(siteKey, 'mentee');
    const bySite = await call('GET', `/v1/participants/${mentee.id}`, { auth: siteKey });
    expectStatus(bySite, 200);
    expect(z.strictObject({ participant: Participant }).parse(bySite.body).participant).toEqual(mentee);
    const bySelf = await call('GET', `/v1/participants/${mentee.id}`, { auth: await mint(siteKey, mentee.id) });
    expectStatus(bySelf, 200);
    expect(bySelf.body.participant).toEqual(mentee);
    expectError(await call('GET', '/v1/participants/mentee_doesnotexist', { auth: siteKey }), 404, 'not_found');
    expectInvalid(await call('GET', '/v1/participants/NOT_AN_ID', { auth: siteKey }), 'id');
    expectError(await call('GET', `/v1/participants/${mentee.id}`, { auth: ADMIN_KEY }), 403, 'forbidden');
    const other = await newParticipant(siteKey, 'mentee');
    expectError(await call('GET', `/v1/participants/${mentee.id}`, { auth: await mint(siteKey, other.id) }), 403, 'forbidden');
    expectUnauthorized(await call('GET', `/v1/participants/${mentee.id}`));
  });

  it('PATCH /v1/participants/:id: the site changes anything; the participant their name and profile only', async () => {
    const mentee = await newParticipant(siteKey, 'mentee');
    const answer = await call('PATCH', `/v1/participants/${mentee.id}`, { auth: siteKey, body: { displayName: 'Renamed', externalId: unique('moved') } });
    expectStatus(answer, 200);
    const updated = z.strictObject({ participant: Participant }).parse(answer.body).participant;
    expect(updated).toMatchObject({ id: mentee.id, displayName: 'Renamed', role: 'mentee' });
    expect(updated.externalId).not.toBe(mentee.externalId);

    const token = await mint(siteKey, mentee.id);
    const own = await call('PATCH', `/v1/participants/${mentee.id}`, { auth: token, body: { profile: { skills: ['Excel'], interests: [], preferences: {} } } });
    expectStatus(own, 200);
    expect(own.body.participant.profile.skills).toEqual(['Excel']);
    expectError(await call('PATCH', `/v1/participants/${mentee.id}`, { auth: token, body: { externalId: 'hijack' } }), 403, 'forbidden');

    const taken = await newParticipant(siteKey, 'mentor');
    expectError(await call('PATCH', `/v1/participants/${mentee.id}`, { auth: siteKey, body: { externalId: taken.externalId } }), 409, 'conflict');
    expectInvalid(await call('PATCH', `/v1/participants/${mentee.id}`, { auth: siteKey, body: { displayName: '' } }), 'displayName');
    expectInvalid(await call('PATCH', `/v1/participants/${mentee.id}`, { auth: siteKey, body: { role: 'mentor' } }), '(root)');
    expectError(await call('PATCH', '/v1/participants/mentee_doesnotexist', { auth: siteKey, body: { displayName: 'x' } }), 404, 'not_found');
    expectError(await call('PATCH', `/v1/participants/${mentee.id}`, { auth: ADMIN_KEY, body: { displayName: 'x' } }), 403, 'forbidden');
    expectUnauthorized(await call('PATCH', `/v1/participants/${mentee.id}`, { body: { displayName: 'x' } }));
    expect((await call('GET', `/v1/participants/${mentee.id}`, { auth: siteKey })).body.participant.displayName).toBe('Renamed');
  });

  it('DELETE /v1/participants/:id: 204 for the site key; 404 after; 403 for the participant and the operator', async () => {
    const mentee = await newParticipant(siteKey, 'mentee');
    const token = await mint(siteKey, mentee.id);
    expectError(await call('DELETE', `/v1/participants/${mentee.id}`, { auth: token }), 403, 'forbidden');
    expectError(await call('DELETE', `/v1/participants/${mentee.id}`, { auth: ADMIN_KEY }), 403, 'forbidden');
    const answer = await call('DELETE', `/v1/participants/${mentee.id}`, { auth: siteKey });
    expectStatus(answer, 204);
    expect(answer.text).toBe('');
    expectError(await call('GET', `/v1/participants/${mentee.id}`, { auth: siteKey }), 404, 'not_found');
    expectError(await call('DELETE', `/v1/participants/${mentee.id}`, { auth: siteKey }), 404, 'not_found');
    expectInvalid(await call('DELETE', '/v1/participants/x', { auth: siteKey }), 'id');
    expectUnauthorized(await call('DELETE', `/v1/participants/${mentee.id}`));
  });

  it('POST /v1/participant-tokens: 201 with a token that acts as the participant until expiresAt', async () => {
    const mentee = await newParticipant(siteKey, 'mentee');
    const before = Date.now();
    const answer = await call('POST', '/v1/participant-tokens', { auth: siteKey, body: { participantId: mentee.id, ttlSeconds: 600 } });
    expectStatus(answer, 201);
    const { token, expiresAt } = TokenAnswer.parse(answer.body);
    const expires = Date.parse(expiresAt);
    expect(expires).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 600_000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 600_000);
    const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));
    expect(payload).toMatchObject({ v: 1, site: siteId, sub: mentee.id, role: 'mentee', exp: expires / 1000 });
    const read = await call('GET', `/v1/participants/${mentee.id}`, { auth: token });
    expectStatus(read, 200);
    expect(read.body.participant.id).toBe(mentee.id);

    const byDefault = TokenAnswer.parse((await call('POST', '/v1/participant-tokens', { auth: siteKey, body: { participantId: mentee.id } })).body);
    expect(Date.parse(byDefault.expiresAt) - Date.now()).toBeGreaterThan(3500_000);
  });

  it('POST /v1/participant-tokens: 400, 404, 403, 401', async () => {
    const mentee = await newParticipant(siteKey, 'mentee');
    expectInvalid(await call('POST', '/v1/participant-tokens', { auth: siteKey, body: { participantId: mentee.id, ttlSeconds: 10 } }), 'ttlSeconds');
    expectInvalid(await call('POST', '/v1/participant-tokens', { auth: siteKey, body: { participantId: mentee.id, ttlSeconds: 7 * 86_400 } }), 'ttlSeconds');
    expectInvalid(await call('POST', '/v1/participant-tokens', { auth: siteKey, body: {} }), 'participantId');
    expectInvalid(await call('POST', '/v1/participant-tokens', { auth: siteKey, body: { participantId: 'Robert; DROP TABLE' } }), 'participantId');
    expectError(await call('POST', '/v1/participant-tokens', { auth: siteKey, body: { participantId: 'mentee_doesnotexist' } }), 404, 'not_found');
    // A token cannot mint tokens, not even for itself.
    expectError(await call('POST', '/v1/participant-tokens', { auth: await mint(siteKey, mentee.id), body: { participantId: mentee.id } }), 403, 'forbidden');
    expectError(await call('POST', '/v1/participant-tokens', { auth: ADMIN_KEY, body: { participantId: mentee.id } }), 403, 'forbidden');
    expectUnauthorized(await call('POST', '/v1/participant-tokens', { body: { participantId: mentee.id } }));
  });
});

describe('pairings', () => {
  it('POST /v1/pairings: 201 with an active one-to-one pairing', async () => {
    const mentor = await newParticipant(siteKey, 'mentor');
    const mentee = await newParticipant(siteKey, 'mentee');
    const answer = await call('POST', '/v1/pairings', { auth: siteKey, body: { mentorId: mentor.id, menteeId: mentee.id } });
    expectStatus(answer, 201);
    const { pairing } = z.strictObject({ pairing: Pairing }).parse(answer.body);
    expect(pairing).toMatchObject({ mentorId: mentor.id, menteeId: mentee.id, model: 'one-to-one', status: 'active' });
    expect(pairing.endedAt).toBeUndefined();
    const group = await newParticipant(siteKey, 'mentee');
    const withModel = await call('POST', '/v1/pairings', {
      auth: siteKey,
      body: { mentorId: mentor.id, menteeId: group.id, model: 'group', startedAt: '2030-01-01T09:00:00.000Z' },
    });
    expectStatus(withModel, 201);
    expect(withModel.body.pairing).toMatchObject({ model: 'group', startedAt: '2030-01-01T09:00:00.000Z' });
  });

  it('POST /v1/pairings: 400 for roles the wrong way round and bad fields, 404 for unknown people', async () => {
    const mentor = await newParticipant(siteKey, 'mentor');
    const mentee = await newParticipant(siteKey, 'mentee');
    const swapped = expectInvalid(await call('POST', '/v1/pairings', { auth: siteKey, body: { mentorId: mentee.id, menteeId: mentor.id } }), 'mentorId');
    expect(swapped.map((detail) => detail.path).sort()).toEqual(['menteeId', 'mentorId']);
    expectInvalid(await call('POST', '/v1/pairings', { auth: siteKey, body: { mentorId: mentor.id, menteeId: mentee.id, model: 'any' } }), 'model');
    expectInvalid(await call('POST', '/v1/pairings', { auth: siteKey, body: { mentorId: mentor.id } }), 'menteeId');
    expectInvalid(
      await call('POST', '/v1/pairings', { auth: siteKey, body: { mentorId: mentor.id, menteeId: mentee.id, startedAt: 'yesterday' } }),
      'startedAt',
    );
    expectError(await call('POST', '/v1/pairings', { auth: siteKey, body: { mentorId: 'mentor_doesnotexist', menteeId: mentee.id } }), 404, 'not_found');
    expectError(await call('POST', '/v1/pairings', { auth: siteKey, body: { mentorId: mentor.id, menteeId: 'mentee_doesnotexist' } }), 404, 'not_found');
  });

  it('POST /v1/pairings: 409 for the same two people while open; re-pairing works once it ended', async () => {
    const mentor = await newParticipant(siteKey, 'mentor');
    const mentee = await newParticipant(siteKey, 'mentee');
    const first = await newPairing(siteKey, mentor.id, mentee.id);
    expectError(await call('POST', '/v1/pairings', { auth: siteKey, body: { mentorId: mentor.id, menteeId: mentee.id } }), 409, 'conflict');
    // Paused is still open.
    expectStatus(await call('PATCH', `/v1/pairings/${first.id}`, { auth: siteKey, body: { status: 'paused' } }), 200);
    expectError(await call('POST', '/v1/pairings', { auth: siteKey, body: { mentorId: mentor.id, menteeId: mentee.id } }), 409, 'conflict');

    const ended = await call('PATCH', `/v1/pairings/${first.id}`, { auth: siteKey, body: { status: 'ended' } });
    expectStatus(ended, 200);
    const endedPairing = z.strictObject({ pairing: Pairing }).parse(ended.body).pairing;
    expect(endedPairing.status).toBe('ended');
    expect(endedPairing.endedAt).toBeDefined();

    const second = await newPairing(siteKey, mentor.id, mentee.id);
    expect(second.id).not.toBe(first.id);
    expect(second.status).toBe('active');
    // Reopening the ended one now would make two open pairings of the same people.
    expectError(await call('PATCH', `/v1/pairings/${first.id}`, { auth: siteKey, body: { status: 'active' } }), 409, 'conflict');
    expect((await call('GET', `/v1/pairings/${first.id}`, { auth: siteKey })).body.pairing.status).toBe('ended');
  });

  it('POST /v1/pairings: 403 for participant tokens and the operator key, 401 without a credential', async () => {
    const mentor = await newParticipant(siteKey, 'mentor');
    const mentee = await newParticipant(siteKey, 'mentee');
    const body = { mentorId: mentor.id, menteeId: mentee.id };
    expectError(await call('POST', '/v1/pairings', { auth: await mint(siteKey, mentor.id), body }), 403, 'forbidden');
    expectError(await call('POST', '/v1/pairings', { auth: await mint(siteKey, mentee.id), body }), 403, 'forbidden');
    expectError(await call('POST', '/v1/pairings', { auth: ADMIN_KEY, body }), 403, 'forbidden');
    expectUnauthorized(await call('POST', '/v1/pairings', { body }));
  });

  it('GET /v1/pairings: the site sees all (filtered), a participant their own only', async () => {
    const { apiKey } = await newSite();
    const mentor = await newParticipant(apiKey, 'mentor');
    const mentee = await newParticipant(apiKey, 'mentee');
    const other = await newParticipant(apiKey, 'mentee');
    const mine = await newPairing(apiKey, mentor.id, mentee.id);
    const theirs = await newPairing(apiKey, mentor.id, other.id);
    await call('PATCH', `/v1/pairings/${theirs.id}`, { auth: apiKey, body: { status: 'ended' } });

    const all = await call('GET', '/v1/pairings', { auth: apiKey });
    expectStatus(all, 200);
    expect((list('pairings', Pairing).parse(all.body).pairings as Pairing[]).map((pairing) => pairing.id)).toEqual([mine.id, theirs.id]);
    expect((await call('GET', `/v1/pairings?participantId=${other.id}`, { auth: apiKey })).body.pairings.map((pairing: Pairing) => pairing.id)).toEqual([
      theirs.id,
    ]);
    expect((await call('GET', '/v1/pairings?status=active', { auth: apiKey })).body.pairings.map((pairing: Pairing) => pairing.id)).toEqual([mine.id]);

    const menteeToken = await mint(apiKey, mentee.id);
    const own = await call('GET', '/v1/pairings', { auth: menteeToken });
    expectStatus(own, 200);
    expect(own.body.pairings.map((pairing: Pairing) => pairing.id)).toEqual([mine.id]);
    expect(own.text).not.toContain(other.id);
    expectError(await call('GET', `/v1/pairings?participantId=${other.id}`, { auth: menteeToken }), 403, 'forbidden');
    expect((await call('GET', '/v1/pairings', { auth: await mint(apiKey, mentor.id) })).body.pairings).toHaveLength(2);

    expectInvalid(await call('GET', '/v1/pairings?status=over', { auth: apiKey }), 'status');
    expectInvalid(await call('GET', '/v1/pairings?participantId=NOPE', { auth: apiKey }), 'participantId');
    expectError(await call('GET', '/v1/pairings?participantId=mentee_doesnotexist', { auth: apiKey }), 404, 'not_found');
    expectError(await call('GET', '/v1/pairings', { auth: ADMIN_KEY }), 403, 'forbidden');
    expectUnauthorized(await call('GET', '/v1/pairings'));
  });

  it('GET /v1/pairings/:id: the site and either person; 403 for others; 404; 400', async () => {
    const mentor = await newParticipant(siteKey, 'mentor');
    const mentee = await newParticipant(siteKey, 'mentee');
    const stranger = await newParticipant(siteKey, 'mentee');
    const pairing = await newPairing(siteKey, mentor.id, mentee.id);
    for (const auth of [siteKey, await mint(siteKey, mentor.id), await mint(siteKey, mentee.id)]) {
      const answer = await call('GET', `/v1/pairings/${pairing.id}`, { auth });
      expectStatus(answer, 200);
      expect(z.strictObject({ pairing: Pairing }).parse(answer.body).pairing).toEqual(pairing);
    }
    expectError(await call('GET', `/v1/pairings/${pairing.id}`, { auth: await mint(siteKey, stranger.id) }), 403, 'forbidden');
    expectError(await call('GET', `/v1/pairings/${pairing.id}`, { auth: ADMIN_KEY }), 403, 'forbidden');
    expectError(await call('GET', '/v1/pairings/pair_doesnotexist', { auth: siteKey }), 404, 'not_found');
    expectInvalid(await call('GET', '/v1/pairings/PAIR', { auth: siteKey }), 'id');
  });

  it('PATCH /v1/pairings/:id: 200 for the site key; 400, 404, 403', async () => {
    const mentor = await newParticipant(siteKey, 'mentor');
    const mentee = await newParticipant(siteKey, 'mentee');
    const pairing = await newPairing(siteKey, mentor.id, mentee.id);
    const answer = await call('PATCH', `/v1/pairings/${pairing.id}`, { auth: siteKey, body: { model: 'e-mentoring', status: 'paused' } });
    expectStatus(answer, 200);
    expect(z.strictObject({ pairing: Pairing }).parse(answer.body).pairing).toMatchObject({ id: pairing.id, model: 'e-mentoring', status: 'paused' });
    const resumed = await call('PATCH', `/v1/pairings/${pairing.id}`, { auth: siteKey, body: { status: 'active' } });
    expect(resumed.body.pairing).toMatchObject({ model: 'e-mentoring', status: 'active' });
    expectInvalid(await call('PATCH', `/v1/pairings/${pairing.id}`, { auth: siteKey, body: { status: 'done' } }), 'status');
    expectInvalid(await call('PATCH', `/v1/pairings/${pairing.id}`, { auth: siteKey, body: { mentorId: mentor.id } }), '(root)');
    expectError(await call('PATCH', '/v1/pairings/pair_doesnotexist', { auth: siteKey, body: { status: 'ended' } }), 404, 'not_found');
    expectError(await call('PATCH', `/v1/pairings/${pairing.id}`, { auth: await mint(siteKey, mentor.id), body: { status: 'ended' } }), 403, 'forbidden');
    expectError(await call('PATCH', `/v1/pairings/${pairing.id}`, { auth: ADMIN_KEY, body: { status: 'ended' } }), 403, 'forbidden');
    expect((await call('GET', `/v1/pairings/${pairing.id}`, { auth: siteKey })).body.pairing.status).toBe('active');
  });

  it('DELETE /v1/pairings/:id: 204 and its sessions go too; 404; 403', async () => {
    const mentor = await newParticipant(siteKey, 'mentor');
    const mentee = await newParticipant(siteKey, 'mentee');
    const pairing = await newPairing(siteKey, mentor.id, mentee.id);
    const session = await newSession(siteKey, pairing.id);
    expectError(await call('DELETE', `/v1/pairings/${pairing.id}`, { auth: await mint(siteKey, mentor.id) }), 403, 'forbidden');
    expectStatus(await call('DELETE', `/v1/pairings/${pairing.id}`, { auth: siteKey }), 204);
    expectError(await call('GET', `/v1/pairings/${pairing.id}`, { auth: siteKey }), 404, 'not_found');
    expectError(await call('GET', `/v1/sessions/${session.id}`, { auth: siteKey }), 404, 'not_found');
    expectError(await call('DELETE', `/v1/pairings/${pairing.id}`, { auth: siteKey }), 404, 'not_found');
    expectUnauthorized(await call('DELETE', `/v1/pairings/${pairing.id}`));
  });
});

describe('goals and check-ins', () => {
  it('POST /v1/participants/:id/goals: 201 for the site and the participant', async () => {
    const mentee = await newParticipant(siteKey, 'mentee');
    const answer = await call('POST', `/v1/participants/${mentee.id}/goals`, {
      auth: siteKey,
      body: { title: 'Present at the team meeting', description: 'Ten minutes on the new dashboard', measure: 'Done once', targetDate: '2030-06-30' },
    });
    expectStatus(answer, 201);
    const { goal } = z.strictObject({ goal: Goal }).parse(answer.body);
    expect(goal).toMatchObject({
      participantId: mentee.id,
      title: 'Present at the team meeting',
      measure: 'Done once',
      targetDate: '2030-06-30',
      status: 'active',
      progress: 0,
    });
    const own = await call('POST', `/v1/participants/${mentee.id}/goals`, { auth: await mint(siteKey, mentee.id), body: { title: 'My own goal' } });
    expectStatus(own, 201);
    expect(own.body.goal).toMatchObject({ participantId: mentee.id, title: 'My own goal' });
    expect(own.body.goal.description).toBeUndefined();
  });

  it('POST /v1/participants/:id/goals: 400, 404, 403, 401', async () => {
    const mentee = await newParticipant(siteKey, 'mentee');
    const path = `/v1/participants/${mentee.id}/goals`;
    expectInvalid(await call('POST', path, { auth: siteKey, body: { title: '  ' } }), 'title');
    expectInvalid(await call('POST', path, { auth: siteKey, body: {} }), 'title');
    expectInvalid(await call('POST', path, { auth: siteKey, body: { title: 'x', targetDate: '2030-13-45' } }), 'targetDate');
    expectInvalid(await call('POST', path, { auth: siteKey, body: { title: 'x', progress: 50 } }), '(root)');
    expectInvalid(await call('POST', '/v1/participants/NOPE/goals', { auth: siteKey, body: { title: 'x' } }), 'id');
    expectError(await call('POST', '/v1/participants/mentee_doesnotexist/goals', { auth: siteKey, body: { title: 'x' } }), 404, 'not_found');
    expectError(await call('POST', path, { auth: ADMIN_KEY, body: { title: 'x' } }), 403, 'forbidden');
    expectUnauthorized(await call('POST', path, { body: { title: 'x' } }));
  });

  it('GET /v1/participants/:id/goals: a page, filtered by status; 404, 403, 400', async () => {
    const mentee = await newParticipant(siteKey, 'mentee');
    const first = await newGoal(siteKey, mentee.id);
    const second = await newGoal(siteKey, mentee.id);
    await call('PATCH', `/v1/goals/${second.id}`, { auth: siteKey, body: { status: 'completed' } });
    const answer = await call('GET', `/v1/participants/${mentee.id}/goals`, { auth: await mint(siteKey, mentee.id) });
    expectStatus(answer, 200);
    expect((list('goals', Goal).parse(answer.body).goals as Goal[]).map((goal) => goal.id)).toEqual([first.id, second.id]);
    const done = await call('GET', `/v1/participants/${mentee.id}/goals?status=completed`, { auth: siteKey });
    expect(done.body.goals.map((goal: Goal) => goal.id)).toEqual([second.id]);
    expectInvalid(await call('GET', `/v1/participants/${mentee.id}/goals?status=finished`, { auth: siteKey }), 'status');
    expectError(await call('GET', '/v1/participants/mentee_doesnotexist/goals', { auth: siteKey }), 404, 'not_found');
    expectError(await call('GET', `/v1/participants/${mentee.id}/goals`, { auth: ADMIN_KEY }), 403, 'forbidden');
    expectUnauthorized(await call('GET', `/v1/participants/${mentee.id}/goals`, { auth: 'mc_pt.garbage.garbage' }));
  });

  it('GET /v1/goals/:id: 200; 404; 400; 403', async () => {
    const mentee = await newParticipant(siteKey, 'mentee');
    const goal = await newGoal(siteKey, mentee.id, { measure: 'Three calls' });
    const answer = await call('GET', `/v1/goals/${goal.id}`, { auth: await mint(siteKey, mentee.id) });
    expectStatus(answer, 200);
    expect(z.strictObject({ goal: Goal }).parse(answer.body).goal).toEqual(goal);
    expectError(await call('GET', '/v1/goals/goal_doesnotexist', { auth: siteKey }), 404, 'not_found');
    expectInvalid(await call('GET', '/v1/goals/GOAL-1', { auth: siteKey }), 'id');
    expectError(await call('GET', `/v1/goals/${goal.id}`, { auth: ADMIN_KEY }), 403, 'forbidden');
  });

  it('PATCH /v1/goals/:id: status, progress and fields; null clears an optional field', async () => {
    const mentee = await newParticipant(siteKey, 'mentee');
    const goal = await newGoal(siteKey, mentee.id, { description: 'Why it matters', measure: 'One talk', targetDate: '2030-05-01' });
    const token = await mint(siteKey, mentee.id);
    const answer = await call('PATCH', `/v1/goals/${goal.id}`, { auth: token, body: { progress: 40, status: 'paused', title: 'Renamed goal' } });
    expectStatus(answer, 200);
    expect(z.strictObject({ goal: Goal }).parse(answer.body).goal).toMatchObject({
      id: goal.id,
      progress: 40,
      status: 'paused',
      title: 'Renamed goal',
      description: 'Why it matters',
    });

    const cleared = await call('PATCH', `/v1/goals/${goal.id}`, { auth: siteKey, body: { description: null, targetDate: null } });
    expectStatus(cleared, 200);
    const clearedGoal = z.strictObject({ goal: Goal }).parse(cleared.body).goal;
    expect(clearedGoal).not.toHaveProperty('description');
    expect(clearedGoal).not.toHaveProperty('targetDate');
    expect(clearedGoal.measure).toBe('One talk');
    const reread = (await call('GET', `/v1/goals/${goal.id}`, { auth: siteKey })).body.goal;
    expect(reread).not.toHaveProperty('description');
    expect(reread).not.toHaveProperty('targetDate');
    expect(reread).toMatchObject({ measure: 'One talk', progress: 40, title: 'Renamed goal' });

    expectInvalid(await call('PATCH', `/v1/goals/${goal.id}`, { auth: siteKey, body: { progress: 101 } }), 'progress');
    expectInvalid(await call('PATCH', `/v1/goals/${goal.id}`, { auth: siteKey, body: { progress: 5.5 } }), 'progress');
    expectInvalid(await call('PATCH', `/v1/goals/${goal.id}`, { auth: siteKey, body: { title: null } }), 'title');
    expectInvalid(await call('PATCH', `/v1/goals/${goal.id}`, { auth: siteKey, body: { status: 'won' } }), 'status');
    expectInvalid(await call('PATCH', `/v1/goals/${goal.id}`, { auth: siteKey, body: { participantId: 'mentee_abc' } }), '(root)');
    expectError(await call('PATCH', '/v1/goals/goal_doesnotexist', { auth: siteKey, body: { progress: 1 } }), 404, 'not_found');
    expectError(await call('PATCH', `/v1/goals/${goal.id}`, { auth: ADMIN_KEY, body: { progress: 1 } }), 403, 'forbidden');
    expectUnauthorized(await call('PATCH', `/v1/goals/${goal.id}`, { body: { progress: 1 } }));
    expect((await call('GET', `/v1/goals/${goal.id}`, { auth: siteKey })).body.goal.progress).toBe(40);
  });

  it('DELETE /v1/goals/:id: 204 and its check-ins go too; 404; 403', async () => {
    const mentee = await newParticipant(siteKey, 'mentee');
    const goal = await newGoal(siteKey, mentee.id);
    const checkIn = (await call('POST', `/v1/goals/${goal.id}/check-ins`, { auth: siteKey, body: { note: 'A note' } })).body.checkIn;
    expectError(await call('DELETE', `/v1/goals/${goal.id}`, { auth: ADMIN_KEY }), 403, 'forbidden');
    expectStatus(await call('DELETE', `/v1/goals/${goal.id}`, { auth: await mint(siteKey, mentee.id) }), 204);
    expectError(await call('GET', `/v1/goals/${goal.id}`, { auth: siteKey }), 404, 'not_found');
    expectError(await call('GET', `/v1/check-ins/${checkIn.id}`, { auth: siteKey }), 404, 'not_found');
    expectError(await call('DELETE', `/v1/goals/${goal.id}`, { auth: siteKey }), 404, 'not_found');
  });

  it("POST /v1/goals/:id/check-ins: 201; a check-in with progress moves the goal's progress, one without leaves it", async () => {
    const mentee = await newParticipant(siteKey, 'mentee');
    const goal = await newGoal(siteKey, mentee.id);
    const token = await mint(siteKey, mentee.id);
    const answer = await call('POST', `/v1/goals/${goal.id}/check-ins`, {
      auth: token,
      body: { progress: 35, confidence: 4, wins: 'Finished module 1', blockers: 'Time', note: 'Going well' },
    });
    expectStatus(answer, 201);
    const { checkIn } = z.strictObject({ checkIn: CheckIn }).parse(answer.body);
    expect(checkIn).toMatchObject({
      goalId: goal.id,
      participantId: mentee.id,
      progress: 35,
      confidence: 4,
      wins: 'Finished module 1',
      blockers: 'Time',
      note: 'Going well',
    });
    expect((await call('GET', `/v1/goals/${goal.id}`, { auth: siteKey })).body.goal.progress).toBe(35);

    const noProgress = await call('POST', `/v1/goals/${goal.id}/check-ins`, { auth: siteKey, body: { confidence: 2 } });
    expectStatus(noProgress, 201);
    expect(noProgress.body.checkIn).not.toHaveProperty('progress');
    expect((await call('GET', `/v1/goals/${goal.id}`, { auth: siteKey })).body.goal.progress).toBe(35);

    expectStatus(await call('POST', `/v1/goals/${goal.id}/check-ins`, { auth: token, body: { progress: 0 } }), 201);
    expect((await call('GET', `/v1/goals/${goal.id}`, { auth: siteKey })).body.goal.progress).toBe(0);
    expectStatus(await call('POST', `/v1/goals/${goal.id}/check-ins`, { auth: token, body: { progress: 100 } }), 201);
    expect((await call('GET', `/v1/goals/${goal.id}`, { auth: siteKey })).body.goal.progress).toBe(100);
  });

  it('POST /v1/goals/:id/check-ins: 400 (with the field), 404, 403, 401', async () => {
    const mentee = await newParticipant(siteKey, 'mentee');
    const goal = await newGoal(siteKey, mentee.id);
    const path = `/v1/goals/${goal.id}/check-ins`;
    expectInvalid(await call('POST', path, { auth: siteKey, body: { confidence: 6 } }), 'confidence');
    expectInvalid(await call('POST', path, { auth: siteKey, body: { progress: -1 } }), 'progress');
    expectInvalid(await call('POST', path, { auth: siteKey, body: { wins: '' } }), 'wins');
    expectInvalid(await call('POST', path, { auth: siteKey, body: { note: 'x'.repeat(4001) } }), 'note');
    expectInvalid(await call('POST', path, { auth: siteKey, body: {} }), '(root)', /at least one/);
    expectError(await call('POST', '/v1/goals/goal_doesnotexist/check-ins', { auth: siteKey, body: { note: 'x' } }), 404, 'not_found');
    expectError(await call('POST', path, { auth: ADMIN_KEY, body: { note: 'x' } }), 403, 'forbidden');
    expectUnauthorized(await call('POST', path, { body: { note: 'x' } }));
    expect((await call('GET', path, { auth: siteKey })).body.checkIns).toEqual([]);
    expect((await call('GET', `/v1/goals/${goal.id}`, { auth: siteKey })).body.goal.progress).toBe(0);
  });

  it('GET /v1/goals/:id/check-ins, GET and DELETE /v1/check-ins/:id', async () => {
    const mentee = await newParticipant(siteKey, 'mentee');
    const goal = await newGoal(siteKey, mentee.id);
    const token = await mint(siteKey, mentee.id);
    const first = (await call('POST', `/v1/goals/${goal.id}/check-ins`, { auth: token, body: { progress: 10 } })).body.checkIn;
    const second = (await call('POST', `/v1/goals/${goal.id}/check-ins`, { auth: token, body: { note: 'second' } })).body.checkIn;
    const listed = await call('GET', `/v1/goals/${goal.id}/check-ins`, { auth: token });
    expectStatus(listed, 200);
    expect((list('checkIns', CheckIn).parse(listed.body).checkIns as CheckIn[]).map((checkIn) => checkIn.id)).toEqual([first.id, second.id]);
    expectError(await call('GET', '/v1/goals/goal_doesnotexist/check-ins', { auth: siteKey }), 404, 'not_found');
    expectInvalid(await call('GET', `/v1/goals/${goal.id}/check-ins?limit=-3`, { auth: siteKey }), 'limit');
    expectError(await call('GET', `/v1/goals/${goal.id}/check-ins`, { auth: ADMIN_KEY }), 403, 'forbidden');

    const read = await call('GET', `/v1/check-ins/${first.id}`, { auth: siteKey });
    expectStatus(read, 200);
    expect(z.strictObject({ checkIn: CheckIn }).parse(read.body).checkIn).toEqual(first);
    expectError(await call('GET', '/v1/check-ins/checkin_doesnotexist', { auth: siteKey }), 404, 'not_found');
    expectInvalid(await call('GET', '/v1/check-ins/CHECK', { auth: siteKey }), 'id');
    expectError(await call('GET', `/v1/check-ins/${first.id}`, { auth: ADMIN_KEY }), 403, 'forbidden');

    expectError(await call('DELETE', `/v1/check-ins/${first.id}`, { auth: ADMIN_KEY }), 403, 'forbidden');
    expectStatus(await call('DELETE', `/v1/check-ins/${first.id}`, { auth: token }), 204);
    expectError(await call('GET', `/v1/check-ins/${first.id}`, { auth: siteKey }), 404, 'not_found');
    expectError(await call('DELETE', `/v1/check-ins/${first.id}`, { auth: siteKey }), 404, 'not_found');
    expect((await call('GET', `/v1/goals/${goal.id}/check-ins`, { auth: siteKey })).body.checkIns.map((checkIn: CheckIn) => checkIn.id)).toEqual([second.id]);
    expectStatus(await call('DELETE', `/v1/check-ins/${second.id}`, { auth: siteKey }), 204);
  });

  it("a mentor reads and works on a paired mentee's goals, but may not delete them", async () => {
    const mentor = await newParticipant(siteKey, 'mentor');
    const mentee = await newParticipant(siteKey, 'mentee');
    await newPairing(siteKey, mentor.id, mentee.id);
    const goal = await newGoal(siteKey, mentee.id);
    const checkIn = (await call('POST', `/v1/goals/${goal.id}/check-ins`, { auth: siteKey, body: { note: 'hi' } })).body.checkIn;
    const token = await mint(siteKey, mentor.id);
    expectStatus(await call('GET', `/v1/participants/${mentee.id}/goals`, { auth: token }), 200);
    expectStatus(await call('PATCH', `/v1/goals/${goal.id}`, { auth: token, body: { progress: 20 } }), 200);
    expectStatus(await call('POST', `/v1/goals/${goal.id}/check-ins`, { auth: token, body: { note: 'From the mentor' } }), 201);
    expectError(await call('DELETE', `/v1/goals/${goal.id}`, { auth: token }), 403, 'forbidden');
    expectError(await call('DELETE', `/v1/check-ins/${checkIn.id}`, { auth: token }), 403, 'forbidden');
    expectError(await call('PATCH', `/v1/participants/${mentee.id}`, { auth: token, body: { displayName: 'Renamed by mentor' } }), 403, 'forbidden');
    expectStatus(await call('GET', `/v1/goals/${goal.id}`, { auth: siteKey }), 200);
    expectStatus(await call('GET', `/v1/check-ins/${checkIn.id}`, { auth: siteKey }), 200);
  });
});

describe('sessions', () => {
  let mentor: Participant;
  let mentee: Participant;
  let pairing: Pairing;
  beforeAll(async () => {
    mentor = await newParticipant(siteKey, 'mentor');
    mentee = await newParticipant(siteKey, 'mentee');
    pairing = await newPairing(siteKey, mentor.id, mentee.id);
  });

  it('POST /v1/pairings/:id/sessions: 201 for the site and either person', async () => {
    const agenda = { title: 'First session', items: [{ minutes: 10, title: 'Check in' }] };
    const answer = await call('POST', `/v1/pairings/${pairing.id}/sessions`, {
      auth: await mint(siteKey, mentor.id),
      body: {
        scheduledAt: '2030-02-01T15:00:00.000Z',
        durationMinutes: 60,
        agenda,
        notes: 'Talked about goals',
        actionItems: [{ id: 'a1', text: 'Draft the plan', owner: 'mentee', dueDate: '2030-02-08' }],
      },
    });
    expectStatus(answer, 201);
    const { session } = z.strictObject({ session: Session }).parse(answer.body);
    expect(session).toMatchObject({ pairingId: pairing.id, scheduledAt: '2030-02-01T15:00:00.000Z', durationMinutes: 60, agenda, notes: 'Talked about goals' });
    expect(session.actionItems).toEqual([{ id: 'a1', text: 'Draft the plan', owner: 'mentee', dueDate: '2030-02-08', done: false }]);
    const byMentee = await newSession(await mint(siteKey, mentee.id), pairing.id);
    expect(byMentee.actionItems).toEqual([]);
    expect(byMentee).not.toHaveProperty('agenda');
  });

  it('POST /v1/pairings/:id/sessions: 400, 404, 403, 401', async () => {
    const path = `/v1/pairings/${pairing.id}/sessions`;
    const base = { scheduledAt: '2030-02-01T15:00:00.000Z', durationMinutes: 60 };
    expectInvalid(await call('POST', path, { auth: siteKey, body: { ...base, durationMinutes: 2 } }), 'durationMinutes');
    expectInvalid(await call('POST', path, { auth: siteKey, body: { ...base, scheduledAt: 'tomorrow' } }), 'scheduledAt');
    expectInvalid(await call('POST', path, { auth: siteKey, body: { durationMinutes: 30 } }), 'scheduledAt');
    expectInvalid(await call('POST', path, { auth: siteKey, body: { ...base, actionItems: [{ id: 'a', text: 'x', owner: 'boss' }] } }), 'actionItems.0.owner');
    expectError(await call('POST', '/v1/pairings/pair_doesnotexist/sessions', { auth: siteKey, body: base }), 404, 'not_found');
    const stranger = await newParticipant(siteKey, 'mentor');
    expectError(await call('POST', path, { auth: await mint(siteKey, stranger.id), body: base }), 403, 'forbidden');
    expectError(await call('POST', path, { auth: ADMIN_KEY, body: base }), 403, 'forbidden');
    expectUnauthorized(await call('POST', path, { body: base }));
  });

  it('GET /v1/pairings/:id/sessions and GET, PATCH, DELETE /v1/sessions/:id', async () => {
    const { apiKey } = await newSite();
    const mentorB = await newParticipant(apiKey, 'mentor');
    const menteeB = await newParticipant(apiKey, 'mentee');
    const pairingB = await newPairing(apiKey, mentorB.id, menteeB.id);
    const first = await newSession(apiKey, pairingB.id, { actionItems: [{ id: 'x1', text: 'Read the guide', owner: 'mentee' }] });
    const second = await newSession(apiKey, pairingB.id);
    const menteeToken = await mint(apiKey, menteeB.id);

    const listed = await call('GET', `/v1/pairings/${pairingB.id}/sessions`, { auth: menteeToken });
    expectStatus(listed, 200);
    expect((list('sessions', Session).parse(listed.body).sessions as Session[]).map((session) => session.id)).toEqual([first.id, second.id]);
    expectError(await call('GET', '/v1/pairings/pair_doesnotexist/sessions', { auth: apiKey }), 404, 'not_found');
    expectInvalid(await call('GET', `/v1/pairings/${pairingB.id}/sessions?cursor=${'x'.repeat(301)}`, { auth: apiKey }), 'cursor');

    const read = await call('GET', `/v1/sessions/${first.id}`, { auth: await mint(apiKey, mentorB.id) });
    expectStatus(read, 200);
    expect(z.strictObject({ session: Session }).parse(read.body).session).toEqual(first);
    expectError(await call('GET', '/v1/sessions/session_doesnotexist', { auth: apiKey }), 404, 'not_found');
    expectInvalid(await call('GET', '/v1/sessions/SESSION', { auth: apiKey }), 'id');

    const patched = await call('PATCH', `/v1/sessions/${first.id}`, {
      auth: menteeToken,
      body: { actionItems: [{ id: 'x1', text: 'Read the guide', owner: 'mentee', done: true }], notes: 'Done' },
    });
    expectStatus(patched, 200);
    expect(z.strictObject({ session: Session }).parse(patched.body).session).toMatchObject({
      id: first.id,
      notes: 'Done',
      actionItems: [{ id: 'x1', done: true }],
      durationMinutes: 45,
    });
    expectInvalid(await call('PATCH', `/v1/sessions/${first.id}`, { auth: apiKey, body: { durationMinutes: 1000 } }), 'durationMinutes');
    expectInvalid(await call('PATCH', `/v1/sessions/${first.id}`, { auth: apiKey, body: { pairingId: pairingB.id } }), '(root)');
    expectError(await call('PATCH', '/v1/sessions/session_doesnotexist', { auth: apiKey, body: { notes: 'x' } }), 404, 'not_found');
    expectError(await call('PATCH', `/v1/sessions/${first.id}`, { auth: ADMIN_KEY, body: { notes: 'x' } }), 403, 'forbidden');

    const outsider = await newParticipant(apiKey, 'mentee');
    const outsiderToken = await mint(apiKey, outsider.id);
    expectError(await call('GET', `/v1/pairings/${pairingB.id}/sessions`, { auth: outsiderToken }), 403, 'forbidden');
    expectError(await call('GET', `/v1/sessions/${first.id}`, { auth: outsiderToken }), 403, 'forbidden');
    expectError(await call('PATCH', `/v1/sessions/${first.id}`, { auth: outsiderToken, body: { notes: 'x' } }), 403, 'forbidden');
    expectError(await call('DELETE', `/v1/sessions/${first.id}`, { auth: outsiderToken }), 403, 'forbidden');

    expectStatus(await call('DELETE', `/v1/sessions/${first.id}`, { auth: menteeToken }), 204);
    expectError(await call('GET', `/v1/sessions/${first.id}`, { auth: apiKey }), 404, 'not_found');
    expectError(await call('DELETE', `/v1/sessions/${first.id}`, { auth: apiKey }), 404, 'not_found');
    expect((await call('GET', `/v1/pairings/${pairingB.id}/sessions`, { auth: apiKey })).body.sessions.map((session: Session) => session.id)).toEqual([
      second.id,
    ]);
  });
});

describe('feedback', () => {
  it('POST /v1/feedback: 201 from the site (no participant) and from a participant (theirs)', async () => {
    const { apiKey } = await newSite();
    const mentee = await newParticipant(apiKey, 'mentee');
    const bySite = await call('POST', '/v1/feedback', {
      auth: apiKey,
      body: { target: 'coach/next-steps', rating: 'up', engine: 'offline', promptVersion: 'v3' },
    });
    expectStatus(bySite, 201);
    const siteFeedback = z.strictObject({ feedback: Feedback }).parse(bySite.body).feedback;
    expect(siteFeedback).toMatchObject({ target: 'coach/next-steps', rating: 'up', engine: 'offline', promptVersion: 'v3' });
    expect(siteFeedback).not.toHaveProperty('participantId');

    const byMentee = await call('POST', '/v1/feedback', {
      auth: await mint(apiKey, mentee.id),
      body: { target: 'resource/x', rating: 'down', comment: 'Not for me' },
    });
    expectStatus(byMentee, 201);
    expect(z.strictObject({ feedback: Feedback }).parse(byMentee.body).feedback).toMatchObject({
      participantId: mentee.id,
      rating: 'down',
      comment: 'Not for me',
    });

    const listed = await call('GET', '/v1/feedback', { auth: apiKey });
    expectStatus(listed, 200);
    expect((list('feedback', Feedback).parse(listed.body).feedback as Feedback[]).map((entry) => entry.id)).toEqual([
      siteFeedback.id,
      byMentee.body.feedback.id,
    ]);
  });

  it('POST /v1/feedback: 400, 403 for the operator, 401; a participant cannot claim another id', async () => {
    const mentee = await newParticipant(siteKey, 'mentee');
    expectInvalid(await call('POST', '/v1/feedback', { auth: siteKey, body: { target: 'x', rating: 'meh' } }), 'rating');
    expectInvalid(await call('POST', '/v1/feedback', { auth: siteKey, body: { rating: 'up' } }), 'target');
    expectInvalid(await call('POST', '/v1/feedback', { auth: siteKey, body: { target: 'x', rating: 'up', engine: 'gpt' } }), 'engine');
    expectInvalid(await call('POST', '/v1/feedback', { auth: siteKey, body: { target: 'x', rating: 'up', comment: 'x'.repeat(2001) } }), 'comment');
    expectInvalid(
      await call('POST', '/v1/feedback', { auth: await mint(siteKey, mentee.id), body: { target: 'x', rating: 'up', participantId: 'mentee_other' } }),
      '(root)',
    );
    expectError(await call('POST', '/v1/feedback', { auth: ADMIN_KEY, body: { target: 'x', rating: 'up' } }), 403, 'forbidden');
    expectUnauthorized(await call('POST', '/v1/feedback', { body: { target: 'x', rating: 'up' } }));
    expectUnauthorized(await call('POST', '/v1/feedback', { auth: 'nonsense', body: { target: 'x', rating: 'up' } }));
  });

  it('GET /v1/feedback: the site key only', async () => {
    const mentee = await newParticipant(siteKey, 'mentee');
    expectError(await call('GET', '/v1/feedback', { auth: await mint(siteKey, mentee.id) }), 403, 'forbidden');
    expectError(await call('GET', '/v1/feedback', { auth: ADMIN_KEY }), 403, 'forbidden');
    expectUnauthorized(await call('GET', '/v1/feedback'));
    expectInvalid(await call('GET', '/v1/feedback?limit=1000', { auth: siteKey }), 'limit');
  });
});

describe('pagination', () => {
  it('walks participants over 3+ pages with no repeats and no gaps, in creation order', async () => {
    const { apiKey } = await newSite();
    const created: string[] = [];
    for (let count = 0; count < 7; count++) created.push((await newParticipant(apiKey, count % 2 ? 'mentor' : 'mentee')).id);
    const { ids, pages } = await walk('/v1/participants', apiKey, 'participants', 2);
    expect(pages).toBe(4);
    expect(ids).toEqual(created);
    expect(new Set(ids).size).toBe(7);
    // The default limit (20) returns everything here, with no cursor.
    const all = await call('GET', '/v1/participants', { auth: apiKey });
    expect(all.body.participants.map((participant: Participant) => participant.id)).toEqual(created);
    expect(all.body).not.toHaveProperty('nextCursor');
    // A filter holds across pages.
    const mentors = await walk('/v1/participants?role=mentor', apiKey, 'participants', 1);
    expect(mentors.ids).toEqual(created.filter((_id, index) => index % 2));
    expect(mentors.pages).toBe(3);
  });

  it('an exact multiple of the limit ends without an empty page', async () => {
    const { apiKey } = await newSite();
    const created: string[] = [];
    for (let count = 0; count < 6; count++) created.push((await newParticipant(apiKey, 'mentee')).id);
    const { ids, pages } = await walk('/v1/participants', apiKey, 'participants', 3);
    expect(pages).toBe(2);
    expect(ids).toEqual(created);
  });

  it('rows added while paging appear once, after the rows already seen', async () => {
    const { apiKey } = await newSite();
    const created: string[] = [];
    for (let count = 0; count < 4; count++) created.push((await newParticipant(apiKey, 'mentee')).id);
    const first = await call('GET', '/v1/participants?limit=2', { auth: apiKey });
    created.push((await newParticipant(apiKey, 'mentee')).id);
    const seen = first.body.participants.map((participant: Participant) => participant.id);
    let cursor: string | undefined = first.body.nextCursor;
    while (cursor) {
      const page: Answer = await call('GET', `/v1/participants?limit=2&cursor=${encodeURIComponent(cursor)}`, { auth: apiKey });
      seen.push(...page.body.participants.map((participant: Participant) => participant.id));
      cursor = page.body.nextCursor;
    }
    expect(seen).toEqual(created);
  });

  it('walks goals, check-ins, pairings, sessions, feedback and sites the same way', async () => {
    const { apiKey } = await newSite();
    const mentee = await newParticipant(apiKey, 'mentee');
    const goals: string[] = [];
    for (let count = 0; count < 5; count++) goals.push((await newGoal(apiKey, mentee.id)).id);
    expect((await walk(`/v1/participants/${mentee.id}/goals`, apiKey, 'goals', 2)).ids).toEqual(goals);

    const checkIns: string[] = [];
    for (let count = 0; count < 5; count++)
      checkIns.push((await call('POST', `/v1/goals/${goals[0]}/check-ins`, { auth: apiKey, body: { progress: count * 10 } })).body.checkIn.id);
    expect((await walk(`/v1/goals/${goals[0]}/check-ins`, apiKey, 'checkIns', 2)).ids).toEqual(checkIns);

    const pairings: string[] = [];
    for (let count = 0; count < 5; count++) pairings.push((await newPairing(apiKey, (await newParticipant(apiKey, 'mentor')).id, mentee.id)).id);
    expect((await walk('/v1/pairings', apiKey, 'pairings', 2)).ids).toEqual(pairings);
    expect((await walk(`/v1/pairings?participantId=${mentee.id}`, await mint(apiKey, mentee.id), 'pairings', 2)).ids).toEqual(pairings);

    const sessions: string[] = [];
    for (let count = 0; count < 5; count++) sessions.push((await newSession(apiKey, pairings[0]!)).id);
    expect((await walk(`/v1/pairings/${pairings[0]}/sessions`, apiKey, 'sessions', 2)).ids).toEqual(sessions);

    const feedback: string[] = [];
    for (let count = 0; count < 5; count++)
      feedback.push((await call('POST', '/v1/feedback', { auth: apiKey, body: { target: `t${count}`, rating: 'up' } })).body.feedback.id);
    expect((await walk('/v1/feedback', apiKey, 'feedback', 2)).ids).toEqual(feedback);

    const allSites = (await call('GET', '/v1/admin/sites?limit=100', { auth: ADMIN_KEY })).body.sites.map((site: Site) => site.id);
    expect(allSites.length).toBeGreaterThanOrEqual(3);
    const walked = await walk('/v1/admin/sites', ADMIN_KEY, 'sites', 2);
    expect(walked.ids).toEqual(allSites);
    expect(walked.pages).toBeGreaterThanOrEqual(2);
  });

  it('a cursor this server did not give out is a 400 naming cursor', async () => {
    const mentee = await newParticipant(siteKey, 'mentee');
    const goal = await newGoal(siteKey, mentee.id);
    for (const cursor of [
      'garbage',
      'bm90LWEtY3Vyc29y',
      Buffer.from('yesterday|mentee_x').toString('base64url'),
      Buffer.from('2030-01-01T00:00:00.000Z|a|b').toString('base64url'),
    ]) {
      for (const path of ['/v1/participants', `/v1/participants/${mentee.id}/goals`, `/v1/goals/${goal.id}/check-ins`, '/v1/pairings', '/v1/feedback']) {
        expectInvalid(await call('GET', `${path}?cursor=${encodeURIComponent(cursor)}`, { auth: siteKey }), 'cursor');
      }
      expectInvalid(await call('GET', `/v1/admin/sites?cursor=${encodeURIComponent(cursor)}`, { auth: ADMIN_KEY }), 'cursor');
    }
  });
});

describe('body limit', () => {
  it('413 for a body over bodyLimitBytes on every write route, while a small body passes', async () => {
    const limited = createTestServices({ adminKey: ADMIN_KEY, bodyLimitBytes: 512 });
    const limitedApp = createApp(limited);
    const { apiKey, site } = await createTestSite(limited);
    const mentee = await limited.store.participants.create(site.id, {
      externalId: 'm',
      role: 'mentee',
      displayName: 'M',
      profile: { skills: [], interests: [], preferences: {} },
    });
    const mentor = await limited.store.participants.create(site.id, {
      externalId: 'r',
      role: 'mentor',
      displayName: 'R',
      profile: { skills: [], interests: [], preferences: {} },
    });
    const goal = await limited.store.goals.create(site.id, mentee.id, { title: 'G' });
    const pairing = await limited.store.pairings.create(site.id, { mentorId: mentor.id, menteeId: mentee.id, model: 'one-to-one' });
    const session = await limited.store.sessions.create(site.id, pairing.id, { scheduledAt: '2030-01-01T00:00:00.000Z', durationMinutes: 30, actionItems: [] });
    const big = 'x'.repeat(2000);
    const cases: Array<[string, string, Record<string, unknown>, string]> = [
      ['POST', '/v1/admin/sites', { name: big }, ADMIN_KEY],
      ['PATCH', '/v1/site', { safeguardingContacts: [{ name: big }] }, apiKey],
      ['POST', '/v1/participants', { externalId: 'x', role: 'mentee', displayName: big }, apiKey],
      ['PATCH', `/v1/participants/${mentee.id}`, { displayName: big }, apiKey],
      ['POST', `/v1/participants/${mentee.id}/goals`, { title: big }, apiKey],
      ['PATCH', `/v1/goals/${goal.id}`, { description: big }, apiKey],
      ['POST', `/v1/goals/${goal.id}/check-ins`, { note: big }, apiKey],
      ['POST', `/v1/pairings/${pairing.id}/sessions`, { scheduledAt: '2030-01-01T00:00:00.000Z', durationMinutes: 30, notes: big }, apiKey],
      ['PATCH', `/v1/sessions/${session.id}`, { notes: big }, apiKey],
      ['POST', '/v1/feedback', { target: 'x', rating: 'up', comment: big }, apiKey],
    ];
    for (const [method, path, body, auth] of cases) {
      expectError(await send(limitedApp, method, path, { auth, body }), 413, 'payload_too_large');
    }
    // Nothing of the refused bodies was stored.
    expect((await limited.store.goals.get(site.id, goal.id))!.description).toBeUndefined();
    expect((await limited.store.goals.listCheckIns(site.id, goal.id, { limit: 10 })).items).toEqual([]);
    expect((await limited.store.participants.list(site.id, { limit: 10 })).items).toHaveLength(2);
    // Under the limit, the same routes answer.
    expectStatus(await send(limitedApp, 'POST', `/v1/goals/${goal.id}/check-ins`, { auth: apiKey, body: { note: 'short' } }), 201);
    expectStatus(await send(limitedApp, 'POST', '/v1/participants', { auth: apiKey, body: { externalId: 'y', role: 'mentee', displayName: 'Short' } }), 201);
    await limited.store.close();
  });
});

describe('rate limit', () => {
  it('the 4th quick request with one credential is 429 with Retry-After; other credentials are unaffected', async () => {
    const limited = createTestServices({ rateLimiter: new RateLimiter({ perMinute: 60, burst: 3 }) });
    const limitedApp = createApp(limited);
    const first = await createTestSite(limited, 'Limited');
    const second = await createTestSite(limited, 'Other');
    const mentee = await limited.store.participants.create(first.site.id, {
      externalId: 'm',
      role: 'mentee',
      displayName: 'M',
      profile: { skills: [], interests: [], preferences: {} },
    });

    for (let count = 0; count < 3; count++) expectStatus(await send(limitedApp, 'GET', '/v1/site', { auth: first.apiKey }), 200);
    const limitedAnswer = await send(limitedApp, 'GET', '/v1/site', { auth: first.apiKey });
    const error = expectError(limitedAnswer, 429, 'rate_limited');
    expect(error.message).toMatch(/try again/i);
    const retryAfter = Number(limitedAnswer.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(2);
    expect(limitedAnswer.text).not.toContain('Limited');
    // Still limited on any route with this credential.
    expectError(await send(limitedApp, 'GET', '/v1/participants', { auth: first.apiKey }), 429, 'rate_limited');

    // Another site's key, and a participant token of the same site, have their own buckets.
    expectStatus(await send(limitedApp, 'GET', '/v1/site', { auth: second.apiKey }), 200);
    const token = await tokenFor(limited, mentee, first.site.id);
    for (let count = 0; count < 3; count++) expectStatus(await send(limitedApp, 'GET', `/v1/participants/${mentee.id}/goals`, { auth: token }), 200);
    expectError(await send(limitedApp, 'GET', `/v1/participants/${mentee.id}/goals`, { auth: token }), 429, 'rate_limited');
    await limited.store.close();
  });
});

describe('demo', () => {
  it("POST /v1/demo/participant-token: a token, without a credential, that reads the demo mentee's goals", async () => {
    const store = createSqliteStore({ path: ':memory:' });
    const demo = await seedDemo(store);
    const demoServices = createTestServices({ store, demo });
    const demoApp = createApp(demoServices);

    const answer = await send(demoApp, 'POST', '/v1/demo/participant-token', { body: { role: 'mentee' } });
    expectStatus(answer, 201);
    const { token, expiresAt, participantId } = z
      .strictObject({ token: z.string(), expiresAt: z.iso.datetime(), participantId: z.string() })
      .parse(answer.body);
    expect(participantId).toBe(demo.menteeId);
    const minutes = (Date.parse(expiresAt) - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(29);
    expect(minutes).toBeLessThanOrEqual(30);

    const goals = await send(demoApp, 'GET', `/v1/participants/${demo.menteeId}/goals`, { auth: token });
    expectStatus(goals, 200);
    const parsed = list('goals', Goal).parse(goals.body).goals as Goal[];
    expect(parsed.map((goal) => goal.title)).toEqual([
      'Get better at presenting',
      'Finish the SQL course and build my first dashboard',
      'Have one informational interview with a data analyst',
    ]);
    expect(parsed.map((goal) => [goal.status, goal.progress])).toEqual([
      ['active', 0],
      ['active', 55],
      ['completed', 100],
    ]);
    expect(parsed.every((goal) => goal.participantId === demo.menteeId)).toBe(true);

    // The demo mentor reads the mentee's goals through their pairing; neither token manages the site.
    const mentorAnswer = await send(demoApp, 'POST', '/v1/demo/participant-token', { body: { role: 'mentor' } });
    expectStatus(mentorAnswer, 201);
    expect(mentorAnswer.body.participantId).toBe(demo.mentorId);
    expectStatus(await send(demoApp, 'GET', `/v1/participants/${demo.menteeId}/goals`, { auth: mentorAnswer.body.token }), 200);
    expectError(await send(demoApp, 'GET', '/v1/participants', { auth: token }), 403, 'forbidden');
    expectError(await send(demoApp, 'GET', '/v1/site', { auth: token }), 403, 'forbidden');

    expectInvalid(await send(demoApp, 'POST', '/v1/demo/participant-token', { body: { role: 'admin' } }), 'role');
    expectInvalid(await send(demoApp, 'POST', '/v1/demo/participant-token', { body: {} }), 'role');
    await store.close();
  });

  it('POST /v1/demo/participant-token: 404 when demo mode is off', async () => {
    const error = expectError(await call('POST', '/v1/demo/participant-token', { body: { role: 'mentee' } }), 404, 'not_found');
    expect(error.message).toMatch(/demo/i);
  });
});

describe('the whole run', () => {
  it('never answered a 500 nor logged an error', () => {
    const statuses = logged.filter((entry) => entry.msg === 'request').map((entry) => entry.status as number);
    expect(statuses.length).toBeGreaterThan(200);
    expect(statuses.filter((status) => status >= 500)).toEqual([]);
    expect(logged.filter((entry) => entry.level === 'error')).toEqual([]);
  });
});
