import type { Participant, Store } from '../store/index.ts';
import type { CheckInState, GoalState, OpenActionItem, PairingContext, ParticipantContext } from './context.ts';
import type { InlineGoal, InlineProgress } from './schemas.ts';

const GOALS = 20;
const CHECK_INS_PER_GOAL = 5;

/**
 * A stored participant's goals (the first GOALS) with their latest check-ins, newest first: a
 * bounded read, however many check-ins a goal has gathered.
 */
export async function storedGoals(store: Store, siteId: string, participant: Participant): Promise<GoalState[]> {
  const { items } = await store.goals.list(siteId, participant.id, { limit: GOALS });
  const latest = await store.goals.latestCheckIns(
    siteId,
    items.map((goal) => goal.id),
    CHECK_INS_PER_GOAL,
  );
  return items.map((goal) => {
    const checkIns: CheckInState[] = (latest.get(goal.id) ?? []).map((checkIn) => ({
      progress: checkIn.progress,
      confidence: checkIn.confidence,
      wins: checkIn.wins,
      blockers: checkIn.blockers,
      note: checkIn.note,
      at: new Date(checkIn.createdAt),
    }));
    return {
      id: goal.id,
      title: goal.title,
      description: goal.description,
      measure: goal.measure,
      targetDate: goal.targetDate,
      status: goal.status,
      progress: goal.progress,
      createdAt: new Date(goal.createdAt),
      updatedAt: new Date(goal.updatedAt),
      checkIns,
    };
  });
}

/** Goals and check-ins a host sent inline, in the same shape as stored ones. */
export function inlineGoals(goals: InlineGoal[] = [], progress: InlineProgress[] = [], now: Date): GoalState[] {
  const states: GoalState[] = goals.map((goal) => ({ ...goal, checkIns: [] }));
  for (const entry of progress) {
    const { goalId, at, ...checkIn } = entry;
    let target = states.find((goal) => goal.id !== undefined && goal.id === goalId) ?? (goalId === undefined ? states[0] : undefined);
    if (!target) {
      // Progress with no goal to hang on still tells the coach how things are going.
      target = { title: 'Your current goal', status: 'active', progress: entry.progress ?? 0, checkIns: [] };
      states.push(target);
    }
    target.checkIns.push({ ...checkIn, at: at ? new Date(at) : now });
  }
  for (const goal of states) {
    goal.checkIns.sort((left, right) => right.at.getTime() - left.at.getTime());
    const latest = goal.checkIns.find((checkIn) => checkIn.progress !== undefined);
    if (latest && goal.progress === 0) goal.progress = latest.progress!;
  }
  return states;
}

export function participantContext(
  seed: string,
  goals: GoalState[],
  now: Date,
  about: { name?: string; agreed?: OpenActionItem[]; lastMetAt?: Date } = {},
): ParticipantContext {
  const { name, agreed = [], lastMetAt } = about;
  return { now, seed, goals, ...(name ? { name } : {}), ...(agreed.length ? { agreed } : {}), ...(lastMetAt ? { lastMetAt } : {}) };
}

/** How far a pairing has come: sessions held and the action items still open from the last one. */
export async function pairingContext(
  store: Store,
  siteId: string,
  pairing: { id: string; model: string; status: string; startedAt: string },
  now = new Date(),
): Promise<PairingContext> {
  // Three bounded reads: how many sessions, the last one scheduled, the last one held.
  const { count, latest: last, lastHeldAt } = await store.sessions.history(siteId, pairing.id, now);
  const openActionItems: OpenActionItem[] = (last?.actionItems ?? [])
    .filter((item) => !item.done)
    .map((item) => ({ text: item.text, owner: item.owner, dueDate: item.dueDate }));
  // The mentee's own part that got done: the mentor's own items (sending a link) are not the mentee's to be credited for.
  const doneActionItems = (last?.actionItems ?? []).filter((item) => item.done && item.owner !== 'mentor').map((item) => item.text);
  return {
    model: pairing.model as PairingContext['model'],
    status: pairing.status as PairingContext['status'],
    startedAt: new Date(pairing.startedAt),
    sessionsHeld: count,
    openActionItems,
    ...(doneActionItems.length ? { doneActionItems } : {}),
    ...(lastHeldAt ? { lastMetAt: new Date(lastHeldAt) } : {}),
  };
}
