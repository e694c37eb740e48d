import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResourceIndex } from '../../server/retrieval/index.ts';
import { buildCorpusIndex } from '../support/corpus-index.ts';
import { removeTempDirs } from '../support/temp-dir.ts';
import { readJsonl, scoreRetrieval, type RetrievalCase, type RetrievalScore } from './retrieval-metrics.ts';

/**
 * Floors set a little under what was measured on the corpus when they were set (see the
 * README table), so that a change that makes retrieval worse fails here.
 */
const floors = {
  fts: { hitAt3: 0.9, mrr: 0.88 },
  vector: { hitAt3: 0.9, mrr: 0.82 },
  hybrid: { hitAt3: 0.92, mrr: 0.92 },
};

let index: ResourceIndex;
const cases = readJsonl<RetrievalCase>('retrieval-dev.jsonl');
const scores: RetrievalScore[] = [];

beforeAll(async () => {
  index = await buildCorpusIndex();
});

afterAll(() => {
  const rows = scores.map((score) => `| ${score.mode} | ${score.hitAt3.toFixed(3)} | ${score.mrr.toFixed(3)} |`);
  console.log(['', `retrieval-dev.jsonl (${cases.length} queries, role as audience filter)`, '| mode | hit@3 | MRR |', '| --- | --- | --- |', ...rows].join('\n'));
  for (const score of scores) if (score.misses.length) console.log(`${score.mode} misses: ${score.misses.join(' | ')}`);
  removeTempDirs();
});

describe('retrieval quality on the dev set', () => {
  it('has a dev set to measure', () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
  });

  it.each(['fts', 'vector', 'hybrid'] as const)('%s stays above its floor', async (mode) => {
    const score = await scoreRetrieval(index, cases, mode);
    scores.push(score);
    expect(score.hitAt3).toBeGreaterThanOrEqual(floors[mode].hitAt3);
    expect(score.mrr).toBeGreaterThanOrEqual(floors[mode].mrr);
  });
});
