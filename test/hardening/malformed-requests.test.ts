import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { Library } from '../../server/coach/library.ts';
import { createLogger } from '../../server/logger.ts';
import { buildCorpusIndex } from '../support/corpus-index.ts';
import { idFor } from '../support/operation-ids.ts';
import { createTestServices, createTestSite, tokenFor } from '../support/services.ts';
import { removeTempDirs } from '../support/temp-dir.ts';

/**
 * Bad input over every route of the OpenAPI document: wrong types, missing and extra fields,
 * huge strings and arrays, deep nesting, invalid UTF-8, NUL bytes, wrong content types,
 * negative and enormous numbers, bad ids. Whatever arrives, the answer is a 4xx JSON error
 * (or a success for input that happens to be acceptable), never a 5xx, every answer carries
 * the secure headers, no log line holds a credential, and the server stays healthy.
 */
type Operation = { method: string; path: string; body?: any; parameters: Array<{ name: string; in: string }> };

const logged: string[] = [];
let app: ReturnType<typeof createApp>;
let operations: Operation[] = [];
const credentials: Record<string, string> = {};
const ids: Record<string, string> = {};

beforeAll(async () => {
  const index = await buildCorpusIndex();
  const services = createTestServices({
    index,
    library: await Library.load(index),
    adminKey: 'hardening-operator-key-123',
    bodyLimitBytes: 64 * 1024,
    logger: createLogger({ write: (line) => logged.push(line) }),
  });
  app = createApp(services);
  const site = await createTestSite(services);
  const mentee = await services.store.participants.create(site.site.id, {
    externalId: 'h-1',
    role: 'mentee',
    displayName: 'H',
    profile: { skills: [], interests: [], preferences: {} },
  });
  const mentor = await services.store.participants.create(site.site.id, {
    externalId: 'h-2',
    role: 'mentor',
    displayName: 'M',
    profile: { skills: [], interests: [], preferences: {} },
  });
  const pairing = await services.store.pairings.create(site.site.id, { mentorId: mentor.id, menteeId: mentee.id, model: 'one-to-one' });
  const goal = await services.store.goals.create(site.site.id, mentee.id, { title: 'A goal' });
  const checkIn = await services.store.goals.addCheckIn(site.site.id, goal.id, { note: 'fine' });
  const session = await services.store.sessions.create(site.site.id, pairing.id, {
    scheduledAt: new Date().toISOString(),
    durationMinutes: 30,
    actionItems: [],
  });
  Object.assign(credentials, {
    operator: 'hardening-operator-key-123',
    site: site.apiKey,
    mentee: await tokenFor(services, mentee, site.site.id),
    mentor: await tokenFor(services, mentor, site.site.id),
  });
  Object.assign(ids, {
    site: site.site.id,
    participant: mentee.id,
    pairing: pairing.id,
    goal: goal.id,
    checkIn: checkIn!.id,
    session: session.id,
    resource: 'vague-wish-to-smart-goal',
  });
  const document = await (await app.request('/openapi.json')).json();
  operations = Object.entries(document.paths as Record<string, Record<string, any>>).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      method: method.toUpperCase(),
      path,
      parameters: operation.parameters ?? [],
      body: operation.requestBody?.content?.['application/json']?.schema,
    })),
  );
});

afterAll(removeTempDirs);

/** A plausible id for a path parameter, by where it sits. */
const realId = (path: string) => idFor(ids, path);

const BAD_IDS = [
  '',
  'x'.repeat(5000),
  '../../etc/passwd',
  "goal_1' OR '1'='1",
  '%00',
  '%FF%FE',
  'goal_%E2%80%AE',
  'GOAL_ABC',
  '-1',
  '1e309',
  'null',
  '[]',
  '{}',
  `goal_${'a'.repeat(41)}`,
];
const BAD_VALUES: unknown[] = [
  null,
  true,
  -1,
  -1e308,
  1e308,
  0.5,
  'x',
  '',
  'x'.repeat(70_000),
  '\u0000',
  '\ud800',
  [],
  [1, 2, 3],
  Array.from({ length: 10_000 }, () => 'a'),
  {},
  { nested: { deeper: { deepest: [] } } },
];

/** Many malformed bodies for one JSON body schema. */
function badBodies(schema: any): Array<BodyInit> {
  const bodies: BodyInit[] = [
    '',
    '{',
    '{"a":',
    'null',
    '[]',
    '"text"',
    '12',
    'true',
    '['.repeat(5000) + ']'.repeat(5000),
    JSON.stringify({ unexpected: 'field' }),
    new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]),
    '{"a":"\u0000"}',
  ];
  const properties = Object.keys(schema?.properties ?? {});
  for (const property of properties) {
    for (const value of BAD_VALUES) bodies.push(JSON.stringify({ [property]: value }));
  }
  return bodies;
}

async function send(method: string, path: string, credential: string, body?: BodyInit, contentType = 'application/json') {
  const headers: Record<string, string> = { authorization: `Bearer ${credential}` };
  // GET and DELETE carry no body over HTTP; everything else may carry anything.
  const withBody = body !== undefined && method !== 'GET' && method !== 'HEAD';
  if (withBody) headers['content-type'] = contentType;
  const response = await app.request(path, { method, headers, body: withBody ? body : undefined });
  const text = await response.text();
  return { status: response.status, type: response.headers.get('content-type') ?? '', text, nosniff: response.headers.get('x-content-type-options') };
}

describe('malformed requests over every route', () => {
  it('answers each with a 4xx JSON error (or a success), never a 5xx, and stays healthy', async () => {
    const failures: string[] = [];
    let tried = 0;
    const check = (label: string, result: { status: number; type: string; text: string; nosniff: string | null }) => {
      tried++;
      if (result.nosniff !== 'nosniff') failures.push(`${label}: no secure headers`);
      if (result.status >= 500) failures.push(`${label}: ${result.status} ${result.text.slice(0, 120)}`);
      if (result.status >= 400) {
        let body: any;
        try {
          body = JSON.parse(result.text);
        } catch {
          failures.push(`${label}: ${result.status} not JSON`);
          return;
        }
        if (typeof body?.error?.code !== 'string' || typeof body?.error?.message !== 'string') failures.push(`${label}: ${result.status} not the JSON error`);
      }
    };
    for (const operation of operations) {
      const filled = operation.path.replace(/\{(\w+)\}/g, () => realId(operation.path));
      for (const credential of Object.keys(credentials)) {
        // Bad ids in the path.
        if (operation.path.includes('{')) {
          for (const bad of BAD_IDS) {
            const path = operation.path.replace(/\{(\w+)\}/g, encodeURIComponent(bad).replaceAll('%25', '%'));
            check(
              `${operation.method} ${path.slice(0, 60)} as ${credential}`,
              await send(operation.method, path, credentials[credential]!, operation.body ? '{}' : undefined),
            );
          }
        }
        // Malformed bodies, and bodies of the wrong content type.
        if (operation.body) {
          for (const body of badBodies(operation.body)) {
            check(`${operation.method} ${filled} body as ${credential}`, await send(operation.method, filled, credentials[credential]!, body));
          }
          for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml']) {
            check(`${operation.method} ${filled} as ${type}`, await send(operation.method, filled, credentials[credential]!, '{"a":1}', type));
          }
        }
        // Malformed query strings.
        for (const query of [
          'limit=-1',
          'limit=1e309',
          'limit=abc',
          'cursor=%FF',
          'cursor=not-a-cursor',
          `q=${'x'.repeat(3000)}`,
          'topic[]=a&topic[]=b',
          'role=admin',
          'status=gone',
          'unknown=1',
        ]) {
          check(
            `${operation.method} ${filled}?${query.slice(0, 30)} as ${credential}`,
            await send(operation.method, `${filled}?${query}`, credentials[credential]!, operation.body ? '{}' : undefined),
          );
        }
      }
    }
    // A body over the limit, and garbage credentials, on every route.
    for (const operation of operations) {
      const filled = operation.path.replace(/\{(\w+)\}/g, () => realId(operation.path));
      check(`${operation.method} ${filled} oversize`, await send(operation.method, filled, credentials.site!, JSON.stringify({ q: 'x'.repeat(80 * 1024) })));
      // (A NUL byte cannot travel in an HTTP header: clients refuse to send it.)
      for (const credential of [
        '',
        'Bearer',
        'mc_pt.x.y',
        `mc_pt.${Buffer.from('{"v":1}').toString('base64url')}.sig`,
        `mc_site_site_x_${'a'.repeat(43)}`,
        'x'.repeat(10_000),
      ]) {
        check(`${operation.method} ${filled} credential`, await send(operation.method, filled, credential));
      }
    }
    expect(tried).toBeGreaterThan(1000);
    expect(failures).toEqual([]);
    const health = await app.request('/healthz');
    expect(health.status).toBe(200);
    expect(logged.filter((line) => line.includes('"level":"error"'))).toEqual([]);
    // Thousands of log lines, and not one holds a key or a token.
    const log = logged.join('\n');
    expect(logged.length).toBeGreaterThan(1000);
    for (const credential of Object.values(credentials)) expect(log.includes(credential)).toBe(false);
    console.log(`hardening: ${tried} malformed requests over ${operations.length} operations, ${failures.length} failures`);
  });
});
