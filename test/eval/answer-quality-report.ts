import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type AnsweredItem, answerKey, type Judgment } from './answer-quality.ts';
import { readJsonl } from './eval-sets.ts';

/**
 * Answer-quality eval, step two: the share of steps and agenda items that pass the rubric
 * (test/eval/briefs/answer-rubric.md), from the judges' verdicts on the answers of step one.
 * A verdict counts only for the very item it was made on (same key); items the coach now answers
 * differently are counted as not yet judged, never as passing.
 *
 * A split may have several judges, each a separate helper given the same brief, each in its own
 * file (`-judgments.jsonl`, `-judgments-2.jsonl`, ...): judges differ in strictness, and the
 * spread between them is part of the figure. "Both judges" counts an item as passing only when
 * every judge passed it.
 */
const answersDir = fileURLToPath(new URL('./answers/', import.meta.url));
const dataDir = fileURLToPath(new URL('./data/', import.meta.url));
/**
 * The held-out split (QG, two judges); the earlier splits QF, QE, QD, QC, QB, QA and Z, each
 * measured once and then read for what failed before the steps were changed again (no longer
 * held-out; their verdicts stay with the answers they were made on); and the dev split (VA).
 */
const names = process.argv[2]
  ? [process.argv[2]]
  : [
      'scenarios-test-qg',
      'scenarios-test-qf',
      'scenarios-test-qe',
      'scenarios-test-qd',
      'scenarios-test-qc',
      'scenarios-test-qb',
      'scenarios-test-qa',
      'scenarios-test-z',
      'scenarios-dev-va',
    ];
const passes = (judgment: Judgment) => judgment.fitsGoal && judgment.doableThisWeek && judgment.specific;
for (const name of names) report(name);

function judgesOf(name: string): Array<{ label: string; verdicts: Map<string, Judgment> }> {
  const files = readdirSync(answersDir)
    .filter((file) => file.startsWith(`${name}-judgments`) && file.endsWith('.jsonl'))
    .sort();
  return files.map((file, at) => ({
    label: files.length > 1 ? `judge ${at + 1}` : 'judge',
    verdicts: new Map(readJsonl<Judgment>(`../answers/${file}`).map((judgment) => [judgment.key, judgment])),
  }));
}

function report(name: string): void {
  const items = readJsonl<AnsweredItem>(`../answers/${name}-answers.jsonl`);
  for (const item of items) if (answerKey(item) !== item.key) throw new Error(`${name}: an answer line was edited by hand (${item.key})`);
  const judges = judgesOf(name);
  const participants = existsSync(`${dataDir}${name}.jsonl`) ? readJsonl<{ id: string }>(`${name}.jsonl`).length : undefined;
  const answered = new Set(items.map((item) => item.scenario)).size;
  const steps = items.filter((item) => item.answer === 'next-steps');
  const stepsPer = new Map<string, number>();
  for (const step of steps) stepsPer.set(step.scenario, (stepsPer.get(step.scenario) ?? 0) + 1);
  const lines = [
    `### Answer quality on ${name}: ${items.length} items for ${answered}${participants ? ` of ${participants}` : ''} participants`,
    '',
    `${steps.length} next steps, ${(steps.length / Math.max(1, stepsPer.size)).toFixed(1)} per answer (${Math.min(...stepsPer.values())} to ${Math.max(...stepsPer.values())}).` +
      (participants && participants > answered
        ? ` ${participants - answered} of the participants got no coaching: the safety screen flagged what they wrote.`
        : ''),
    '',
    '| judge | items judged | next steps pass | agenda items pass | all pass | fits its goal | doable this week | specific |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  const rows: Array<{ label: string; verdictOf: (item: AnsweredItem) => Judgment | undefined }> = judges.map(({ label, verdicts }) => ({
    label,
    verdictOf: (item) => verdicts.get(item.key),
  }));
  if (judges.length > 1) {
    rows.push({
      label: 'both judges',
      verdictOf: (item) => {
        const all = judges.map(({ verdicts }) => verdicts.get(item.key));
        if (all.some((verdict) => !verdict)) return undefined;
        return {
          key: item.key,
          fitsGoal: all.every((v) => v!.fitsGoal),
          doableThisWeek: all.every((v) => v!.doableThisWeek),
          specific: all.every((v) => v!.specific),
          reason: '',
        };
      },
    });
  }
  for (const { label, verdictOf } of rows) {
    const judged = items.filter((item) => verdictOf(item));
    const share = (list: AnsweredItem[], holds: (judgment: Judgment) => boolean) =>
      list.length ? (list.filter((item) => holds(verdictOf(item)!)).length / list.length).toFixed(3) : '-';
    const ofKind = (answer: AnsweredItem['answer']) => judged.filter((item) => item.answer === answer);
    lines.push(
      `| ${label} | ${judged.length} | ${share(ofKind('next-steps'), passes)} (${ofKind('next-steps').length}) | ${share(ofKind('agenda'), passes)} (${ofKind('agenda').length}) | ${share(judged, passes)} | ${share(judged, (j) => j.fitsGoal)} | ${share(judged, (j) => j.doableThisWeek)} | ${share(judged, (j) => j.specific)} |`,
    );
  }
  console.log(lines.join('\n'));
  for (const { label, verdicts } of judges) {
    console.log(`\nFailures (${label}):`);
    for (const item of items) {
      const judgment = verdicts.get(item.key);
      if (judgment && !passes(judgment)) console.log(`- ${item.scenario} ${item.answer} [${item.kind}] ${item.text.slice(0, 120)}: ${judgment.reason}`);
    }
  }
  const unjudged = items.filter((item) => judges.every(({ verdicts }) => !verdicts.has(item.key))).length;
  if (unjudged) console.log(`\n${unjudged} items are not judged yet: the coach answered them differently from the answers the judges read.`);
  console.log('');
}
