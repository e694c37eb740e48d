import { localUnderstanding, type SafetyFinding } from '../understanding/understanding.ts';
import type { GoalState, OpenActionItem } from './context.ts';

/** Check-in words older than this are history (see below). */
const RECENT_DAYS = 14;

const wordsOf = (checkIn: GoalState['checkIns'][number]) => [checkIn.note, checkIn.blockers, checkIn.wins];

/**
 * Screens everything an answer or a model's prompt is built from: each goal's title,
 * description and measure, every check-in's words, the open action items, and what the
 * caller asked. A check-in older than two weeks whose words are flagged leaves the context
 * (its numbers stay) instead of holding every later answer back; anything current that is
 * flagged makes the answer a safety answer. So nothing that reaches an engine or a prompt has
 * failed the screen. `texts` are what was screened, for a language model to read as well.
 */
export function screenContext(
  input: { goals: GoalState[]; asked?: Array<string | undefined>; actionItems?: OpenActionItem[] },
  now: Date,
): { goals: GoalState[]; safety?: SafetyFinding; texts: string[] } {
  const understanding = localUnderstanding();
  const since = now.getTime() - RECENT_DAYS * 86_400_000;
  const goals = input.goals.map((goal) => ({
    ...goal,
    checkIns: goal.checkIns.map((checkIn) =>
      checkIn.at.getTime() < since && understanding.safetyOf(wordsOf(checkIn))
        ? { progress: checkIn.progress, confidence: checkIn.confidence, at: checkIn.at }
        : checkIn,
    ),
  }));
  const texts = [
    ...(input.asked ?? []),
    ...goals.flatMap((goal) => [goal.title, goal.description, goal.measure, ...goal.checkIns.flatMap(wordsOf)]),
    ...(input.actionItems ?? []).map((item) => item.text),
  ].filter((text): text is string => Boolean(text?.trim()));
  const safety = understanding.safetyOf(texts);
  return { goals, ...(safety ? { safety } : {}), texts };
}
