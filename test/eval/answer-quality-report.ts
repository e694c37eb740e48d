import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readJsonl } from './eval-sets.ts';
import { answerKey, type AnsweredItem, type Judgment } from './answer-quality.ts';

/**
 * Answer-quality eval, step two: the share of steps and agenda items that pass the rubric
 * (test/eval/briefs/answer-rubric.md), from the judge's verdicts on the answers of step one.
 * A verdict counts only for the very item it was made on (same key); items the coach now answers
 * differently are counted as not yet judged, never as passing.
 */
const answersDir = fileURLToPath(new URL('./answers/', import.meta.url));
/**
 * The held-out split (QC); the earlier splits Z, QA and QB, whose judges' summaries were read
 * before the steps were changed again (no longer held-out; their verdicts stay with the answers
 * they were made on); and the dev split (VA).
 */
const names = process.argv[2] ? [process.argv[2]] : ['scenarios-test-qc', 'scenarios-test-qb', 'scenarios-test-qa', 'scenarios-test-z', 'scenarios-dev-va'];
for (const name of names) report(name);

function report(name: string): void {
  const items = readJsonl<AnsweredItem>(`../answers/${name}-answers.jsonl`);
  const judgmentsFile = `${answersDir}${name}-judgments.jsonl`;
  const judgments = existsSync(judgmentsFile)
    ? new Map(readJsonl<Judgment>(`../answers/${name}-judgments.jsonl`).map((judgment) => [judgment.key, judgment]))
    : new Map<string, Judgment>();
  for (const item of items) if (answerKey(item) !== item.key) throw new Error(`${name}: an answer line was edited by hand (${item.key})`);
  const judged = items.filter((item) => judgments.has(item.key));
  const passes = (judgment: Judgment) => judgment.fitsGoal && judgment.doableThisWeek && judgment.specific;
  const lines = [
    `### Answer quality on ${name}: ${items.length} items, ${judged.length} judged`,
    '',
    '| items | judged | pass | fits its goal | doable this week | specific |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  const groups = [['next steps', judged.filter((item) => item.answer === 'next-steps')], ['agenda items', judged.filter((item) => item.answer === 'agenda')], ['all', judged]] as const;
  for (const [label, list] of groups) {
    const share = (holds: (judgment: Judgment) => boolean) => (list.length ? (list.filter((item) => holds(judgments.get(item.key)!)).length / list.length).toFixed(3) : '-');
    lines.push(`| ${label} | ${list.length} | ${share(passes)} | ${share((j) => j.fitsGoal)} | ${share((j) => j.doableThisWeek)} | ${share((j) => j.specific)} |`);
  }
  console.log(lines.join('\n'));
  console.log('\nFailures:');
  for (const item of judged) {
    const judgment = judgments.get(item.key)!;
    if (!passes(judgment)) console.log(`- ${item.scenario} ${item.answer} [${item.kind}] ${item.text.slice(0, 120)}: ${judgment.reason}`);
  }
  const unjudged = items.length - judged.length;
  if (unjudged) console.log(`\n${unjudged} items are not judged yet: the coach answered them differently from the answers the judge read.`);
  console.log('');
}
