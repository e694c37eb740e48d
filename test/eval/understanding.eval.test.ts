import { describe, expect, it } from 'vitest';
import { readSplit } from '../../server/understanding/dataset.ts';
import { LABELS } from '../../server/understanding/labels.ts';
import { score } from '../../server/understanding/metrics.ts';
import { systems } from './understanding-systems.ts';

/**
 * The screen and detector as shipped (learned model, safety rules as a backstop) on the dev
 * split (author F), against the rules alone. The dev split chose the training settings and
 * thresholds, so these are tuning figures; the held-out test split is reported by
 * `npm run eval` (test/eval/understanding-report.ts) and never tuned on or asserted here.
 */
const dev = readSplit('dev-').examples;
/** A little under what the committed model measured on dev (README, "Understanding what people write"). */
const FLOORS = { crisisRecall: 0.95, falseFlags: 0.05, trapNoticed: 0.92, trapNamed: 0.9, trapInClean: 0.05 };
const readers = systems();
const calls = (name: string) => dev.map((example) => readers[name]!(example.text));

describe('the learned screen and detector on the dev split', () => {
  it('beat the rules alone by far, and stay above their floors', () => {
    const shipped = score(dev, calls('learned model + rules (as shipped)'), LABELS);
    const rules = score(dev, calls('rules alone (before the model)'), LABELS);
    expect(shipped.crisisRecall).toBeGreaterThan(rules.crisisRecall + 0.3);
    expect(shipped.trapNamed).toBeGreaterThan(rules.trapNamed + 0.2);
    expect(shipped.crisisRecall).toBeGreaterThanOrEqual(FLOORS.crisisRecall);
    expect(shipped.falseFlags).toBeLessThanOrEqual(FLOORS.falseFlags);
    expect(shipped.trapNoticed).toBeGreaterThanOrEqual(FLOORS.trapNoticed);
    expect(shipped.trapNamed).toBeGreaterThanOrEqual(FLOORS.trapNamed);
    expect(shipped.trapInClean).toBeLessThanOrEqual(FLOORS.trapInClean);
  });
});
