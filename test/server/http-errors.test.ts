import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { createLogger } from '../../server/logger.ts';
import type { ResourceIndex } from '../../server/retrieval/index.ts';
import { buildCorpusIndex } from '../support/corpus-index.ts';
import { createTestServices, createTestSite } from '../support/services.ts';
import { removeTempDirs } from '../support/temp-dir.ts';

let index: ResourceIndex;
let app: ReturnType<typeof createApp>;
let auth: Record<string, string>;
const logged: string[] = [];

beforeAll(async () => {
  index = await buildCorpusIndex();
  const services = createTestServices({ index, logger: createLogger({ write: (line) => logged.push(line) }), bodyLimitBytes: 4096 });
  auth = (await createTestSite(services)).headers;
  app = createApp(services);
});
afterAll(removeTempDirs);

async function expectError(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  const body = await response.json();
  expect(body).toEqual({ error: expect.objectContaining({ code, message: expect.any(String) }) });
  expect(body.error.message.length).toBeGreaterThan(10);
  return body.error;
}

const post = (body: BodyInit, contentType = 'application/json') =>
  app.request('/v1/resources/search', { method: 'POST', body, headers: { ...auth, 'content-type': contentType } });

describe('errors are JSON, 4xx, never 500', () => {
  it('malformed JSON', async () => {
    await expectError(await post('{"q": "goals",'), 400, 'bad_request');
  });

  it('a body that is not an object', async () => {
    const error = await expectError(await post('"just a string"'), 400, 'validation_failed');
    expect(error.details).toEqual([{ path: '(root)', message: expect.any(String) }]);
  });

  it('wrong types, with the failing fields in details', async () => {
    const error = await expectError(await post(JSON.stringify({ q: 42, limit: 'ten', topic: 'juggling' })), 400, 'validation_failed');
    expect(error.details.map((detail: { path: string }) => detail.path).sort()).toEqual(['limit', 'q', 'topic']);
  });

  it('unknown fields', async () => {
    const error = await expectError(await post(JSON.stringify({ q: 'goals', sortBy: 'date' })), 400, 'validation_failed');
    expect(error.details[0].message).toMatch(/sortBy/);
  });

  it('a body over the size limit', async () => {
    await expectError(await post(JSON.stringify({ q: 'x'.repeat(5000) })), 413, 'payload_too_large');
  });

  it('a body over the size limit without a Content-Length (chunked)', async () => {
    const chunks = new ReadableStream({
      start(controller) {
        for (let part = 0; part < 10; part++) controller.enqueue(new TextEncoder().encode('x'.repeat(1000)));
        controller.close();
      },
    });
    const response = await app.request('/v1/resources/search', {
      method: 'POST',
      body: chunks,
      headers: { ...auth, 'content-type': 'application/json' },
      duplex: 'half',
    } as RequestInit);
    await expectError(response, 413, 'payload_too_large');
  });

  it('a body that is not JSON', async () => {
    await expectError(await post('q=goals', 'application/x-www-form-urlencoded'), 415, 'unsupported_media_type');
    await expectError(await app.request('/v1/resources/search', { method: 'POST', body: '{}', headers: auth }), 415, 'unsupported_media_type');
  });

  it('an unknown route', async () => {
    await expectError(await app.request('/v1/nothing-here', { headers: auth }), 404, 'not_found');
    await expectError(await app.request('/v1/resources', { method: 'DELETE', headers: auth }), 404, 'not_found');
    await expectError(await app.request('/nothing-here'), 404, 'not_found');
  });

  it('bad query parameters', async () => {
    for (const query of ['limit=0', 'limit=51', 'limit=abc', 'topic=juggling', 'audience=aliens', 'stage=later', 'q=a&q=b', `q=${'x'.repeat(501)}`]) {
      await expectError(await app.request(`/v1/resources?${query}`, { headers: auth }), 400, 'validation_failed');
    }
    // A parameter the document does not name (a cache buster, a proxy's tag) is let through unread.
    expect((await app.request('/v1/resources?q=mentor&colour=blue', { headers: auth })).status).toBe(200);
  });

  it('bad ids', async () => {
    await expectError(await app.request('/v1/resources/NOT_AN_ID', { headers: auth }), 400, 'validation_failed');
    await expectError(await app.request(`/v1/resources/${'a'.repeat(101)}`, { headers: auth }), 400, 'validation_failed');
    await expectError(await app.request("/v1/resources/it'; DROP", { headers: auth }), 400, 'validation_failed');
    await expectError(await app.request('/v1/resources/no-such-document', { headers: auth }), 404, 'not_found');
  });

  it('odd bytes: NUL, invalid UTF-8 and deep nesting', async () => {
    await expectError(await post(JSON.stringify({ q: 'goal\u0000s', limit: -1 })), 400, 'validation_failed');
    const invalidUtf8 = new Uint8Array([0x7b, 0x22, 0x71, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]);
    const response = await post(invalidUtf8);
    expect(response.status).toBeLessThan(500);
    await expectError(await post('['.repeat(1000) + ']'.repeat(1000)), 400, 'validation_failed');
  });

  it('logs no 500 for any of it', () => {
    const statuses = logged
      .map((line) => JSON.parse(line))
      .filter((entry) => entry.msg === 'request')
      .map((entry) => entry.status);
    expect(statuses.length).toBeGreaterThan(20);
    expect(statuses.every((status: number) => status >= 200 && status < 500)).toBe(true);
    expect(logged.some((line) => line.includes('"level":"error"'))).toBe(false);
  });
});
