import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResourceIndex } from '../../server/retrieval/index.ts';
import { buildCorpusIndex } from '../support/corpus-index.ts';
import { removeTempDirs } from '../support/temp-dir.ts';
import { readJsonl } from './eval-sets.ts';
import { type RetrievalCase, type RetrievalScore, scoreRetrieval } from './retrieval-metrics.ts';

/**
 * Floors set a little under what was measured on the corpus when they were set (see the
 * README table), so that a change that makes retrieval worse fails here.
 */
const floors = {
  fts: { hitAt3: 0.9, mrr: 0.88 },
  vector: { hitAt3: 0.9, mrr: 0.82 },
  hybrid: { hitAt3: 0.92, mrr: 0.92 },
};

/** Search runs in memory for a corpus this size; LanceDB queries answer for large ones. Both are held to the floors. */
const paths = { 'in memory': undefined, 'LanceDB queries': 0 } as const;
const indexes: Record<string, ResourceIndex> = {};
const cases = readJsonl<RetrievalCase>('retrieval-dev.jsonl');
const scores: Array<RetrievalScore & { path: string; mode: string }> = [];

beforeAll(async () => {
  for (const [path, memoryMaxChunks] of Object.entries(paths)) indexes[path] = await buildCorpusIndex({ memoryMaxChunks });
});

afterAll(() => {
  const rows = scores.map((score) => `| ${score.path} | ${score.mode} | ${score.hitAt3.toFixed(3)} | ${score.mrr.toFixed(3)} |`);
  console.log(
    [
      '',
      `retrieval-dev.jsonl (${cases.length} queries, role as audience filter)`,
      '| search | mode | hit@3 | MRR |',
      '| --- | --- | --- | --- |',
      ...rows,
    ].join('\n'),
  );
  for (const score of scores) if (score.misses.length) console.log(`${score.path}, ${score.mode} misses: ${score.misses.join(' | ')}`);
  removeTempDirs();
});

describe('retrieval quality on the dev set', () => {
  it('has a dev set to measure', () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
  });

  it.each(Object.keys(paths).flatMap((path) => (['fts', 'vector', 'hybrid'] as const).map((mode) => [path, mode] as const)))(
    '%s, %s stays above its floor',
    async (path, mode) => {
      const score = await scoreRetrieval(indexes[path]!, cases, mode);
      scores.push({ ...score, path });
      expect(score.hitAt3).toBeGreaterThanOrEqual(floors[mode].hitAt3);
      expect(score.mrr).toBeGreaterThanOrEqual(floors[mode].mrr);
    },
  );
});
