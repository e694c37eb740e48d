import { describe, expect, it } from 'vitest';
import { screen } from '../../../server/coach/safety.ts';
import { LABELS } from '../../../server/understanding/labels.ts';
import { LinearModel } from '../../../server/understanding/linear-model.ts';
import { Reader } from '../../../server/understanding/reader.ts';
import { localUnderstanding, mergeReadings, Understanding } from '../../../server/understanding/understanding.ts';

/** A model that never says anything: every threshold out of reach. */
function silentModel(): Reader {
  const thresholds = Object.fromEntries(LABELS.map((label) => [label, 1.1]));
  return new Reader(LinearModel.empty({ dense: 100, thresholds, trainedOn: 'none' }));
}

describe('the local understanding', () => {
  it('flags what the rules flag even when the model does not: the rules are the backstop', () => {
    const understanding = new Understanding(silentModel());
    expect(understanding.read('I want to kill myself')).toEqual({ safety: { category: 'self-harm', seenBy: ['rules'], quote: 'kill myself' }, patterns: [] });
    expect(understanding.read('I finished my essay and sent it in.')).toEqual({ patterns: [] });
  });

  it('flags what only the model sees, and says so', () => {
    const text = 'sorted out who gets my guitar and my books. it ends tonight, ive made up my mind';
    expect(screen(text).flagged, 'the rules must miss this one, or the test proves nothing').toBe(false);
    const { safety } = localUnderstanding().read(text);
    expect(safety?.category).toBe('self-harm');
    expect(safety?.seenBy).toEqual(['local-model']);
    expect(text).toContain(safety!.quote);
  });

  it('reads several texts in order and gives the first that is flagged', () => {
    const understanding = localUnderstanding();
    expect(understanding.safetyOf([undefined, 'Finish the SQL course', 'My dad hits me when he drinks', 'I want to kill myself'])?.category).toBe('abuse');
    expect(understanding.safetyOf(['Finish the SQL course', 'Practise twice a week'])).toBeUndefined();
  });

  it("merges a model's reading: flagged if either flags, patterns joined, nothing taken away", () => {
    const local = { patterns: [{ pattern: 'labeling' as const, seenBy: ['local-model' as const], quote: 'a failure' }] };
    expect(mergeReadings(local, undefined)).toBe(local);
    expect(
      mergeReadings(local, {
        safety: [{ category: 'violence', quote: 'bring a knife' }],
        patterns: [{ pattern: 'labeling' }, { pattern: 'fortune-telling', quote: 'never' }],
      }),
    ).toEqual({
      safety: { category: 'violence', seenBy: ['language-model'], quote: 'bring a knife' },
      patterns: [
        { pattern: 'labeling', seenBy: ['local-model', 'language-model'], quote: 'a failure' },
        { pattern: 'fortune-telling', seenBy: ['language-model'], quote: 'never' },
      ],
    });
    const flagged = { safety: { category: 'self-harm' as const, seenBy: ['local-model' as const], quote: 'done with it all' }, patterns: [] };
    expect(mergeReadings(flagged, { safety: [], patterns: [] }).safety).toEqual(flagged.safety);
  });
});
