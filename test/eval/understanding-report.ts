import { fileURLToPath } from 'node:url';
import { readSplit } from '../../server/understanding/dataset.ts';
import { LABELS, type LabelledText, PATTERN_LABELS, SAFETY_LABELS } from '../../server/understanding/labels.ts';
import { type Call, score } from '../../server/understanding/metrics.ts';
import { modelFile, Reader } from '../../server/understanding/reader.ts';
import { Understanding } from '../../server/understanding/understanding.ts';
import { readJsonl } from './eval-sets.ts';
import { systems } from './understanding-systems.ts';

/**
 * npm run eval, part two: the understanding figures as Markdown tables. The dev split (author F)
 * chose the training settings and thresholds, so its figures are tuning figures. The test
 * split (authors T and U, who saw only the brief) was never used to choose anything, and is the
 * held-out measure. The first test split (G and H) measured the first model once; what it
 * showed changed a setting, so it is reported apart, as no longer held-out.
 */
const heldOutDir = fileURLToPath(new URL('./data/', import.meta.url));
const tests = readSplit('understanding-test-', heldOutDir).examples;
const byAuthors = (authors: string[]) => tests.filter((example) => authors.includes(example.author));
const splits = [
  { name: 'dev split (author F; tuning figures)', examples: readSplit('dev-').examples },
  { name: 'held-out test split (authors T and U; never tuned on)', examples: byAuthors(['t', 'u']) },
  {
    name: 'first test split (authors G and H; scored once, for the first model, whose trap-in-clean figure then made the dev ceiling stricter: no longer held-out)',
    examples: byAuthors(['g', 'h']),
  },
];

const f = (value: number) => value.toFixed(3);
const row = (cells: Array<string | number>) => `| ${cells.join(' | ')} |`;
const rule = (count: number) => row(Array.from({ length: count }, () => '---'));

function summary(examples: LabelledText[], calls: Record<string, Call[]>): string {
  const lines = [row(['system', 'crisis recall', 'non-crisis flagged', 'right category', 'trap noticed', 'trap named right', 'trap in clean']), rule(7)];
  for (const [name, made] of Object.entries(calls)) {
    const scores = score(examples, made, LABELS);
    lines.push(
      row([name, f(scores.crisisRecall), f(scores.falseFlags), f(scores.rightCategory), f(scores.trapNoticed), f(scores.trapNamed), f(scores.trapInClean)]),
    );
  }
  return lines.join('\n');
}

function perLabel(examples: LabelledText[], shipped: Call[], baseline: Call[]): string {
  const ours = score(examples, shipped, LABELS).perLabel;
  const before = score(examples, baseline, LABELS).perLabel;
  const lines = [row(['label', 'support', 'precision', 'recall', 'F1', 'rules: precision', 'rules: recall', 'rules: F1']), rule(8)];
  for (const label of [...SAFETY_LABELS, ...PATTERN_LABELS]) {
    const now = ours[label]!;
    const then = before[label]!;
    lines.push(row([label, now.support, f(now.precision), f(now.recall), f(now.f1), f(then.precision), f(then.recall), f(then.f1)]));
  }
  return lines.join('\n');
}

/**
 * Rows: the labelled category (a text with two counts in both rows, "none" for no label).
 * Columns: what was called ("none" for nothing). A pattern call may name several: each named
 * pattern counts once in the row of each labelled one.
 */
function confusion(
  examples: LabelledText[],
  calls: Call[],
  labels: readonly string[],
  truth: (example: LabelledText) => string[],
  said: (call: Call) => string[],
): string {
  const names = [...labels, 'none'];
  const counts = new Map<string, number>();
  examples.forEach((example, index) => {
    const actual = truth(example);
    const called = said(calls[index]!);
    for (const from of actual.length ? actual : ['none'])
      for (const to of called.length ? called : ['none']) counts.set(`${from}|${to}`, (counts.get(`${from}|${to}`) ?? 0) + 1);
  });
  const lines = [row(['labelled \\ called', ...names]), rule(names.length + 1)];
  for (const from of names) lines.push(row([from, ...names.map((to) => counts.get(`${from}|${to}`) ?? 0)]));
  return lines.join('\n');
}

interface ScenarioWords {
  question?: string;
  goals: Array<{ title: string; description?: string; measure?: string; checkIns: Array<{ wins?: string; blockers?: string; note?: string }> }>;
  pairing: { focus?: string; sessions: Array<{ actionItems?: Array<{ text: string; done: boolean }> }> };
}

/**
 * Everyday participants: the answer-quality scenarios, whose authors put no one's safety in
 * danger. A participant is held back from coaching when any one of the texts an answer is built
 * from is flagged (the question or focus, each goal's title, description and measure, each
 * check-in's words, the open action items), so a few percent of calm texts flagged is a far
 * larger share of people. The spent splits (Z, QA, QB, QC) are training data for the screen
 * (server/understanding/everyday-texts.ts); VA is dev, QD, QE, QF and QG held out.
 */
const everydaySplits = [
  { name: 'dev scenarios (VA)', file: 'scenarios-dev-va.jsonl' },
  { name: 'held-out scenarios (QD; never trained or tuned on)', file: 'scenarios-test-qd.jsonl' },
  { name: 'held-out scenarios (QE; written after the retraining)', file: 'scenarios-test-qe.jsonl' },
  { name: 'held-out scenarios (QF; written after the retraining)', file: 'scenarios-test-qf.jsonl' },
  { name: 'held-out scenarios (QG; written after the retraining)', file: 'scenarios-test-qg.jsonl' },
];

/** `model`: another model file, to measure one before a change beside the one after. */
export function everyday(model = modelFile): string {
  const understanding = new Understanding(Reader.load(model));
  const lines = [row(['scenarios', 'participants', 'participants held back', 'texts', 'texts flagged']), rule(5)];
  for (const { name, file } of everydaySplits) {
    const scenarios = readJsonl<ScenarioWords>(file);
    let held = 0;
    let texts = 0;
    let flagged = 0;
    for (const scenario of scenarios) {
      const words = [
        scenario.question,
        scenario.pairing.focus,
        ...scenario.goals.flatMap((goal) => [
          goal.title,
          goal.description,
          goal.measure,
          ...goal.checkIns.flatMap((checkIn) => [checkIn.note, checkIn.blockers, checkIn.wins]),
        ]),
        ...scenario.pairing.sessions.flatMap((session) => (session.actionItems ?? []).filter((item) => !item.done).map((item) => item.text)),
      ].filter((text): text is string => Boolean(text?.trim()));
      const hits = words.filter((text) => understanding.read(text).safety).length;
      texts += words.length;
      flagged += hits;
      if (hits) held++;
    }
    lines.push(row([name, scenarios.length, `${held} (${f(held / scenarios.length)})`, texts, `${flagged} (${f(flagged / texts)})`]));
  }
  return lines.join('\n');
}

/** `dev` only: for tuning runs, which must not see the held-out split. */
export function report(options: { devOnly?: boolean } = {}): string {
  const readers = systems();
  const parts: string[] = [];
  for (const split of options.devOnly ? splits.slice(0, 1) : splits) {
    const calls = Object.fromEntries(Object.entries(readers).map(([name, read]) => [name, split.examples.map((example) => read(example.text))]));
    const [shipped, , rules] = Object.values(calls);
    const crises = split.examples.filter((example) => example.safety.length).length;
    const distorted = split.examples.filter((example) => example.patterns.length).length;
    parts.push(
      `## ${split.name}: ${split.examples.length} texts (${crises} with a safety label, ${distorted} with a thinking pattern)`,
      summary(split.examples, calls),
      `### Per label, as shipped, beside the rules alone`,
      perLabel(split.examples, shipped!, rules!),
      `### Safety confusion, as shipped`,
      confusion(
        split.examples,
        shipped!,
        SAFETY_LABELS,
        (example) => example.safety,
        (call) => (call.safety ? [call.safety] : []),
      ),
      `### Thinking-pattern confusion, as shipped`,
      confusion(
        split.examples,
        shipped!,
        PATTERN_LABELS,
        (example) => example.patterns,
        (call) => call.patterns,
      ),
    );
  }
  parts.push('## Everyday participants held back by the screen', options.devOnly ? everyday().split('\n').slice(0, 3).join('\n') : everyday());
  return parts.join('\n\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(report({ devOnly: process.argv.includes('--dev') }));
