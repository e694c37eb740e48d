import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpenAIEmbedder, ingestFolder, ResourceIndex, searchResources } from '../../../server/retrieval/index.ts';
import { writeDocument } from '../../support/documents.ts';
import { type OpenAICompatibleServer, startOpenAICompatibleServer } from '../../support/openai-compatible-server.ts';
import { makeTempDir, removeTempDirs } from '../../support/temp-dir.ts';

let server: OpenAICompatibleServer;
let client: OpenAI;

beforeAll(async () => {
  server = await startOpenAICompatibleServer();
  client = new OpenAI({ apiKey: 'test-key', baseURL: server.baseURL, maxRetries: 0 });
});
afterAll(async () => {
  await server.close();
  removeTempDirs();
});

describe('OpenAI-compatible embedder (COACH_EMBEDDINGS=openai)', () => {
  it('learns the vector size from the server and names the space after the model', async () => {
    const embedder = await createOpenAIEmbedder({ client, model: 'test-embed' });
    expect(embedder.dimensions).toBe(16);
    expect(embedder.id).toBe('openai:test-embed:16');
    expect(server.requests.at(-1)).toMatchObject({ path: '/v1/embeddings', body: { model: 'test-embed', input: ['mentoring'] } });
    expect(server.requests.at(-1)!.headers.authorization).toBe('Bearer test-key');
  });

  it('batches, keeps the order of the inputs and normalises', async () => {
    const embedder = await createOpenAIEmbedder({ client, model: 'test-embed', batchSize: 2 });
    const before = server.requests.length;
    const vectors = await embedder.embed(['alpha', 'beta beta', 'gamma', 'alpha']);
    expect(server.requests.length - before).toBe(2);
    expect(vectors).toHaveLength(4);
    expect(Array.from(vectors[0]!)).toEqual(Array.from(vectors[3]!));
    for (const vector of vectors) expect(Math.hypot(...vector)).toBeCloseTo(1, 5);
  });

  it('indexes and searches through the server', async () => {
    const folder = makeTempDir();
    writeDocument(folder, { id: 'networking-steps', topics: ['networking'], body: 'Ask for one introduction a month.' });
    writeDocument(folder, { id: 'feedback-steps', topics: ['feedback'], body: 'Ask for feedback on one skill.' });
    const embedder = await createOpenAIEmbedder({ client, model: 'test-embed' });
    const index = await ResourceIndex.open({ directory: join(makeTempDir(), 'index'), embedder });
    await ingestFolder(index, folder);
    const results = await searchResources(index, { query: 'introduction', mode: 'vector', limit: 1 });
    expect(results.map((result) => result.id)).toEqual(['networking-steps']);
  });
});
