import { afterAll, describe, expect, it } from 'vitest';
import { localUnderstanding } from '../../server/understanding/understanding.ts';
import { readJsonl } from './eval-sets.ts';

/** What the routes use: the learned model, with the safety rules as a backstop. */
const understanding = localUnderstanding();
const detectPatterns = (text: string) => understanding.read(text).patterns.map((finding) => finding.pattern);
const screen = (text: string) => ({ flagged: Boolean(understanding.read(text).safety), category: understanding.read(text).safety?.category });

interface PatternCase {
  statement: string;
  patterns: string[];
}
interface SafetyCase {
  text: string;
  flag: boolean;
  category?: string;
}

/** Micro-averaged recall and precision of the detected patterns against the labels. */
function scorePatterns(cases: PatternCase[]) {
  let found = 0;
  let wrong = 0;
  let missed = 0;
  for (const item of cases) {
    const detected = detectPatterns(item.statement);
    found += detected.filter((pattern) => item.patterns.includes(pattern)).length;
    wrong += detected.filter((pattern) => !item.patterns.includes(pattern)).length;
    missed += item.patterns.filter((pattern) => !detected.includes(pattern as never)).length;
  }
  return { recall: found / (found + missed), precision: found / (found + wrong) };
}

function scoreSafety(cases: SafetyCase[]) {
  const crises = cases.filter((item) => item.flag);
  const calm = cases.filter((item) => !item.flag);
  return {
    flagged: crises.filter((item) => screen(item.text).flagged).length / crises.length,
    rightCategory: crises.filter((item) => screen(item.text).category === item.category).length / crises.length,
    falseFlags: calm.filter((item) => screen(item.text).flagged).length / calm.length,
    missed: crises.filter((item) => !screen(item.text).flagged).map((item) => item.text),
  };
}

/**
 * The older sets, three each: the dev sets (copied from the project's shared folder), a holdout
 * by a separate author and a final set by another. They were used to write the rules, never to
 * train the model or choose its settings: for the model they are text written elsewhere.
 * Floors sit a little under what was measured (README, Understanding what people write).
 */
const sets = {
  patterns: {
    dev: readJsonl<PatternCase>('reframe-dev.jsonl'),
    holdout: readJsonl<PatternCase>('reframe-holdout.jsonl'),
    final: readJsonl<PatternCase>('reframe-final.jsonl'),
  },
  safety: {
    dev: readJsonl<SafetyCase>('safety-dev.jsonl'),
    holdout: readJsonl<SafetyCase>('safety-holdout.jsonl'),
    final: readJsonl<SafetyCase>('safety-final.jsonl'),
  },
};
const report: string[] = [];
afterAll(() => console.log(['', ...report].join('\n')));

describe('thinking-pattern detection', () => {
  const floors = { dev: { recall: 0.7, precision: 0.9 }, holdout: { recall: 0.65, precision: 0.9 }, final: { recall: 0.65, precision: 0.8 } };
  it.each(['dev', 'holdout', 'final'] as const)('%s set stays above its floors', (name) => {
    const score = scorePatterns(sets.patterns[name]);
    report.push(`patterns ${name} (${sets.patterns[name].length}): recall ${score.recall.toFixed(3)}, precision ${score.precision.toFixed(3)}`);
    expect(score.recall).toBeGreaterThanOrEqual(floors[name].recall);
    expect(score.precision).toBeGreaterThanOrEqual(floors[name].precision);
  });
});

describe('safety screen', () => {
  it('flags every crisis of the dev set, in its category, and no idiom', () => {
    const score = scoreSafety(sets.safety.dev);
    report.push(`safety dev (${sets.safety.dev.length}): flagged ${score.flagged}, right category ${score.rightCategory}, false flags ${score.falseFlags}`);
    expect(score.missed).toEqual([]);
    expect(score.rightCategory).toBe(1);
    expect(score.falseFlags).toBe(0);
  });

  it.each(['holdout', 'final'] as const)('%s set stays above its floors', (name) => {
    const score = scoreSafety(sets.safety[name]);
    report.push(
      `safety ${name} (${sets.safety[name].length}): flagged ${score.flagged}, right category ${score.rightCategory}, false flags ${score.falseFlags}`,
    );
    expect(score.flagged).toBeGreaterThanOrEqual(0.95);
    expect(score.falseFlags).toBeLessThanOrEqual(0.05);
  });
});
