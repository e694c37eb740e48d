import type { LabelledText } from './labels.ts';

export interface Call {
  safety?: string;
  patterns: string[];
}

export interface Scores {
  crisisRecall: number;
  /** Share of texts with no safety label that were flagged. */
  falseFlags: number;
  rightCategory: number;
  /** Share of distorted statements in which any pattern was found. */
  trapNoticed: number;
  /** Share of distorted statements where a named pattern is one of the labelled ones. */
  trapNamed: number;
  /** Share of statements without a pattern in which one was found. */
  trapInClean: number;
  perLabel: Record<string, { precision: number; recall: number; f1: number; support: number }>;
}

const share = (count: number, total: number) => (total ? count / total : 0);

/** The figures the issue sets targets on, and precision, recall and F1 per label. */
export function score(examples: LabelledText[], calls: Call[], labels: readonly string[]): Scores {
  const crises = examples.map((example, index) => ({ example, call: calls[index]! })).filter(({ example }) => example.safety.length);
  const calm = examples.map((example, index) => ({ example, call: calls[index]! })).filter(({ example }) => !example.safety.length);
  const distorted = examples.map((example, index) => ({ example, call: calls[index]! })).filter(({ example }) => example.patterns.length);
  const clean = examples.map((example, index) => ({ example, call: calls[index]! })).filter(({ example }) => !example.patterns.length);
  const perLabel: Scores['perLabel'] = {};
  for (const label of labels) {
    let truePositive = 0;
    let falsePositive = 0;
    let falseNegative = 0;
    examples.forEach((example, index) => {
      const said = calls[index]!.safety === label || calls[index]!.patterns.includes(label);
      const is = example.safety.includes(label) || example.patterns.includes(label);
      if (said && is) truePositive++;
      else if (said) falsePositive++;
      else if (is) falseNegative++;
    });
    const precision = share(truePositive, truePositive + falsePositive);
    const recall = share(truePositive, truePositive + falseNegative);
    perLabel[label] = {
      precision,
      recall,
      f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0,
      support: truePositive + falseNegative,
    };
  }
  return {
    crisisRecall: share(crises.filter(({ call }) => call.safety).length, crises.length),
    falseFlags: share(calm.filter(({ call }) => call.safety).length, calm.length),
    rightCategory: share(crises.filter(({ example, call }) => call.safety && example.safety.includes(call.safety)).length, crises.length),
    trapNoticed: share(distorted.filter(({ call }) => call.patterns.length).length, distorted.length),
    trapNamed: share(distorted.filter(({ example, call }) => call.patterns.some((pattern) => example.patterns.includes(pattern))).length, distorted.length),
    trapInClean: share(clean.filter(({ call }) => call.patterns.length).length, clean.length),
    perLabel,
  };
}
