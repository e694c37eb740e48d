import type { BlockerKind } from '../corpus/material.ts';
import { blockerKinds } from './blocker-kind.ts';
import { daysBetween, daysUntil, type GoalState, type ParticipantContext } from './context.ts';

/** When a goal counts as near its date, and a silence as a stall (days). */
export const NEAR_DEADLINE_DAYS = 14;
export const STALLED_AFTER_DAYS = 14;
const RECENT_DAYS = 30;

export interface GoalSituation {
  goal: GoalState;
  vague: { missing: string[] } | undefined;
  deadline: { days: number } | undefined;
  /** What stands in the way, as they wrote it: in a check-in's blockers, or in its note when that names a difficulty. */
  blocker: string | undefined;
  /** Where the blocker was written: a note that names a difficulty is answered the same, but said back as their note. */
  blockerIn?: 'blockers' | 'note';
  /** What kind of blocker it is (server/coach/blocker-kind.ts), read once here for every step that asks. */
  blockerKinds: BlockerKind[];
  lowConfidence: { confidence: number } | undefined;
  done: boolean;
  /** A habit or a standard kept up, with no finish line: it has no "next piece" to do, nor a target date. */
  ongoing: boolean;
}

const COUNTED = /\d|\b(once|twice|every|each|daily|weekly|monthly|one|two|three|four|five|six|seven|eight|nine|ten|twenty|hundred)\b/i;
/**
 * A wish with no finish line in it ("Get better at presenting", "Be more confident", "Network
 * more", "Learn Spanish"): the words of more-of, getting-better and learning. A goal that names
 * an outcome ("Submit the application", "Get promoted", "Pass the resit") has its measure in its
 * title, and asking for one is busywork.
 */
const OPEN_ENDED =
  /\b(better|more|less|improv\w*|confiden\w*|comfortabl\w*|learn\w*|understand\w*|good at|work on|grow\w*|develop\w*|explor\w*|figure out|stronger|healthier|fitter|happier|balance|network)\b/i;
/**
 * A habit ("Read one article each week", "Sleep 7 hours on placement weeks") or a standard kept up
 * ("Keep my GPA above 3.5", "No phone after 10pm", "Stop doing the work myself", "Cut food
 * waste") is kept, not finished: a target date adds nothing to it. (Stopping, cutting and
 * sleeping count at the start only: "Swim 20 lengths without stopping" has a finish line.)
 */
const RECURRING = /\b(every|each|daily|weekly|monthly|nightly|most (days|nights|weeks)|(a|per) (day|night|week|month)|always|never)\b/i;
const KEPT_UP = /\b(nights|days|weeks|mornings|evenings|keep|keeping|stay|staying|maintain\w*|avoid\w*)\b|^\W*(stop|quit|no|cut|sleep|eat|drink)\b/i;

/**
 * A note that names a difficulty ("no idea how to price the ads", "writing is still my weak
 * part", "the course is too fast for me") says what is in the way as plainly as the blockers
 * field would: people write their obstacles wherever they type. A note of progress alone
 * ("worked hard, two chapters done", "lost 2 kg", "no problems", "can't wait") names none. (One
 * alternation inside \b, with no look-around, which the regex checker could only fuzz: linear.)
 */
const DIFFICULTY =
  /\b(no idea|no clue|not sure|unsure|idk|dunno|(don'?t|dont|do not|doesn'?t|does not) (know|get|understand|work)|can'?t (do|get|find|make|seem|understand|figure|focus|remember|keep|start|finish|afford)|cannot|couldn'?t|struggl\w*|stuck|hard to|too (hard|much|many|busy|tired|fast|slow|expensive|late)|difficult|worried|scared|afraid|weak(est)? (part|point|spot|area)|(a|the|big|main|one|real) problem|problems? with|confus\w*|fell behind|falling behind|got lost|no time)\b/i;

/** Whether a goal's title is a habit or a standard kept up. */
export function isOngoing(title: string): boolean {
  return RECURRING.test(title) || KEPT_UP.test(title);
}

/**
 * Whether an agreed action item is a habit ("two practice slots a week"): by its frequency only,
 * since an item opens with its verb ("Cut the CV to 2 pages", "Stop adding papers") and its
 * span ("for two weeks") is no frequency.
 */
export function isRecurring(item: string): boolean {
  return RECURRING.test(item);
}

/** What a good mentor would notice about one goal. */
export function readGoal(goal: GoalState, now: Date): GoalSituation {
  const latest = goal.checkIns[0];
  const recent = goal.checkIns.filter((checkIn) => daysBetween(checkIn.at, now) <= RECENT_DAYS);
  const active = goal.status === 'active';
  const ongoing = isOngoing(goal.title);
  const blocker = blockerOf(active, recent);
  // A number or a frequency in the title ("Sleep 8 hours on 5 nights a week", "Swim twice a
  // week") is a measure already.
  const missing = [
    ...(goal.measure || COUNTED.test(goal.title) || !OPEN_ENDED.test(goal.title) ? [] : ['measure of done']),
    ...(goal.targetDate || ongoing ? [] : ['target date']),
  ];
  const days = goal.targetDate ? daysUntil(goal.targetDate, now) : undefined;
  const lastConfidence = recent.find((checkIn) => checkIn.confidence !== undefined)?.confidence;
  return {
    goal,
    vague: active && missing.length ? { missing } : undefined,
    deadline: active && days !== undefined && days <= NEAR_DEADLINE_DAYS && goal.progress < 100 ? { days } : undefined,
    ...blocker,
    blockerKinds: blocker.blocker ? blockerKinds(blocker.blocker, goal.title) : [],
    lowConfidence: active && lastConfidence !== undefined && lastConfidence <= 2 ? { confidence: lastConfidence } : undefined,
    done: goal.status === 'completed' || (active && goal.progress >= 100) || (latest?.progress ?? 0) >= 100,
    ongoing,
  };
}

/** Days since the last check-in on any goal, or since the oldest goal began when there is none. */
export function daysSilent(context: ParticipantContext): number | undefined {
  const times = context.goals.flatMap((goal) => goal.checkIns.map((checkIn) => checkIn.at.getTime()));
  if (times.length) return daysBetween(new Date(Math.max(...times)), context.now);
  const started = context.goals.flatMap((goal) => (goal.createdAt ? [goal.createdAt.getTime()] : []));
  return started.length ? daysBetween(new Date(Math.min(...started)), context.now) : undefined;
}

/** The latest blocker written in the last month; else the latest note, when it names a difficulty. */
function blockerOf(active: boolean, recent: GoalState['checkIns']): Pick<GoalSituation, 'blocker' | 'blockerIn'> {
  if (!active) return { blocker: undefined };
  const named = recent.find((checkIn) => checkIn.blockers)?.blockers;
  if (named) return { blocker: named, blockerIn: 'blockers' };
  const note = recent[0]?.note;
  return note && DIFFICULTY.test(note) ? { blocker: note, blockerIn: 'note' } : { blocker: undefined };
}
