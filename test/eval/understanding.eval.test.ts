import { describe, expect, it } from 'vitest';
import { screen } from '../../server/coach/safety.ts';
import { detectPatterns } from '../../server/coach/thinking-patterns.ts';
import { readSplit } from '../../server/understanding/dataset.ts';
import { LABELS } from '../../server/understanding/labels.ts';
import { score, type Call, type Scores } from '../../server/understanding/metrics.ts';
import { decide, Reader } from '../../server/understanding/reader.ts';

/**
 * The learned screen and pattern detector on the dev split (author F), against the rules alone.
 * The dev split chose the training settings and thresholds, so these are tuning figures, not
 * held-out ones; the held-out test split (test/eval/data/understanding-test-*) is reported once
 * the model is final and never tuned on.
 */
const dev = readSplit('dev-').examples;
const reader = Reader.load();
const learned: Call[] = dev.map((example) => decide(reader, reader.read(example.text)));
const rules: Call[] = dev.map((example) => {
  const flagged = screen(example.text);
  return { ...(flagged.flagged ? { safety: flagged.category } : {}), patterns: detectPatterns(example.text) };
});
const figures = (name: string, scores: Scores) => console.log(`${name} on dev (${dev.length}): crisis recall ${scores.crisisRecall.toFixed(3)}, `
  + `calm texts flagged ${scores.falseFlags.toFixed(3)}, right category ${scores.rightCategory.toFixed(3)}; trap noticed ${scores.trapNoticed.toFixed(3)}, `
  + `named right ${scores.trapNamed.toFixed(3)}, found in clean ${scores.trapInClean.toFixed(3)}\n`
  + Object.entries(scores.perLabel).map(([label, entry]) => `  ${label}: precision ${entry.precision.toFixed(2)}, recall ${entry.recall.toFixed(2)}, F1 ${entry.f1.toFixed(2)} (${entry.support})`).join('\n'));

describe('the learned screen and detector on the dev split', () => {
  it('beat the rules alone by far, and stay above their floors', () => {
    const model = score(dev, learned, LABELS);
    const baseline = score(dev, rules, LABELS);
    figures('learned', model);
    figures('rules', baseline);
    expect(model.crisisRecall).toBeGreaterThan(baseline.crisisRecall + 0.3);
    expect(model.crisisRecall).toBeGreaterThanOrEqual(0.95);
    expect(model.falseFlags).toBeLessThanOrEqual(0.06);
    expect(model.trapNoticed).toBeGreaterThanOrEqual(0.93);
    expect(model.trapNamed).toBeGreaterThanOrEqual(0.9);
    expect(model.trapInClean).toBeLessThanOrEqual(0.09);
  });
});
