import { describe, expect, it } from 'vitest';
import { checkCorpus } from '../../../server/corpus/check.ts';
import { countCoverage, requirements } from '../../../server/corpus/coverage.ts';
import { BLOCKER_KINDS } from '../../../server/corpus/material.ts';
import { corpusDir } from '../../../server/paths.ts';

/**
 * The built-in corpus itself: schema and taxonomy values, declared summary and reading time,
 * unique ids, no empty sections, no 12-word run shared between two documents, and the
 * coverage the coaching engines rely on (see server/corpus/coverage.ts).
 */
const { documents, problems } = checkCorpus(corpusDir);

describe('the built-in corpus', () => {
  it('has no problems', () => {
    expect(problems).toEqual([]);
  });

  it('meets the coverage numbers', () => {
    const counts = countCoverage(documents);
    expect(documents.length).toBeGreaterThanOrEqual(requirements.documents);
    expect(Math.min(...Object.values(counts.topics!))).toBeGreaterThanOrEqual(requirements.perTopic);
    for (const field of ['audience', 'stage', 'format', 'models'] as const) {
      expect(Math.min(...Object.values(counts[field]!)), field).toBeGreaterThanOrEqual(requirements.perAudienceStageFormatModel);
    }
    expect(counts.format!['question-bank']).toBeGreaterThanOrEqual(requirements.questionBanks);
    expect(counts.format!.template).toBeGreaterThanOrEqual(requirements.templates);
  });

  it('has unique ids', () => {
    expect(new Set(documents.map((document) => document.id)).size).toBe(documents.length);
  });

  it('gives every template agenda blocks and every question bank questions', () => {
    for (const document of documents) {
      if (document.format === 'template' && document.topics.includes('meeting-agendas')) {
        expect(document.agendaBlocks?.length ?? 0, document.id).toBeGreaterThan(0);
      }
      if (document.format === 'question-bank') expect(document.questions?.length ?? 0, document.id).toBeGreaterThanOrEqual(8);
    }
  });

  it('has a way round for every kind of blocker, each carrying the blocker it answers', () => {
    const ways = documents.flatMap((document) => document.actions ?? []).filter((action) => action.forBlockers);
    // An unblocking step carries the person's blocker: a way round without {blocker} could never be given.
    for (const action of ways) expect(action.text, action.text).toContain('{blocker}');
    expect(new Set(ways.flatMap((action) => action.forBlockers!))).toEqual(new Set(BLOCKER_KINDS));
  });

  it('has several reframes and a Socratic question for every thinking pattern', () => {
    const sets = documents.flatMap((document) => document.reframes ?? []);
    for (const pattern of new Set(sets.map((set) => set.pattern))) {
      const forPattern = sets.filter((set) => set.pattern === pattern);
      expect(forPattern.flatMap((set) => set.reframes).length, pattern).toBeGreaterThanOrEqual(3);
      expect(forPattern.flatMap((set) => set.questions).length, pattern).toBeGreaterThanOrEqual(1);
    }
  });
});
