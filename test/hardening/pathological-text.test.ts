/**
 * Found in hardening, round two: one 200-character reframe statement ("I'm " and "such a "
 * 29 times) held the event loop for 9.5 s, and /healthz waited behind it; planted in a
 * check-in note it would have slowed every later next-steps answer. Now every regex over such
 * text is proven linear (test/server/text/regex-safety.test.ts), and this sends text built to
 * make backtracking engines blow up (long repeats of words, phrases, spaces, punctuation and
 * brackets, each as long as its field allows) through every free-text field of a real server
 * process, stored and then read back by the coach, while a second client polls /healthz.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SOURCE_ENTRY, type StartedServer, startServer } from '../support/server-process.ts';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';

const ADMIN_KEY = 'pathological-text-operator-key-0123456789';
/** Far above a linear answer (milliseconds), far below what backtracking took (seconds to minutes). */
const ANSWER_BUDGET_MS = 1000;
const HEALTH_BUDGET_MS = 500;

/** `unit` repeated to `length` characters, ending in something that makes a match fail late. */
const repeat = (unit: string, length: number, prefix = '', end = ' x') =>
  (prefix + unit.repeat(Math.ceil(length / unit.length))).slice(0, length - end.length) + end;

const SHAPES: Array<[string, (length: number) => string]> = [
  ['labeling phrase', (length) => repeat('such a ', length, "I'm ")],
  ['emotional reasoning', (length) => repeat('i feel ', length)],
  ['one short word', (length) => repeat('a ', length)],
  ['spaces', (length) => repeat(' ', length, 'x')],
  ['tabs and newlines', (length) => repeat('\t\n', length, 'x')],
  ['full stops', (length) => repeat('.', length)],
  ['exclamation marks', (length) => repeat('!', length)],
  ['commas and dashes', (length) => repeat(',-', length)],
  ['square brackets', (length) => repeat('[', length)],
  ['link openings', (length) => repeat('[a](', length)],
  ['parentheses', (length) => repeat('((', length)],
  ['emphasis stars', (length) => repeat('*', length)],
  ['backticks', (length) => repeat('`', length)],
  ['pipes and dashes', (length) => repeat('|-', length)],
  ['hashes', (length) => repeat('#', length, '', '#x')],
  ['near-miss danger', (length) => repeat('my boss won ', length)],
  ['near-miss pattern', (length) => repeat('one mistake ', length)],
  ['apostrophes', (length) => repeat("i'm i'm ", length)],
];

let server: StartedServer;
let siteKey: string;
const ids: Record<string, string> = {};
const tokens: Record<string, string> = {};

async function call(method: string, path: string, auth: string, body?: unknown): Promise<{ status: number; ms: number; text: string }> {
  const started = performance.now();
  const response = await fetch(`${server.baseURL}${path}`, {
    method,
    headers: { authorization: `Bearer ${auth}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, ms: performance.now() - started, text };
}

beforeAll(async () => {
  server = await startServer(makeTempDir('mentor-coach-pathological-'), { COACH_ADMIN_KEY: ADMIN_KEY, COACH_RATE_LIMIT: '0' }, SOURCE_ENTRY);
  const site = JSON.parse((await call('POST', '/v1/admin/sites', ADMIN_KEY, { name: 'Pathological', allowedOrigins: [] })).text);
  siteKey = site.apiKey;
  for (const role of ['mentee', 'mentor'] as const) {
    ids[role] = JSON.parse((await call('POST', '/v1/participants', siteKey, { externalId: `p-${role}`, role, displayName: role })).text).participant.id;
    tokens[role] = JSON.parse((await call('POST', '/v1/participant-tokens', siteKey, { participantId: ids[role] })).text).token;
  }
  ids.pairing = JSON.parse((await call('POST', '/v1/pairings', siteKey, { mentorId: ids.mentor, menteeId: ids.mentee })).text).pairing.id;
  ids.goal = JSON.parse((await call('POST', `/v1/participants/${ids.mentee}/goals`, tokens.mentee!, { title: 'Finish the SQL course' })).text).goal.id;
}, 180_000);

const totals = { requests: 0, slowestAnswer: 0, slowestHealth: 0, healthChecks: 0 };

afterAll(async () => {
  await server?.stop();
  removeTempDirs();
  console.log(
    `pathological text: ${totals.requests} requests over ${SHAPES.length} shapes, slowest answer ${Math.round(totals.slowestAnswer)} ms; ${totals.healthChecks} health checks meanwhile, slowest ${Math.round(totals.slowestHealth)} ms`,
  );
});

/** Every free-text field a person or a host can send, as a request that carries it. */
function requests(text: (length: number) => string): Array<{ what: string; method: string; path: string; auth: string; body?: unknown }> {
  const now = new Date().toISOString();
  return [
    { what: 'reframe statement', method: 'POST', path: '/v1/coach/reframe', auth: tokens.mentee!, body: { statement: text(2000) } },
    { what: 'next-steps question', method: 'POST', path: '/v1/coach/next-steps', auth: tokens.mentee!, body: { question: text(2000) } },
    {
      what: 'inline goals and progress',
      method: 'POST',
      path: '/v1/coach/next-steps',
      auth: siteKey,
      body: {
        goals: [{ title: text(200), description: text(2000), measure: text(500) }],
        progress: [{ note: text(4000), blockers: text(2000), wins: text(2000) }],
      },
    },
    {
      what: 'agenda focus',
      method: 'POST',
      path: '/v1/coach/agenda',
      auth: tokens.mentor!,
      body: { pairingId: ids.pairing, durationMinutes: 30, focus: text(500) },
    },
    {
      what: 'goal fields (stored)',
      method: 'POST',
      path: `/v1/participants/${ids.mentee}/goals`,
      auth: tokens.mentee!,
      body: { title: text(200), description: text(2000), measure: text(500) },
    },
    {
      what: 'check-in words (stored)',
      method: 'POST',
      path: `/v1/goals/${ids.goal}/check-ins`,
      auth: tokens.mentee!,
      body: { note: text(4000), blockers: text(2000), wins: text(2000) },
    },
    {
      what: 'session notes and action items (stored)',
      method: 'POST',
      path: `/v1/pairings/${ids.pairing}/sessions`,
      auth: tokens.mentor!,
      body: { scheduledAt: now, durationMinutes: 30, notes: text(10_000), actionItems: [{ id: 'a1', text: text(500), owner: 'mentee' }] },
    },
    { what: 'search (POST)', method: 'POST', path: '/v1/resources/search', auth: tokens.mentee!, body: { q: text(2000) } },
    { what: 'search (GET)', method: 'GET', path: `/v1/resources?q=${encodeURIComponent(text(500))}`, auth: tokens.mentee! },
    {
      what: 'feedback comment',
      method: 'POST',
      path: '/v1/feedback',
      auth: tokens.mentee!,
      body: { target: 'next-steps', rating: 'down', comment: text(2000) },
    },
    { what: 'display name', method: 'PATCH', path: `/v1/participants/${ids.mentee}`, auth: tokens.mentee!, body: { displayName: text(120) } },
    // What was stored above is read again by every later answer.
    { what: 'next steps over the stored text', method: 'POST', path: '/v1/coach/next-steps', auth: tokens.mentee!, body: {} },
    {
      what: 'agenda over the stored text',
      method: 'POST',
      path: '/v1/coach/agenda',
      auth: tokens.mentor!,
      body: { pairingId: ids.pairing, durationMinutes: 45 },
    },
  ];
}

describe('pathological text through every free-text field', () => {
  it.each(SHAPES)('%s: every answer within a second, accepted or refused plainly, and /healthz stays fast', async (_shape, text) => {
    let polling = true;
    let slowestHealth = 0;
    const poller = (async () => {
      while (polling) {
        const started = performance.now();
        expect((await fetch(`${server.baseURL}/healthz`)).status).toBe(200);
        slowestHealth = Math.max(slowestHealth, performance.now() - started);
        totals.healthChecks++;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    const slow: string[] = [];
    try {
      for (const request of requests(text)) {
        const answer = await call(request.method, request.path, request.auth, request.body);
        // Accepted, or a plain 4xx for text a field does not take (all spaces, say): never a 5xx.
        expect(answer.status, `${request.what}: ${answer.text.slice(0, 300)}`).toBeLessThan(500);
        if (answer.ms > ANSWER_BUDGET_MS) slow.push(`${request.what}: ${Math.round(answer.ms)} ms`);
        totals.requests++;
        totals.slowestAnswer = Math.max(totals.slowestAnswer, answer.ms);
      }
    } finally {
      polling = false;
      await poller;
    }
    totals.slowestHealth = Math.max(totals.slowestHealth, slowestHealth);
    expect(slow).toEqual([]);
    expect(slowestHealth).toBeLessThan(HEALTH_BUDGET_MS);
  });
});
