import { createHash } from 'node:crypto';

/** One step or agenda item the coach gave a scenario participant, as the rubric judge reads it. */
export interface AnsweredItem {
  scenario: string;
  answer: 'next-steps' | 'agenda';
  kind: string;
  goal?: string;
  text: string;
  why?: string;
  /** A hash of what was judged: a judgment counts only for the very item it was made on. */
  key: string;
}

/** The rubric judge's verdict on one item (test/eval/briefs/answer-rubric.md). */
export interface Judgment {
  key: string;
  fitsGoal: boolean;
  doableThisWeek: boolean;
  specific: boolean;
  reason: string;
}

export function answerKey(item: Omit<AnsweredItem, 'key'> | AnsweredItem): string {
  return createHash('sha256')
    .update(JSON.stringify([item.scenario, item.answer, item.kind, item.goal ?? '', item.text, item.why ?? '']))
    .digest('hex')
    .slice(0, 16);
}
