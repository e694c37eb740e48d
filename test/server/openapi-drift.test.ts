import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { createTestServices, createTestSite, tokenFor } from '../support/services.ts';
import { VALID_BODIES } from '../support/valid-bodies.ts';

/**
 * The document and the validators must agree: every request the OpenAPI document allows is
 * let through by the route's validation, and every one it forbids is refused with 400
 * `validation_failed`. Requests are made from one valid example per operation and many
 * mutations of it (each field dropped, emptied, of the wrong type, too long; an unknown field),
 * judged by a JSON Schema validator (Ajv) on the document, and sent to the app. A route that
 * checks something its document does not say (a refine, a trim, a coercion) fails here.
 */

type Operation = { security?: Array<Record<string, string[]>>; parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: Schema }> } };
type Parameter = { name: string; in: 'path' | 'query'; required?: boolean; schema: Schema };
type Schema = Record<string, any>;

/** Values of every JSON type and a few edges: each tried in place of each field. */
const REPLACEMENTS: unknown[] = [null, true, 0, -1, 1.5, 100_000, '', ' ', 'x', 'x'.repeat(5000), [], ['x'], {}, { x: 1 }];
const QUERY_VALUES = ['', 'x', '0', '-1', '1.5', '5', '1000', 'active', 'mentee'];
const PATH_IDS = ['participant_nosuch', 'not an id', 'UPPER_CASE', `a_${'b'.repeat(60)}`, 'what-a-good-first-meeting-covers'];

const OPERATOR_KEY = 'drift-check-operator-key-0123456789';
const services = createTestServices({ adminKey: OPERATOR_KEY });
const app = createApp(services);
let document: { paths: Record<string, Record<string, Operation>>; components: Record<string, unknown> };
let credential: Record<string, string>;

beforeAll(async () => {
  document = await (await app.request('/openapi.json')).json();
  const { site, apiKey } = await createTestSite(services, 'Drift');
  const mentee = await services.store.participants.create(site.id, {
    externalId: 'drift-mentee',
    role: 'mentee',
    displayName: 'Mentee',
    profile: { skills: [], interests: [], preferences: {} },
  });
  credential = { operatorKey: OPERATOR_KEY, siteKey: apiKey, participantToken: await tokenFor(services, mentee, site.id) };
});

function compiler(coerce: boolean) {
  const ajv = new Ajv2020({ strict: false, allErrors: false, coerceTypes: coerce });
  // ajv-formats is CommonJS: its plugin is the module's `default`, as TypeScript reads it.
  formats.default(ajv);
  ajv.addSchema({ $id: 'openapi', components: document.components });
  return (schema: Schema): ValidateFunction => ajv.compile(JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"openapi#/components/')));
}

/** The first credential the operation names. */
function authorization(operation: Operation): Record<string, string> {
  for (const requirement of operation.security ?? []) {
    for (const name of Object.keys(requirement)) {
      if (credential[name]) return { authorization: `Bearer ${credential[name]}` };
    }
  }
  return {};
}

/** Refused by the route's validators (not by its handler, its guard or its lookups). */
async function refusedByValidation(response: Response): Promise<boolean> {
  if (response.status !== 400) return false;
  const body = await response.json();
  return body.error?.code === 'validation_failed' && /^The request (body|path|query) is not valid/.test(body.error.message);
}

function operations(): Array<{ key: string; path: string; method: string; operation: Operation }> {
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ key: `${method} ${path}`, path, method, operation })),
  );
}

function withPathIds(path: string, id: string): string {
  return path.replace(/\{\w+\}/g, encodeURIComponent(id));
}

describe('the OpenAPI document and the validators', () => {
  it('has a valid example body for every operation that takes one', () => {
    const withBodies = operations()
      .filter(({ operation }) => operation.requestBody)
      .map(({ key }) => key);
    expect(withBodies.filter((key) => !VALID_BODIES[key])).toEqual([]);
    expect(withBodies.length).toBeGreaterThan(15);
  });

  it('agree on every body: what the document allows passes validation, what it forbids is refused', async () => {
    const compile = compiler(false);
    const disagreements: string[] = [];
    let tried = 0;
    for (const { key, path, method, operation } of operations()) {
      const schema = operation.requestBody?.content['application/json']?.schema;
      if (!schema) continue;
      const valid = VALID_BODIES[key]!;
      const documented = compile(schema);
      const fields = [...new Set([...Object.keys(schema.properties ?? {}), ...Object.keys(valid)])];
      const samples: unknown[] = [valid, {}, { ...valid, notAField: 1 }, [], 'text'];
      for (const field of fields) {
        const { [field]: _dropped, ...without } = valid;
        samples.push(without);
        for (const value of REPLACEMENTS) samples.push({ ...valid, [field]: value });
      }
      for (const sample of samples) {
        const response = await app.request(withPathIds(path, 'participant_nosuch'), {
          method: method.toUpperCase(),
          headers: { 'content-type': 'application/json', ...authorization(operation) },
          body: JSON.stringify(sample),
        });
        tried++;
        const allowed = documented(sample);
        const refused = await refusedByValidation(response);
        if (allowed === refused)
          disagreements.push(
            `${key} ${JSON.stringify(sample).slice(0, 120)}: document ${allowed ? 'allows' : 'forbids'}, route ${refused ? 'refused' : `answered ${response.status}`}`,
          );
      }
    }
    expect(disagreements).toEqual([]);
    expect(tried).toBeGreaterThan(500);
  }, 120_000);

  it('agree on every query and path parameter', async () => {
    const compile = compiler(true);
    const disagreements: string[] = [];
    let tried = 0;
    for (const { key, path, method, operation } of operations()) {
      if (method !== 'get' && method !== 'delete') continue;
      const parameters = operation.parameters ?? [];
      const query = parameters.filter((parameter) => parameter.in === 'query');
      const pathSchema = parameters.find((parameter) => parameter.in === 'path')?.schema;
      const documentedQuery = compile({
        type: 'object',
        properties: Object.fromEntries(query.map((parameter) => [parameter.name, parameter.schema])),
        required: query.filter((parameter) => parameter.required).map((parameter) => parameter.name),
      });
      const documentedPath = pathSchema ? compile(pathSchema) : () => true;
      const samples: Array<{ id: string; query: Record<string, string> }> = [{ id: 'participant_nosuch', query: {} }];
      if (pathSchema) for (const id of PATH_IDS) samples.push({ id, query: {} });
      // A parameter the document does not name (a cache buster, a proxy's tag): the document cannot forbid it.
      samples.push({ id: 'participant_nosuch', query: { notAParameter: '1' } });
      for (const parameter of query) for (const value of QUERY_VALUES) samples.push({ id: 'participant_nosuch', query: { [parameter.name]: value } });
      for (const sample of samples) {
        const search = new URLSearchParams(sample.query).toString();
        const response = await app.request(`${withPathIds(path, sample.id)}${search ? `?${search}` : ''}`, {
          method: method.toUpperCase(),
          headers: authorization(operation),
        });
        tried++;
        const allowed = documentedQuery({ ...sample.query }) && documentedPath(sample.id);
        const refused = await refusedByValidation(response);
        if (allowed === refused)
          disagreements.push(
            `${key} id=${sample.id} ?${search}: document ${allowed ? 'allows' : 'forbids'}, route ${refused ? 'refused' : `answered ${response.status}`}`,
          );
      }
    }
    expect(disagreements).toEqual([]);
    expect(tried).toBeGreaterThan(100);
  }, 60_000);
});
