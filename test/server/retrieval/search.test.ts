import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFolder, ResourceIndex, searchResources } from '../../../server/retrieval/index.ts';
import { writeDocument } from '../../support/documents.ts';
import { createFixedEmbedder } from '../../support/fixed-embedder.ts';
import { makeTempDir, removeTempDirs } from '../../support/temp-dir.ts';

/** The same table, searched in memory (the default for small indexes) and by LanceDB queries. */
const indexes: Record<string, ResourceIndex> = {};
let folder: string;

beforeAll(async () => {
  folder = makeTempDir();
  writeDocument(folder, {
    id: 'goals-for-mentees',
    topics: ['goal-setting'],
    audience: 'mentee',
    stage: 'getting-started',
    body: 'Intro about goals.\n\n## Pick a target\nChoose one goal with a milestone.\n\n## Review\nCheck the goal and the milestone each month.\n\n## More goals\nA second goal can wait.',
  });
  writeDocument(folder, {
    id: 'goals-for-mentors',
    topics: ['goal-setting', 'meeting-agendas'],
    audience: 'mentor',
    stage: 'active',
    body: 'Helping a mentee set a goal and a milestone in a session.',
  });
  writeDocument(folder, {
    id: 'listening-for-all',
    topics: ['active-listening'],
    audience: 'all',
    stage: 'any',
    body: 'Listen first. Ask an open question, then listen to the answer.',
  });
  writeDocument(folder, {
    id: 'busy-schedules',
    topics: ['time-management'],
    audience: 'mentee',
    stage: 'active',
    body: 'When a session is cancelled, reschedule within the week; a busy schedule needs a fixed slot.',
  });
  writeDocument(folder, {
    id: 'ending-well',
    topics: ['closure'],
    audience: 'mentor',
    stage: 'closing',
    body: 'Wrap up with a goodbye that names what changed. Closure is part of the work.',
  });
  const { embedder } = createFixedEmbedder();
  const directory = join(makeTempDir(), 'index');
  indexes['in memory'] = await ResourceIndex.open({ directory, embedder });
  await ingestFolder(indexes['in memory'], folder);
  indexes['by LanceDB queries'] = await ResourceIndex.open({ directory, embedder, memoryMaxChunks: 0 });
});

afterAll(removeTempDirs);

const ids = (results: Array<{ id: string }>) => results.map((result) => result.id);

describe.each(['in memory', 'by LanceDB queries'])('hybrid search on a real LanceDB table, %s', (path) => {
  let index: ResourceIndex;
  beforeAll(() => {
    index = indexes[path]!;
  });

  it('searches where it says it does', async () => {
    expect(await index.memoryChunks()).toSatisfy((chunks) => (path === 'in memory' ? chunks !== undefined && chunks.size > 5 : chunks === undefined));
  });

  it('ranks the documents that match the words and the meaning first', async () => {
    const results = await searchResources(index, { query: 'setting a goal with a milestone', limit: 3 });
    expect(ids(results).slice(0, 2).sort()).toEqual(['goals-for-mentees', 'goals-for-mentors']);
  });

  it('folds several matching chunks of one document into one result', async () => {
    // goals-for-mentees has four chunks about goals; it must appear once, with a snippet.
    const results = await searchResources(index, { query: 'goal milestone', limit: 10 });
    expect(ids(results).filter((id) => id === 'goals-for-mentees')).toHaveLength(1);
    expect(new Set(ids(results)).size).toBe(results.length);
    expect(results[0]!.snippet.length).toBeGreaterThan(0);
  });

  it('filters on topic', async () => {
    const results = await searchResources(index, { query: 'goal milestone listen', topic: 'active-listening' });
    expect(ids(results)).toEqual(['listening-for-all']);
  });

  it('filters on audience, keeping documents meant for everyone', async () => {
    const results = await searchResources(index, { query: 'goal listen question', audience: 'mentor' });
    expect(ids(results)).toEqual(expect.arrayContaining(['goals-for-mentors', 'listening-for-all']));
    expect(ids(results)).not.toContain('goals-for-mentees');
    expect(new Set(results.map((result) => result.audience))).toEqual(new Set(['mentor', 'all']));
  });

  it('filters on stage, keeping documents for any stage', async () => {
    const results = await searchResources(index, { query: 'goal listen schedule goodbye', stage: 'closing' });
    expect(ids(results).sort()).toEqual(['ending-well', 'listening-for-all']);
  });

  it("takes the asker's role as a boost that hides nothing", async () => {
    // Both goal documents match for either role; each role's document ranks no lower for it than for the other role.
    const forMentee = ids(await searchResources(index, { query: 'goal milestone session', role: 'mentee', mode: 'fts' }));
    const forMentor = ids(await searchResources(index, { query: 'goal milestone session', role: 'mentor', mode: 'fts' }));
    expect(forMentee).toEqual(expect.arrayContaining(['goals-for-mentees', 'goals-for-mentors']));
    expect(forMentor).toEqual(expect.arrayContaining(['goals-for-mentees', 'goals-for-mentors']));
    expect(forMentee.indexOf('goals-for-mentees')).toBeLessThanOrEqual(forMentor.indexOf('goals-for-mentees'));
    expect(forMentor.indexOf('goals-for-mentors')).toBeLessThanOrEqual(forMentee.indexOf('goals-for-mentors'));
    const scoreOf = async (role: string, id: string) =>
      (await searchResources(index, { query: 'goal milestone session', role, mode: 'fts' })).find((result) => result.id === id)!.score;
    expect(await scoreOf('mentee', 'goals-for-mentors')).toBeLessThan(await scoreOf('mentor', 'goals-for-mentors'));
    // A document for another role that alone answers is still found, and first.
    expect(ids(await searchResources(index, { query: 'goodbye closure', role: 'mentee', limit: 1 }))).toEqual(['ending-well']);
  });

  it('combines filters', async () => {
    const results = await searchResources(index, { query: 'goal', audience: 'mentee', stage: 'getting-started', topic: 'goal-setting' });
    expect(ids(results)).toEqual(['goals-for-mentees']);
  });

  it('finds by meaning alone when no word matches (vector side)', async () => {
    // "reschedule" and "busy" share the fixed embedder's time axis with "cancelled".
    const results = await searchResources(index, { query: 'reschedule busy', mode: 'vector', limit: 1 });
    expect(ids(results)).toEqual(['busy-schedules']);
  });

  it('finds by words alone (BM25 side), with stemming', async () => {
    const results = await searchResources(index, { query: 'listened answers', mode: 'fts', limit: 1 });
    expect(ids(results)).toEqual(['listening-for-all']);
  });

  it('falls back to full-text search for words the embedder does not know', async () => {
    const results = await searchResources(index, { query: 'closure', limit: 1 });
    expect(ids(results)).toEqual(['ending-well']);
  });

  it('lists documents by title when there is no query', async () => {
    const results = await searchResources(index, { audience: 'mentee' });
    expect(ids(results)).toEqual(['busy-schedules', 'goals-for-mentees', 'listening-for-all']);
    expect(results.every((result) => result.score === 0)).toBe(true);
  });

  it('respects the limit', async () => {
    expect(await searchResources(index, { query: 'goal listen schedule goodbye trust', limit: 2 })).toHaveLength(2);
  });

  it('returns nothing rather than failing when nothing matches', async () => {
    expect(await searchResources(index, { query: 'zzzz qqqq', limit: 5 })).toEqual([]);
  });

  it('answers quotes in queries as text, not as part of a filter', async () => {
    const results = await searchResources(index, { query: "it's a goal' OR 1=1 --", limit: 5 });
    expect(ids(results)).toContain('goals-for-mentees');
  });
});

describe('the copy in memory', () => {
  it("ranks by meaning exactly as LanceDB's exact search does", async () => {
    for (const query of ['reschedule busy', 'goal milestone', 'listen question', 'goodbye']) {
      const inMemory = await searchResources(indexes['in memory']!, { query, mode: 'vector', limit: 5 });
      const byLance = await searchResources(indexes['by LanceDB queries']!, { query, mode: 'vector', limit: 5, exact: true });
      expect(ids(inMemory), query).toEqual(ids(byLance));
      for (const [rank, result] of inMemory.entries()) expect(result.score).toBeCloseTo(byLance[rank]!.score, 3);
    }
  });

  it('is read again after an ingest, so a new document is found at once', async () => {
    const index = indexes['in memory']!;
    const before = await index.memoryChunks();
    writeDocument(folder, { id: 'trust-early', topics: ['trust'], audience: 'all', stage: 'any', body: 'Rapport comes from keeping small promises early.' });
    await ingestFolder(index, folder);
    const after = await index.memoryChunks();
    expect(after).not.toBe(before);
    expect(ids(await searchResources(index, { query: 'rapport promises', limit: 1 }))).toEqual(['trust-early']);
  });
});
