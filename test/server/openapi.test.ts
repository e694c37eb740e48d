import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { Library } from '../../server/coach/library.ts';
import { buildCorpusIndex } from '../support/corpus-index.ts';
import { createTestServices, createTestSite, tokenFor } from '../support/services.ts';
import { VALID_BODIES } from '../support/valid-bodies.ts';

type Operation = {
  summary?: string;
  security?: Array<Record<string, string[]>>;
  parameters?: Array<{ in: string; name: string }>;
  requestBody?: { content: Record<string, { schema?: unknown }> };
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
};
type Document = {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
};

const OPERATOR_KEY = 'openapi-test-operator-key-0123456789';
let app: ReturnType<typeof createApp>;
let document: Document;
let credential: Record<string, string>;

beforeAll(async () => {
  const index = await buildCorpusIndex();
  const services = createTestServices({ adminKey: OPERATOR_KEY, index, library: await Library.load(index) });
  app = createApp(services);
  document = await (await app.request('/openapi.json')).json();
  const { site, apiKey } = await createTestSite(services, 'OpenAPI');
  const mentee = await services.store.participants.create(site.id, {
    externalId: 'openapi-mentee',
    role: 'mentee',
    displayName: 'Mentee',
    profile: { skills: [], interests: [], preferences: {} },
  });
  credential = { operatorKey: OPERATOR_KEY, siteKey: apiKey, participantToken: await tokenFor(services, mentee, site.id) };
}, 60_000);

const operations = () =>
  Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ key: `${method} ${path}`, path, method, operation })),
  );

describe('the OpenAPI document', () => {
  it('describes every route the app serves, and nothing it does not', () => {
    const served = new Set(
      app.routes
        .filter((route) => route.method !== 'ALL' && !route.path.startsWith('/widget/') && !route.path.startsWith('/demo/') && route.path !== '/')
        .map((route) => `${route.method.toLowerCase()} ${route.path.replace(/:(\w+)/g, '{$1}')}`),
    );
    const documented = new Set(operations().map(({ key }) => key));
    expect([...served].filter((route) => !documented.has(route))).toEqual([]);
    expect([...documented].filter((route) => !served.has(route))).toEqual([]);
    expect(served.size).toBeGreaterThan(30);
  });

  it('gives every operation a summary, its path parameters, and a schema for every JSON body and answer', () => {
    for (const { key, path, operation } of operations()) {
      expect(operation.summary, key).toBeTruthy();
      const pathParameters = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
      expect(
        (operation.parameters ?? []).filter((parameter) => parameter.in === 'path').map((parameter) => parameter.name),
        key,
      ).toEqual(pathParameters);
      if (operation.requestBody) expect(operation.requestBody.content['application/json']?.schema, key).toBeTruthy();
      for (const [status, response] of Object.entries(operation.responses)) {
        const json = response.content?.['application/json'];
        if (json) expect(json.schema, `${key} ${status}`).toBeTruthy();
        if (Number(status) < 300 && Number(status) !== 204) expect(json, `${key} ${status} has a JSON answer`).toBeTruthy();
      }
    }
    for (const match of JSON.stringify(document).matchAll(/"#\/components\/schemas\/([^"]+)"/g)) {
      expect(document.components.schemas).toHaveProperty(match[1]!);
    }
  });

  it('names the credentials of every /v1 operation, from the schemes it defines; only the demo token is public', () => {
    const schemes = Object.keys(document.components.securitySchemes);
    expect(schemes.sort()).toEqual(['operatorKey', 'participantToken', 'siteKey']);
    const open: string[] = [];
    for (const { key, path, operation } of operations()) {
      if (!path.startsWith('/v1/')) continue;
      expect(operation.security, key).toBeInstanceOf(Array);
      for (const requirement of operation.security!) for (const name of Object.keys(requirement)) expect(schemes, key).toContain(name);
      if (operation.security!.length === 0) open.push(key);
    }
    expect(open).toEqual(['post /v1/demo/participant-token']);
  });

  it('tells the truth about credentials: none is 401 where one is needed, and a kind it does not name is refused', async () => {
    const wrong: string[] = [];
    let tried = 0;
    for (const { key, path, method, operation } of operations()) {
      if (!path.startsWith('/v1/') || operation.security!.length === 0) continue;
      const named = new Set(operation.security!.flatMap((requirement) => Object.keys(requirement)));
      const send = (authorization?: string) =>
        app.request(path.replace(/\{\w+\}/g, 'participant_nosuch'), {
          method: method.toUpperCase(),
          headers: { 'content-type': 'application/json', ...(authorization ? { authorization: `Bearer ${authorization}` } : {}) },
          ...(VALID_BODIES[key] ? { body: JSON.stringify(VALID_BODIES[key]) } : {}),
        });
      const anonymous = await send();
      if (anonymous.status !== 401) wrong.push(`${key} without a credential: ${anonymous.status}`);
      for (const [scheme, secret] of Object.entries(credential)) {
        if (named.has(scheme)) continue;
        const answer = await send(secret);
        tried++;
        if (answer.status !== 403) wrong.push(`${key} with a ${scheme}, which it does not name: ${answer.status}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(tried).toBeGreaterThan(30);
  }, 60_000);
});
