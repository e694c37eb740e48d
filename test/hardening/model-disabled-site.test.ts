/**
 * Found in hardening, round two: a site with `modelEnabled: false` still had its people's
 * words sent out for embedding when COACH_EMBEDDINGS=openai. Now such a site's searches rank
 * by words alone, and nothing of what its people write reaches the model server; the site
 * next to it, with models on, is the control that shows the test can tell.
 */
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { Library } from '../../server/coach/library.ts';
import { corpusDir } from '../../server/paths.ts';
import { createOpenAIEmbedder, ingestFolder, ResourceIndex } from '../../server/retrieval/index.ts';
import type { Services } from '../../server/services.ts';
import { type OpenAICompatibleServer, startOpenAICompatibleServer } from '../support/openai-compatible-server.ts';
import { createTestServices, createTestSite, tokenFor } from '../support/services.ts';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';

let server: OpenAICompatibleServer;
let services: Services;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  server = await startOpenAICompatibleServer();
  const client = new OpenAI({ apiKey: 'test-key', baseURL: server.baseURL, maxRetries: 0 });
  const index = await ResourceIndex.open({ directory: join(makeTempDir(), 'index'), embedder: await createOpenAIEmbedder({ client, model: 'test-embed' }) });
  await ingestFolder(index, corpusDir, { source: 'corpus' });
  services = createTestServices({ index, library: await Library.load(index) });
  app = createApp(services);
}, 60_000);
afterAll(async () => {
  await services.store.close();
  await server.close();
  removeTempDirs();
});

async function siteWithMentee(modelEnabled: boolean) {
  const { site, apiKey } = await createTestSite(services, modelEnabled ? 'Models on' : 'Models off');
  await services.store.sites.update(site.id, { modelEnabled });
  const mentee = await services.store.participants.create(site.id, {
    externalId: `m-${site.id}`,
    role: 'mentee',
    displayName: 'Private Mentee',
    profile: { skills: [], interests: [], preferences: {} },
  });
  return { apiKey, token: await tokenFor(services, mentee, site.id) };
}

async function askEverything(token: string, marker: string): Promise<number[]> {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const statuses: number[] = [];
  for (const [path, body] of [
    ['/v1/resources/search', { q: `practice time ${marker}` }],
    ['/v1/coach/next-steps', { question: `How do I find practice time ${marker}?` }],
    ['/v1/coach/reframe', { statement: `I will never get this ${marker} right` }],
  ] as const) {
    statuses.push((await app.request(path, { method: 'POST', headers, body: JSON.stringify(body) })).status);
  }
  statuses.push((await app.request(`/v1/resources?q=${encodeURIComponent(`mentor ${marker}`)}`, { headers })).status);
  return statuses;
}

const sentToModelServer = (marker: string) => server.requests.filter((request) => JSON.stringify(request.body).includes(marker)).length;

describe('a site with modelEnabled: false and embeddings from an OpenAI-compatible server', () => {
  it("sends none of its people's words to that server, and still answers with results", async () => {
    const off = await siteWithMentee(false);
    expect(await askEverything(off.token, 'quokkaoff')).toEqual([200, 200, 200, 200]);
    expect(sentToModelServer('quokkaoff')).toBe(0);
    const search = await app.request('/v1/resources/search', {
      method: 'POST',
      headers: { authorization: `Bearer ${off.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ q: 'cancelled sessions' }),
    });
    expect(((await search.json()) as { results: unknown[] }).results.length).toBeGreaterThan(0);
  });

  it('the control: a site with models on does embed its searches there', async () => {
    const on = await siteWithMentee(true);
    expect(await askEverything(on.token, 'quokkaon')).toEqual([200, 200, 200, 200]);
    expect(sentToModelServer('quokkaon')).toBeGreaterThan(0);
  });
});
