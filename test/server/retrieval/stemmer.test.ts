import { describe, expect, it } from 'vitest';
import { stem } from '../../../server/retrieval/stemmer.ts';

/** The worked examples of Porter's paper, step by step, and the words this corpus lives on. */
const examples: Record<string, string> = {
  caresses: 'caress', ponies: 'poni', ties: 'ti', caress: 'caress', cats: 'cat',
  feed: 'feed', agreed: 'agre', plastered: 'plaster', bled: 'bled', motoring: 'motor', sing: 'sing',
  conflated: 'conflat', troubled: 'troubl', sized: 'size', hopping: 'hop', tanned: 'tan', falling: 'fall',
  hissing: 'hiss', fizzed: 'fizz', failing: 'fail', filing: 'file', happy: 'happi', sky: 'sky',
  relational: 'relat', conditional: 'condit', rational: 'ration', valenci: 'valenc', digitizer: 'digit',
  radicalli: 'radic', differentli: 'differ', analogousli: 'analog', vietnamization: 'vietnam',
  predication: 'predic', operator: 'oper', feudalism: 'feudal', decisiveness: 'decis', hopefulness: 'hope',
  callousness: 'callous', formaliti: 'formal', sensitiviti: 'sensit', sensibiliti: 'sensibl',
  triplicate: 'triplic', formative: 'form', formalize: 'formal', electriciti: 'electr', electrical: 'electr',
  hopeful: 'hope', goodness: 'good', revival: 'reviv', allowance: 'allow', inference: 'infer',
  airliner: 'airlin', adjustable: 'adjust', defensible: 'defens', irritant: 'irrit', replacement: 'replac',
  adjustment: 'adjust', dependent: 'depend', adoption: 'adopt', communism: 'commun', activate: 'activ',
  effective: 'effect', bowdlerize: 'bowdler', probate: 'probat', rate: 'rate', cease: 'ceas', controll: 'control', roll: 'roll',
};

describe('the Porter stemmer', () => {
  it.each(Object.entries(examples))('%s → %s', (word, expected) => {
    expect(stem(word)).toBe(expected);
  });

  it('brings the forms of one word together', () => {
    expect(new Set(['mentor', 'mentors', 'mentoring', 'mentored'].map(stem))).toEqual(new Set(['mentor']));
    expect(new Set(['goal', 'goals'].map(stem))).toEqual(new Set(['goal']));
    expect(stem('procrastinating')).toBe(stem('procrastination'));
  });
});
