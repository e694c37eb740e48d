import { screen } from '../../server/coach/safety.ts';
import type { Call } from '../../server/understanding/metrics.ts';
import { decide, Reader } from '../../server/understanding/reader.ts';
import { asCall, Understanding } from '../../server/understanding/understanding.ts';
import { detectPatterns } from './baselines/pattern-rules.ts';

/** A way of reading a text, scored side by side in npm run eval. */
export type System = (text: string) => Call;

/**
 * Twelve crisis words and phrases, the plainest screen there is: the floor any screen must
 * clear. Written here; each names the category it would raise.
 */
const CRISIS_WORDS: Array<[string, Call['safety']]> = [
  ['suicide', 'self-harm'],
  ['suicidal', 'self-harm'],
  ['kill myself', 'self-harm'],
  ['self-harm', 'self-harm'],
  ['self harm', 'self-harm'],
  ['want to die', 'self-harm'],
  ['end my life', 'self-harm'],
  ['cut myself', 'self-harm'],
  ['overdose', 'medical-emergency'],
  ['abuse', 'abuse'],
  ['rape', 'abuse'],
  ['knife', 'violence'],
];

export function systems(): Record<string, System> {
  const reader = Reader.load();
  const shipped = new Understanding(reader);
  return {
    'learned model + rules (as shipped)': (text) => asCall(shipped.read(text)),
    'learned model alone': (text) => decide(reader, reader.read(text)),
    'rules alone (before the model)': (text) => {
      const flagged = screen(text);
      return { ...(flagged.flagged ? { safety: flagged.category } : {}), patterns: detectPatterns(text) };
    },
    'twelve crisis words (baseline)': (text) => {
      const lower = text.toLowerCase();
      const hit = CRISIS_WORDS.find(([word]) => lower.includes(word));
      return { ...(hit ? { safety: hit[1] } : {}), patterns: [] };
    },
  };
}
