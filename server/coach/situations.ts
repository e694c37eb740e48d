import { daysBetween, daysUntil, type GoalState, type ParticipantContext } from './context.ts';

/** When a goal counts as near its date, and a silence as a stall (days). */
export const NEAR_DEADLINE_DAYS = 14;
export const STALLED_AFTER_DAYS = 14;
const RECENT_DAYS = 30;


export interface GoalSituation {
  goal: GoalState;
  vague: { missing: string[] } | undefined;
  deadline: { days: number } | undefined;
  blocker: string | undefined;
  lowConfidence: { confidence: number } | undefined;
  done: boolean;
}

const COUNTED = /\d|\b(once|twice|every|each|daily|weekly|monthly|one|two|three|four|five|six|seven|eight|nine|ten|twenty|hundred)\b/i;
/**
 * A wish with no finish line in it ("Get better at presenting", "Be more confident", "Network
 * more", "Learn Spanish"): the words of more-of, getting-better and learning. A goal that names
 * an outcome ("Submit the application", "Get promoted", "Pass the resit") has its measure in its
 * title, and asking for one is busywork.
 */
const OPEN_ENDED = /\b(better|more|less|improv\w*|confiden\w*|comfortabl\w*|learn\w*|understand\w*|good at|work on|grow\w*|develop\w*|explor\w*|figure out|stronger|healthier|fitter|happier|balance|network)\b/i;
/** A habit ("Read one article each week", "Sleep 7 hours most nights") is kept, not finished: it needs no target date. */
const RECURRING = /\b(every|each|daily|weekly|monthly|nightly|most (days|nights|weeks)|(a|per) (day|night|week|month))\b/i;

/** What a good mentor would notice about one goal. */
export function readGoal(goal: GoalState, now: Date): GoalSituation {
  const latest = goal.checkIns[0];
  const recent = goal.checkIns.filter((checkIn) => daysBetween(checkIn.at, now) <= RECENT_DAYS);
  const active = goal.status === 'active';
  // A number or a frequency in the title ("Sleep 8 hours on 5 nights a week", "Swim twice a
  // week") is a measure already.
  const missing = [
    ...(goal.measure || COUNTED.test(goal.title) || !OPEN_ENDED.test(goal.title) ? [] : ['measure of done']),
    ...(goal.targetDate || RECURRING.test(goal.title) ? [] : ['target date']),
  ];
  const days = goal.targetDate ? daysUntil(goal.targetDate, now) : undefined;
  const lastConfidence = recent.find((checkIn) => checkIn.confidence !== undefined)?.confidence;
  return {
    goal,
    vague: active && missing.length ? { missing } : undefined,
    deadline: active && days !== undefined && days <= NEAR_DEADLINE_DAYS && goal.progress < 100 ? { days } : undefined,
    blocker: active ? recent.find((checkIn) => checkIn.blockers)?.blockers : undefined,
    lowConfidence: active && lastConfidence !== undefined && lastConfidence <= 2 ? { confidence: lastConfidence } : undefined,
    done: goal.status === 'completed' || (active && goal.progress >= 100) || (latest?.progress ?? 0) >= 100,
  };
}

/** Days since the last check-in on any goal, or since the oldest goal began when there is none. */
export function daysSilent(context: ParticipantContext): number | undefined {
  const times = context.goals.flatMap((goal) => goal.checkIns.map((checkIn) => checkIn.at.getTime()));
  if (times.length) return daysBetween(new Date(Math.max(...times)), context.now);
  const started = context.goals.flatMap((goal) => (goal.createdAt ? [goal.createdAt.getTime()] : []));
  return started.length ? daysBetween(new Date(Math.min(...started)), context.now) : undefined;
}
