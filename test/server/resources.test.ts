import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { createLogger } from '../../server/logger.ts';
import type { ResourceIndex } from '../../server/retrieval/index.ts';
import { Resource, ResourceList } from '../../server/routes/resources.ts';
import { buildCorpusIndex } from '../support/corpus-index.ts';
import { createTestServices, createTestSite } from '../support/services.ts';
import { removeTempDirs } from '../support/temp-dir.ts';

let index: ResourceIndex;
let app: ReturnType<typeof createApp>;
let auth: Record<string, string>;
const logged: Array<Record<string, unknown>> = [];
// Resource routes answer any credential: a site key here.
const get = (path: string, init: RequestInit = {}) => app.request(path, { ...init, headers: { ...auth, ...(init.headers as Record<string, string>) } });

beforeAll(async () => {
  index = await buildCorpusIndex();
  const services = createTestServices({ index, logger: createLogger({ write: (line) => logged.push(JSON.parse(line)) }) });
  auth = (await createTestSite(services)).headers;
  app = createApp(services);
});
afterAll(removeTempDirs);

describe('GET /v1/resources', () => {
  it('answers search results of the documented shape, best first, one per document', async () => {
    const response = await get('/v1/resources?q=how%20do%20I%20give%20honest%20feedback&limit=5');
    expect(response.status).toBe(200);
    const { results } = ResourceList.parse(await response.json());
    expect(results).toHaveLength(5);
    expect(results[0]!.topics).toContain('feedback');
    expect(new Set(results.map((result) => result.id)).size).toBe(5);
    const scores = results.map((result) => result.score);
    expect([...scores].sort((left, right) => right - left)).toEqual(scores);
  });

  it('applies topic and audience filters', async () => {
    const { results } = ResourceList.parse(await (await get('/v1/resources?q=questions&audience=mentee&topic=meeting-agendas')).json());
    expect(results.length).toBeGreaterThan(0);
    for (const result of results) {
      expect(['mentee', 'all']).toContain(result.audience);
      expect(result.topics).toContain('meeting-agendas');
    }
  });

  it('answers the same through POST /v1/resources/search', async () => {
    const viaGet = await (await get('/v1/resources?q=networking%20when%20shy&limit=3')).json();
    const viaPost = await (
      await get('/v1/resources/search', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ q: 'networking when shy', limit: 3 }),
      })
    ).json();
    expect(viaPost).toEqual(viaGet);
  });
});

describe('GET /v1/resources/:id', () => {
  it('answers every search result with the whole document', async () => {
    const { results } = ResourceList.parse(await (await get('/v1/resources?q=trust&limit=3')).json());
    for (const result of results) {
      const response = await get(`/v1/resources/${result.id}`);
      expect(response.status).toBe(200);
      const { resource } = Resource.parse(await response.json());
      expect(resource).toMatchObject({ id: result.id, title: result.title, topics: result.topics });
      expect(resource.body.length).toBeGreaterThan(500);
      expect(resource.summary.length).toBeGreaterThan(10);
      expect(Object.keys(resource)).not.toContain('hash');
    }
  });
});

describe('operations', () => {
  it('answers /healthz 503 until the index is ready, then 200', async () => {
    const services = createTestServices();
    const siteHeaders = (await createTestSite(services)).headers;
    const starting = createApp(services);
    const before = await starting.request('/healthz');
    expect(before.status).toBe(503);
    expect(before.headers.get('retry-after')).toBe('2');
    expect((await before.json()).error.code).toBe('starting');
    expect((await starting.request('/v1/resources?q=goals', { headers: siteHeaders })).status).toBe(503);
    services.knowledge.set(index);
    const after = await starting.request('/healthz');
    expect(after.status).toBe(200);
    expect(await after.json()).toEqual({ status: 'ok', chunks: await index.countChunks() });
  });

  it('sets secure headers and a request id on every answer', async () => {
    for (const path of ['/healthz', '/v1/resources?q=x', '/nowhere', '/openapi.json', '/v1/goals/goal_x']) {
      const response = await get(path);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('x-request-id')).toMatch(/^[\w-]{16,}$/);
    }
    const echoed = await get('/healthz', { headers: { 'x-request-id': 'host-trace-123' } });
    expect(echoed.headers.get('x-request-id')).toBe('host-trace-123');
  });

  it('logs one structured line per request, without the query string', async () => {
    logged.length = 0;
    await get('/v1/resources?q=my%20private%20worry', { headers: { 'x-request-id': 'log-check-1' } });
    expect(logged).toEqual([
      expect.objectContaining({
        level: 'info',
        msg: 'request',
        requestId: 'log-check-1',
        method: 'GET',
        path: '/v1/resources',
        status: 200,
        ms: expect.any(Number),
      }),
    ]);
    expect(JSON.stringify(logged)).not.toContain('private');
  });

  it('serves an OpenAPI 3.1 document of every route', async () => {
    const document = await (await app.request('/openapi.json')).json();
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/healthz', '/openapi.json', '/v1/resources', '/v1/resources/search', '/v1/resources/{id}']),
    );
    const search = document.paths['/v1/resources'].get;
    expect(search.parameters.map((parameter: { name: string }) => parameter.name)).toEqual(['q', 'topic', 'audience', 'stage', 'limit']);
    expect(search.parameters.find((parameter: { name: string }) => parameter.name === 'topic').schema.enum).toContain('goal-setting');
    expect(search.responses['200'].content['application/json'].schema.$ref).toBe('#/components/schemas/ResourceList');
    expect(document.components.schemas.ResourceSummary.properties.snippet.type).toBe('string');
    expect(document.paths['/v1/resources/{id}'].get.parameters[0]).toMatchObject({ name: 'id', in: 'path', required: true });
    expect(document.paths['/v1/resources/search'].post.requestBody.content['application/json'].schema.properties.q.type).toBe('string');
    // Every $ref points at a schema that exists.
    for (const match of JSON.stringify(document).matchAll(/"#\/components\/schemas\/([^"]+)"/g)) {
      expect(document.components.schemas).toHaveProperty(match[1]!);
    }
  });

  it('serves the widget to host pages on other origins', async () => {
    const response = await app.request('/widget/mentor-coach.js', { headers: { origin: 'https://host.example' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(await response.text()).toContain('mentor-coach');
    expect((await app.request('/widget/..%2Fpackage.json')).status).toBe(404);
  });

  it("serves the widget's translations, a region falling back to its language", async () => {
    const french = await app.request('/widget/locales/fr.json');
    expect(french.status).toBe(200);
    expect(french.headers.get('access-control-allow-origin')).toBe('*');
    const phrases = await french.json();
    expect(phrases.searchButton).toBe('Rechercher');
    expect(await (await app.request('/widget/locales/fr-CA.json')).json()).toEqual(phrases);
    const missing = await app.request('/widget/locales/de.json');
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.code).toBe('not_found');
    for (const name of ['..%2F..%2Fpackage.json', 'fr.js', 'FR.json', 'fr-CA-x.json']) {
      expect((await app.request(`/widget/locales/${name}`)).status, name).toBe(404);
    }
  });

  it('serves the demo page under a strict Content-Security-Policy', async () => {
    const response = await app.request('/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(response.headers.get('content-security-policy')).not.toMatch(/unsafe/);
    expect(await response.text()).toContain('<mentor-coach');
  });
});
