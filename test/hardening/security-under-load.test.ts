import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLoad } from '../../bench/load.ts';
import { createApp } from '../../server/app.ts';
import { Library } from '../../server/coach/library.ts';
import { createLogger } from '../../server/logger.ts';
import type { Services } from '../../server/services.ts';
import { buildCorpusIndex } from '../support/corpus-index.ts';
import { buildWorld, type Call, fillIds, MATRIX, snapshotWorld, type World } from '../support/isolation-world.ts';
import { createTestServices, tokenFor } from '../support/services.ts';
import { removeTempDirs } from '../support/temp-dir.ts';

/**
 * Isolation, tokens, CORS and headers while the server is busy: 50 connections for a while,
 * each request drawn from the cases below (who asks for what, and what they must get) and
 * from the isolation matrix of every id-taking route aimed at another site. Under load as at
 * rest, every answer is the one expected, carries the secure headers, gives nothing of another
 * site away; nothing of the other site changes, every acknowledged write is there, and no log
 * line holds a secret.
 */

const SECONDS = Number(process.env.SECURITY_LOAD_SECONDS ?? 20);
const ADMIN_KEY = 'security-under-load-operator-key-0123';
const ORIGIN_A = 'https://portal.a.example';
const ORIGIN_B = 'https://portal.b.example';

let services: Services;
let server: ServerType;
let base: string;
const logLines: string[] = [];

/** The app over real HTTP, in the shape the isolation worlds are built with. */
const overHttp: Call = async (method, path, auth, body, headers = {}) => {
  const all: Record<string, string> = { ...headers };
  if (auth) all.authorization = `Bearer ${auth}`;
  if (body !== undefined) all['content-type'] = 'application/json';
  const response = await fetch(`${base}${path}`, { method, headers: all, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: text ? JSON.parse(text) : undefined };
};

async function api(method: string, path: string, credential: string, body?: unknown): Promise<any> {
  return (await overHttp(method, path, credential, body)).body;
}

let A: World;
let B: World;
/** A token of A's mentee that expired five seconds ago, correctly signed. */
let expiredToken: string;
/** A token of a site whose key was rotated: rotation ends every token of the site. */
let rotatedToken: string;

beforeAll(async () => {
  const index = await buildCorpusIndex();
  const library = await Library.load(index);
  services = createTestServices({
    index,
    library,
    adminKey: ADMIN_KEY,
    logger: createLogger({ level: 'debug', write: (line) => logLines.push(line) }),
  });
  server = await new Promise<ServerType>((listening) => {
    const started: ServerType = serve({ fetch: createApp(services).fetch, port: 0, hostname: '127.0.0.1' }, () => listening(started));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  A = await buildWorld(services, overHttp, 'Alpha', [ORIGIN_A]);
  B = await buildWorld(services, overHttp, 'Bravo', [ORIGIN_B]);
  expiredToken = await tokenFor(services, A.mentee, A.siteId, -5);
  const C = await buildWorld(services, overHttp, 'Charlie', ['https://portal.c.example']);
  rotatedToken = C.menteeToken;
  await api('POST', `/v1/admin/sites/${C.siteId}/key`, ADMIN_KEY);
});

afterAll(async () => {
  await new Promise<void>((closed) => server.close(() => closed()));
  await services.store.close();
  removeTempDirs();
});

interface Case {
  name: string;
  request: () => { method: string; path: string; credential?: string; body?: unknown; origin?: string };
  /** The status it must get, or the statuses it may get. */
  status: number | number[];
  /** The error code a refusal must carry. */
  code?: string;
  /** Whose private words the answer must not hold. */
  notFrom: () => World[];
  check?: (response: Response, text: string) => string | undefined;
}

const own = () => [B];
const nobodys = () => [A, B];
let writes = 0;

const CASES: Case[] = [
  {
    name: 'a mentee reads their own goal',
    request: () => ({ method: 'GET', path: `/v1/goals/${A.goal.id}`, credential: A.menteeToken }),
    status: 200,
    notFrom: own,
  },
  {
    name: 'a mentee saves a check-in',
    status: 201,
    notFrom: own,
    request: () => ({
      method: 'POST',
      path: `/v1/goals/${A.goal.id}/check-ins`,
      credential: A.menteeToken,
      body: { progress: 40, note: `under load ${writes++}` },
    }),
  },
  {
    name: "a mentor reads their mentee's goals",
    request: () => ({ method: 'GET', path: `/v1/participants/${A.mentee.id}/goals`, credential: A.mentorToken }),
    status: 200,
    notFrom: own,
  },
  {
    name: 'a mentee asks for next steps',
    request: () => ({ method: 'POST', path: '/v1/coach/next-steps', credential: A.menteeToken, body: {} }),
    status: 200,
    notFrom: own,
  },
  {
    name: "a mentee reads another mentee's goals",
    request: () => ({ method: 'GET', path: `/v1/participants/${A.mentee2.id}/goals`, credential: A.menteeToken }),
    status: 403,
    code: 'forbidden',
    notFrom: nobodys,
  },
  {
    name: "a mentee reads another mentee's goal",
    request: () => ({ method: 'GET', path: `/v1/goals/${A.goal.id}`, credential: A.mentee2Token }),
    status: 403,
    code: 'forbidden',
    notFrom: nobodys,
  },
  {
    name: 'a mentor reads a mentee they are not paired with',
    request: () => ({ method: 'GET', path: `/v1/goals/${A.goal2.id}`, credential: A.mentorToken }),
    status: 403,
    code: 'forbidden',
    notFrom: nobodys,
  },
  {
    name: 'a token of site A reads a goal of site B',
    request: () => ({ method: 'GET', path: `/v1/goals/${B.goal.id}`, credential: A.menteeToken }),
    status: 404,
    code: 'not_found',
    notFrom: own,
  },
  {
    name: 'the key of site A reads a participant of site B',
    request: () => ({ method: 'GET', path: `/v1/participants/${B.mentee.id}`, credential: A.key }),
    status: 404,
    code: 'not_found',
    notFrom: own,
  },
  {
    name: 'the key of site A changes a goal of site B',
    status: 404,
    code: 'not_found',
    notFrom: own,
    request: () => ({ method: 'PATCH', path: `/v1/goals/${B.goal.id}`, credential: A.key, body: { title: 'planted by site A' } }),
  },
  {
    name: 'a token of site A writes a check-in on a goal of site B',
    status: 404,
    code: 'not_found',
    notFrom: own,
    request: () => ({ method: 'POST', path: `/v1/goals/${B.goal.id}/check-ins`, credential: A.menteeToken, body: { note: 'planted by site A' } }),
  },
  {
    name: 'an expired token is replayed',
    request: () => ({ method: 'GET', path: `/v1/participants/${A.mentee.id}/goals`, credential: expiredToken }),
    status: 401,
    code: 'token_expired',
    notFrom: nobodys,
  },
  {
    name: "a token is replayed after its site's key was rotated",
    request: () => ({ method: 'GET', path: '/v1/pairings', credential: rotatedToken }),
    status: 401,
    notFrom: nobodys,
  },
  {
    name: 'a token with a forged signature',
    status: 401,
    notFrom: nobodys,
    request: () => ({ method: 'GET', path: `/v1/goals/${A.goal.id}`, credential: `${A.menteeToken.slice(0, -4)}AAAA` }),
  },
  { name: 'no credential at all', request: () => ({ method: 'GET', path: `/v1/goals/${A.goal.id}` }), status: 401, notFrom: nobodys },
  {
    name: "site A's token from site B's origin",
    status: 403,
    code: 'origin_not_allowed',
    notFrom: nobodys,
    request: () => ({ method: 'GET', path: `/v1/goals/${A.goal.id}`, credential: A.menteeToken, origin: ORIGIN_B }),
  },
  {
    name: "site A's token from site A's origin",
    status: 200,
    notFrom: own,
    request: () => ({ method: 'GET', path: `/v1/goals/${A.goal.id}`, credential: A.menteeToken, origin: ORIGIN_A }),
    check: (response) => (response.headers.get('access-control-allow-origin') === ORIGIN_A ? undefined : 'no CORS header for its own origin'),
  },
  {
    name: 'a preflight from an origin no site lists',
    status: 204,
    notFrom: nobodys,
    request: () => ({ method: 'OPTIONS', path: `/v1/goals/${A.goal.id}`, origin: 'https://evil.example' }),
    check: (response) => (response.headers.get('access-control-allow-origin') === null ? undefined : 'a foreign origin was allowed'),
  },
];

/**
 * The isolation matrix: every id-taking route, aimed at B's data with A's key, A's mentee's
 * token and A's mentor's token. Each must be refused (403 or 404) and give nothing of B away.
 */
const credentialsOfA: Array<[string, () => string]> = [
  ["A's key", () => A.key],
  ["A's mentee token", () => A.menteeToken],
  ["A's mentor token", () => A.mentorToken],
];
for (const entry of MATRIX) {
  for (const [who, credential] of credentialsOfA) {
    const ids = () => ({ ...B.ids, ...Object.fromEntries(Object.entries(A.ids).map(([name, id]) => [`own.${name}`, id])) });
    CASES.push({
      name: `${who}: ${entry.method} ${entry.path}`,
      status: [403, 404],
      notFrom: own,
      request: () => ({
        method: entry.method,
        path: fillIds(entry.path, ids()),
        credential: credential(),
        body: entry.body && JSON.parse(fillIds(JSON.stringify(entry.body), ids())),
      }),
    });
  }
}

/** Headers every answer carries, whatever it is. */
const SECURE_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'SAMEORIGIN',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=15552000; includeSubDomains',
};

async function run(entry: Case): Promise<string | undefined> {
  const { method, path, credential, body, origin } = entry.request();
  const headers: Record<string, string> = {};
  if (credential) headers.authorization = `Bearer ${credential}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (origin) headers.origin = origin;
  if (method === 'OPTIONS') Object.assign(headers, { 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' });
  const response = await fetch(`${base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  const allowed = Array.isArray(entry.status) ? entry.status : [entry.status];
  if (!allowed.includes(response.status)) return `${entry.name}: ${response.status} instead of ${allowed.join(' or ')} (${text.slice(0, 120)})`;
  for (const [name, value] of Object.entries(SECURE_HEADERS)) {
    if (response.headers.get(name) !== value) return `${entry.name}: ${name} was ${response.headers.get(name)}`;
  }
  if (response.status >= 400) {
    const error = (JSON.parse(text) as { error?: { code?: string; message?: string } }).error;
    const code = entry.code ?? { 403: 'forbidden', 404: 'not_found' }[response.status];
    if (!error?.message || (code && error.code !== code)) return `${entry.name}: error ${text.slice(0, 120)}`;
  }
  // An id the caller sent may be echoed back ("no goal goal_…"); anything else of theirs may not.
  const asked = `${path} ${JSON.stringify(body ?? '')}`;
  for (const world of entry.notFrom()) {
    const leaked = world.secrets.find((secret) => text.includes(secret) && !asked.includes(secret));
    if (leaked) return `${entry.name}: gave away "${leaked}"`;
  }
  return entry.check?.(response, text);
}

/** Every check-in on the program's first goal, page by page. */
async function countCheckIns(program: World): Promise<number> {
  let count = 0;
  let cursor: string | undefined;
  do {
    const page = await services.store.goals.listCheckIns(program.siteId, program.goal.id, { limit: 100, cursor });
    count += page.items.length;
    cursor = page.nextCursor;
  } while (cursor);
  return count;
}

describe('security under load', () => {
  it('each case of the matrix answers as it should at rest (the control)', async () => {
    for (const entry of CASES) expect(await run(entry)).toBeUndefined();
  });

  it(`holds at 50 connections for ${SECONDS} s: every answer as the matrix says, nothing leaked, no write lost`, async () => {
    const before = await snapshotWorld(overHttp, B);
    const checkInsBefore = await countCheckIns(A);
    const mismatches: string[] = [];
    const counts = new Map<string, number>();
    let turn = 0;
    let acknowledged = 0;
    const result = await runLoad(
      async () => {
        const entry = CASES[turn++ % CASES.length]!;
        const problem = await run(entry);
        counts.set(entry.name, (counts.get(entry.name) ?? 0) + 1);
        if (problem && mismatches.length < 20) mismatches.push(problem);
        if (!problem && entry.status === 201) acknowledged++;
        return new Response(null, { status: problem ? 599 : 200 });
      },
      { connections: 50, seconds: SECONDS, expect: 200 },
    );

    console.log(`security under load: ${result.requests} requests over ${CASES.length} cases, ${result.errors} wrong, p99 ${result.p99} ms`);
    expect(mismatches).toEqual([]);
    expect(result.errors).toBe(0);
    expect(Math.min(...counts.values())).toBeGreaterThan(10);
    // B is as it was, nothing was planted on either side, and every check-in A was told was
    // saved is there, and only those.
    const after = await snapshotWorld(overHttp, B);
    expect(after).toEqual(before);
    const everything = JSON.stringify(await snapshotWorld(overHttp, A)) + JSON.stringify(after);
    expect(everything).not.toMatch(/Planted from site A|Renamed from site A|planted by site A/);
    const checkInsAfter = await countCheckIns(A);
    expect(checkInsAfter - checkInsBefore).toBe(acknowledged);
  });

  it('wrote no key, token or secret to any log line, and did log every request', async () => {
    const secrets = [ADMIN_KEY, rotatedToken, expiredToken];
    for (const program of [A, B]) {
      const stored = (await services.store.sites.secrets(program.siteId))!;
      secrets.push(program.key, program.menteeToken, program.mentee2Token, program.mentorToken, stored.tokenSecret, stored.keyHash);
      // The signature alone is enough to replay a token: no part of one may be logged either.
      secrets.push(...[program.menteeToken, program.mentorToken].map((token) => token.split('.')[2]!));
    }
    expect(logLines.length).toBeGreaterThan(1000);
    const leaking = logLines.filter((line) => secrets.some((secret) => line.includes(secret)));
    expect(leaking).toEqual([]);
    // And nobody's own words: check-in notes stay out of the operator's log.
    expect(logLines.filter((line) => line.includes('under load'))).toEqual([]);
  });
});
