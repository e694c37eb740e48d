import type { Pattern } from '../coach/pattern-names.ts';
import type { SafetyCategory } from '../coach/safety.ts';

export const SAFETY_LABELS: readonly SafetyCategory[] = ['self-harm', 'abuse', 'harassment', 'violence', 'medical-emergency'];
export const PATTERN_LABELS: readonly Pattern[] = [
  'all-or-nothing',
  'overgeneralization',
  'catastrophizing',
  'labeling',
  'mind-reading',
  'fortune-telling',
  'should-statements',
  'discounting-positives',
  'personalization',
  'emotional-reasoning',
  'comparison',
];

/**
 * The outputs of the learned model, one-vs-rest: each safety category, each thinking pattern,
 * and two heads that learn the union ("any crisis", "any thinking trap"), which see every
 * example of their kind and so decide whether to flag better than any one category can.
 */
export const LABELS = [...SAFETY_LABELS, ...PATTERN_LABELS, 'any-crisis', 'any-pattern'] as const;
export type Label = (typeof LABELS)[number];

export interface LabelledText {
  text: string;
  safety: string[];
  patterns: string[];
  /**
   * `safety` when only the safety labels were judged (everyday participant texts, known to carry
   * no danger, whose thinking patterns nobody labelled): the pattern heads learn nothing from it.
   */
  labelled?: 'safety';
}

/** 1 for each label of LABELS that the text was judged for (all of them, unless `labelled` says otherwise). */
export function knownOf(example: LabelledText): Uint8Array {
  return Uint8Array.from(
    LABELS.map((label) => (example.labelled !== 'safety' || label === 'any-crisis' || (SAFETY_LABELS as readonly string[]).includes(label) ? 1 : 0)),
  );
}

/** The 0/1 targets of a labelled text, in the order of LABELS. */
export function targetsOf(example: LabelledText): Uint8Array {
  return Uint8Array.from(
    LABELS.map((label) => {
      if (label === 'any-crisis') return example.safety.length ? 1 : 0;
      if (label === 'any-pattern') return example.patterns.length ? 1 : 0;
      return example.safety.includes(label) || example.patterns.includes(label) ? 1 : 0;
    }),
  );
}
