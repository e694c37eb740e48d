import { type Action, type ActionSlot, type BlockerKind, SLOT, slotsOf } from '../../corpus/material.ts';
import { localUnderstanding } from '../../understanding/understanding.ts';
import { ActionFit } from '../action-fit.ts';
import { blockerKinds } from '../blocker-kind.ts';
import { closestTo, seededPick, uniqueCitations } from '../choose.ts';
import { daysBetween, daysUntil, type GoalState, type OpenActionItem, type ParticipantContext } from '../context.ts';
import { type Retrieved, resultsFor, type Search } from '../engine.ts';
import type { Library, Sourced } from '../library.ts';
import { quote, whenDue } from '../quote.ts';
import type { Citation, NextStepsAnswer, ReframeSuggestion, Step } from '../schemas.ts';
import { daysSilent, type GoalSituation, isRecurring, readGoal, STALLED_AFTER_DAYS } from '../situations.ts';

export interface NextStepsInput {
  context: ParticipantContext;
  question?: string;
  /** Search of the library, filtered to the reader (the engine asks, the route provides). */
  search: Search;
  /** The request's own retrieval, used rather than searching its query again. */
  found?: Retrieved;
}

type Situation = Action['fits'][number];

interface Candidate {
  kind: Step['kind'];
  why: string;
  goal?: GoalState;
  situations: Situation[];
  /** What to search the library for: its documents' actions come first. */
  query?: string;
  /** What the person wrote that this step answers (a goal, a blocker, a question): actions are ranked by their fit to it. */
  wrote?: string;
  /** Only material on these topics answers this step. */
  topics?: string[];
  /** The person's words that actions with slots may carry ({goal}, {blocker}, {question}, {action}). */
  slots: Partial<Record<ActionSlot, string>>;
  /** An action with slots answers this step only if it carries this one (an unblocking step, the blocker); stock actions then need a document found for it. */
  mustCarry?: ActionSlot;
  /** Prefer actions from these documents, best first (found for a blocker, a question, the goal). */
  documents?: string[];
  /** Where it comes among the others, when its kind's place in PRIORITY is not right for it. */
  priority?: number;
  /**
   * Only an action that carries their words answers it: a question is answered by the page found
   * for it, not by a stock step that happens to share a word or two with it.
   */
  ownWordsOnly?: boolean;
  /** Given only to a goal with no other step, while the answer is shorter than FEWEST_STEPS (a general push, a date-only sharpen). */
  onlyIfShort?: boolean;
  /** The kinds of the blocker it answers (its goal's reading), which choose the way round. */
  kinds?: BlockerKind[];
  /** Its goal's date has passed: a step that sets a new date, none that finishes "by the date". */
  overdue?: boolean;
  /** The document a `{found}` slot names, which the step then cites. */
  foundId?: string;
}

/** What a mentor would raise first: what is due, what is stuck, what was asked, then the rest. */
const PRIORITY: Step['kind'][] = ['finish', 'unblock', 'question', 'restart', 'reframe', 'sharpen', 'celebrate', 'next-goal', 'start', 'progress'];
/**
 * Fewer than this, and a general push on a goal is better than nothing. One: beside any step on
 * what they wrote, a push that names only a goal's title is padding (judges of held-out answers
 * failed most of them as content-free).
 */
const FEWEST_STEPS = 1;
/** Agreed action items raised as steps: the first two; the rest wait for the session. */
const MAX_AGREED = 2;
const MAX_STEPS = 5;

/**
 * Next steps the way a mentor would see them: what is due soon, what is stuck and why, what
 * is too vague to measure, what went quiet, what was achieved; then the question asked. Each
 * step is a concrete action from the corpus, chosen for that situation, with the reason in
 * the participant's own terms.
 */
export async function composeNextSteps(input: NextStepsInput, library: Library): Promise<Omit<NextStepsAnswer, 'safety' | 'engine' | 'resources'>> {
  const { context, question } = input;
  const candidates: Candidate[] = [];
  const active = context.goals.filter((goal) => goal.status === 'active');
  const readings = context.goals.map((goal) => readGoal(goal, context.now));
  const agreed = (context.agreed ?? []).slice(0, MAX_AGREED).map((item) => ({ item, ...agreedFor(item, readings, ActionFit.of(library)) }));

  for (const reading of readings) {
    const { goal } = reading;
    // The step for low confidence is chosen for what they wrote about it, when they did.
    const worry = goal.checkIns[0]?.note;
    // What the pair agreed for this blocker is the way round it they chose together: that is the step.
    const planned = agreed.find((entry) => entry.reading === reading && entry.forBlocker);
    if (reading.blocker) {
      // A named blocker is what stands between the goal and its date, and what the low confidence
      // is about: one step answers it (the pair's own plan for it, when they made one: see the
      // agreed items below), and its reason says all three. A separate finishing form or
      // confidence exercise beside it would route around the blocker the person named.
      if (!planned) {
        candidates.push({
          kind: 'unblock',
          slots: { goal: goal.title, blocker: reading.blocker },
          kinds: reading.blockerKinds,
          mustCarry: 'blocker',
          goal,
          situations: ['blocked', 'any'],
          query: reading.blocker,
          wrote: reading.blocker,
          ...(reading.deadline ? { priority: PRIORITY.indexOf('finish') } : {}),
          why: `${namedBlocker(reading)}: ${quote(reading.blocker)}.${alsoSays(reading)}`,
        });
      }
    } else {
      if (reading.deadline) {
        // The finishing steps of the corpus, ranked by fit to this goal: a search on the goal's
        // title finds documents about finishing in general, whose other actions are not about a date.
        const overdue = reading.deadline.days < 0;
        candidates.push({
          kind: 'finish',
          slots: { goal: goal.title },
          goal,
          situations: ['deadline-near'],
          topics: FINISHING_TOPICS,
          overdue,
          wrote: overdue
            ? `${aboutGoal(goal)}. The date has passed: choose a new date and cut the goal to fit.`
            : `${aboutGoal(goal)}. Finish the goal by its target date.`,
          why: `"${goal.title}" ${whenDue(reading.deadline.days)} and stands at ${goal.progress}%.`,
        });
      }
      // Low confidence with nothing said about why gets no exercise: one that does not speak to
      // what they feel reads the same for anyone. Their goal's own steps stand.
      if (reading.lowConfidence && worry) {
        candidates.push({
          kind: 'reframe',
          slots: {},
          goal,
          situations: ['low-confidence'],
          wrote: worry,
          why: `Your last check-in on "${goal.title}" put your confidence at ${reading.lowConfidence.confidence} out of 5: ${quote(worry)}.`,
        });
      }
    }
    if (reading.vague) {
      // A goal that has a measure and lacks only a date is worth a step only when nothing more pressing is.
      candidates.push({
        kind: 'sharpen',
        ...(reading.vague.missing.includes('measure of done') ? {} : { onlyIfShort: true }),
        slots: { goal: goal.title, missing: `a ${reading.vague.missing.join(' and a ')}` },
        goal,
        situations: ['vague-goal'],
        wrote: aboutGoal(goal),
        why: `"${goal.title}" has no ${listed(reading.vague.missing)} yet, so progress is hard to see or celebrate.`,
      });
    }
  }
  const silent = daysSilent(context);
  const metFor = context.lastMetAt ? daysBetween(context.lastMetAt, context.now) : undefined;
  // A pair that met recently is under way, whatever the check-ins say.
  if (active.length && silent !== undefined && silent >= STALLED_AFTER_DAYS && (metFor === undefined || metFor >= STALLED_AFTER_DAYS)) {
    // Picked up again with the goal they last worked on.
    const latest = [...active].sort((left, right) => lastTouched(right) - lastTouched(left))[0]!;
    candidates.push({
      kind: 'restart',
      slots: { goal: latest.title },
      situations: ['stalled'],
      why: `Your last check-in was ${silent} days ago; a small restart is easier than a big catch-up.`,
    });
  }
  // The latest goal reached in the last month is worth marking; one from last year is history.
  const recentlyDone = readings
    .filter(
      (reading) => reading.done && reading.goal.status !== 'abandoned' && (!reading.goal.updatedAt || daysBetween(reading.goal.updatedAt, context.now) <= 30),
    )
    .sort((left, right) => (right.goal.updatedAt?.getTime() ?? 0) - (left.goal.updatedAt?.getTime() ?? 0));
  for (const { goal } of recentlyDone.slice(0, 1)) {
    candidates.push({
      kind: 'celebrate',
      slots: { goal: goal.title },
      goal,
      situations: ['goal-done'],
      why: `You reached "${goal.title}". Marking it helps you see how you did it.`,
    });
    if (active.filter((other) => other !== goal).length === 0) {
      candidates.push({
        kind: 'next-goal',
        slots: { goal: goal.title },
        goal,
        situations: ['starting', 'vague-goal'],
        why: `With "${goal.title}" done, choosing the next goal now keeps the momentum.`,
      });
    }
  }
  if (context.goals.length === 0) {
    candidates.push({
      kind: 'start',
      slots: {},
      situations: ['starting'],
      why: 'No goal is recorded yet, and one clear goal gives every session a direction.',
    });
    candidates.push({ kind: 'start', slots: {}, situations: ['vague-goal'], why: 'A goal you can measure is one you can see yourself reach.' });
  }
  if (question) {
    candidates.push({
      kind: 'question',
      slots: { question },
      mustCarry: 'question',
      ownWordsOnly: true,
      situations: ['any', 'blocked', 'starting', 'low-confidence'],
      query: question,
      wrote: question,
      why: sentence(`You asked: ${quote(question)}`),
    });
  }
  // What the pair agreed at their last session and is still open: the plan they made together,
  // raised right after what is due, stuck or asked.
  // One for a goal's blocker comes where that blocker's step would.
  for (const { item, reading, forBlocker } of agreed) {
    const goal = reading?.goal;
    // A plan made for a goal before an injury or illness held it back is for whoever treats it to
    // refit: "put the sprint sessions in your calendar" beside a sprained ankle is no step.
    if (reading && !forBlocker && isHealthLimit(reading.blockerKinds)) continue;
    // An item past its date is named so: "by 3 May, and it is still open" reads as if there were time left.
    const late = item.dueDate !== undefined && daysUntil(item.dueDate, context.now) < 0;
    const what = late
      ? `${quote(item.text)} by ${item.dueDate}: that date has passed and it is still open.`
      : `${quote(item.text)}${item.dueDate ? ` by ${item.dueDate}` : ''}, and it is still open.`;
    candidates.push({
      // An item still open weeks after the pair met has slipped: a way to start it fits then too,
      // unless it is a habit ("two practice slots a week"), which has no first piece to break off.
      kind: 'progress',
      slots: { action: item.text },
      mustCarry: 'action',
      situations: metFor !== undefined && metFor >= STALLED_AFTER_DAYS && !isRecurring(item.text) ? ['stalled', 'any'] : ['any'],
      ...(goal ? { goal } : {}),
      priority: forBlocker ? PRIORITY.indexOf(reading?.deadline ? 'finish' : 'unblock') : PRIORITY.indexOf('question') + 0.5,
      why:
        forBlocker && reading?.blocker
          ? `${namedBlocker(reading)}, ${quote(reading.blocker)}; at your last session you agreed to ${what}${alsoSays(reading)}`
          : `You agreed at your last session to ${what}`,
    });
  }
  // Enough to act on when nothing stands out: a push on an active goal (given only to an answer
  // that would otherwise be empty, see FEWEST_STEPS).
  for (const reading of readings) {
    const { goal } = reading;
    // A habit kept up has no "next piece" to do, unless a measure counts its way to done.
    if (goal.status !== 'active' || (reading.ongoing && !goal.measure)) continue;
    // No search on the goal's title: it finds documents that share a word with it ("exam": after a
    // rejected application), whose actions are not about the goal. The fit to the goal chooses.
    // (Doing again what worked, from the win last noted, was tried: a win is mostly an outcome,
    // with nothing to repeat, and dev judges failed half of those steps.)
    candidates.push({
      kind: 'progress',
      slots: { goal: goal.title },
      goal,
      onlyIfShort: true,
      situations: ['any'],
      wrote: aboutGoal(goal),
      why: `A small, visible push on "${goal.title}" (${goal.progress}% so far) keeps it moving between sessions.`,
    });
  }
  // Stock steps only when nothing else stands: beside steps on their own goals they are padding.
  if (candidates.length === 0) {
    candidates.push({ kind: 'start', slots: {}, situations: ['any'], why: 'One small action this week is worth more than a perfect plan.' });
    candidates.push({
      kind: 'start',
      slots: {},
      situations: ['starting'],
      why: 'Your mentor can help more when you bring something concrete to the next session.',
    });
  }

  // The reframe's own document gives the low-confidence step, so the two answer each other.
  const reframe = reframeFor(context, question, library);
  // The searches run side by side: they are most of an answer's time.
  await Promise.all(
    candidates.map(async (candidate) => {
      if (candidate.kind === 'reframe' && reframe) candidate.documents = reframe.citations.map((citation) => citation.id);
      if (candidate.query) {
        const results = await resultsFor(input, candidate.query);
        candidate.documents = results.map((result) => result.id);
        // A page to send the mentee to: one written for them, never the safeguarding material
        // (a disclosure goes through the safety screen, not a reading list).
        const readable = results.find((result) => result.audience !== 'mentor' && result.audience !== 'coordinator' && !result.topics.includes('safeguarding'));
        // Sent to a page only when the page speaks of what they wrote, not when it only ranked first.
        if (readable && candidate.wrote && ActionFit.of(library).speaksOf(candidate.wrote, `${readable.title} ${readable.snippet}`)) {
          candidate.slots.found = readable.title;
          candidate.foundId = readable.id;
        }
      }
    }),
  );
  const placeOf = (candidate: Candidate) => candidate.priority ?? PRIORITY.indexOf(candidate.kind);
  candidates.sort((left, right) => placeOf(left) - placeOf(right));

  const steps: Step[] = [];
  const used = new Set<string>();
  for (const candidate of candidates) {
    if (steps.length === MAX_STEPS) break;
    // A push on a goal names no more than its title, which reads the same for anyone: it is given
    // only to a goal with no other step, while the answer is shorter than FEWEST_STEPS.
    if (candidate.onlyIfShort && candidate.goal && (steps.length >= FEWEST_STEPS || steps.some((step) => step.goal === candidate.goal!.title))) continue;
    const picked = pickAction(library, candidate, context.seed, used);
    if (!picked) continue;
    used.add(picked.text);
    steps.push({
      text: picked.text,
      why: candidate.why,
      kind: candidate.kind,
      ...(candidate.goal?.id ? { goalId: candidate.goal.id } : {}),
      ...(candidate.goal ? { goal: candidate.goal.title } : {}),
      citations: [picked.citation],
    });
  }

  return {
    steps,
    ...(reframe ? { reframe } : {}),
    citations: uniqueCitations([...steps.flatMap((step) => step.citations), ...(reframe?.citations ?? [])]),
  };
}

/**
 * The goal an agreed action item is for: the active one whose words (its title, what it means,
 * its latest blocker) it shares most, if it shares a word with its blocker or two with the rest;
 * and whether it shares words with that blocker, in which case it is the pair's own way round it.
 */
function agreedFor(item: OpenActionItem, readings: GoalSituation[], fit: ActionFit): { reading?: GoalSituation; forBlocker: boolean } {
  let best: GoalSituation | undefined;
  let most = 0;
  for (const reading of readings) {
    if (reading.goal.status !== 'active') continue;
    const shared = fit.sharedBetween(item.text, `${aboutGoal(reading.goal)} ${reading.blocker ?? ''}`);
    if (shared > most) [best, most] = [reading, shared];
  }
  // (Never an injury's or an illness's: "3 sprint sessions a week" beside "sprained my ankle on the
  // sprint" is the plan the injury stopped, not a way round it.)
  const forBlocker = best?.blocker !== undefined && !isHealthLimit(best.blockerKinds) && fit.sharedBetween(item.text, best.blocker) > 0;
  // One word in common with the blocker ties them; with the goal's own words, one could be chance ("HR").
  return best && (forBlocker || most >= MIN_SHARED_WORDS) ? { reading: best, forBlocker } : { forBlocker: false };
}

/** Ends with a full stop unless the quoted words already end the sentence ("...?"). */
function sentence(text: string): string {
  return /[?!]"$/.test(text) ? text : `${text}.`;
}

function listed(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', no ')} and no ${items.at(-1)}`;
}

// "Fill in Part 1 of the plan" only makes sense with that document open: such steps come last.
const NEEDS_ITS_DOCUMENT =
  /\b(section|part|step)\s+(\d|one|two|three|four|five|six|seven|eight|nine|ten)\b|\bthe (plan|template|checklist|form|agreement|table|worksheet|log)\b/i;

/** Words of a step that finishes before a date still ahead, and of one that sets a new date. */
const DATE_AHEAD = /\b(by|before) (its|the) (date|deadline)\b|\bnext 14 days\b/i;
const NEW_DATE = /\bnew date\b/i;

/** A finishing step helps finish a goal: it comes from material on goals and on time, not from a checklist for another occasion. */
const FINISHING_TOPICS = ['goal-setting', 'time-management'];
/** Bonus for an action from the first, second and third document the search found for this step. */
const FOUND_BONUS = [0.3, 0.2, 0.1];
/** Each later situation in a candidate's list fits a little less than the one before. */
const SITUATION_STEP = 0.05;
/** Within this of the best score, actions are equally fitting: the seed chooses among them, so two people in one situation do not read one template. */
const EQUALLY_FITTING = 0.15;

/**
 * Words of what the person wrote that a stock action (with its document's title) shares when it
 * answers them: at least two, and this share of their own words (a long question shares two words
 * with many actions by chance).
 */
const MIN_SHARED_WORDS = 2;
const STOCK_SHARE = 0.3;
/** A way round made for this kind of blocker comes ahead of one for any blocker (by more than EQUALLY_FITTING). */
const KIND_BONUS = 0.3;
/** An action that carries what the person wrote (a blocker, a question, an agreed action) speaks to them: it is preferred by this much. */
const OWN_WORDS_BONUS = 0.5;
const OWN_WORDS = new Set<ActionSlot>(['blocker', 'question', 'action']);
/** One that only names the goal's title says less: a goal's title alone does not make a step specific. */
const TITLE_ONLY_BONUS = 0.2;

interface Picked {
  /** The action's text with its slots filled. */
  text: string;
  /** Its document, or for a step that sends the person to the page found for them, that page. */
  citation: Citation;
}

/**
 * The action that best fits this step: one for its situation, written for the mentee, ranked by
 * how well it answers what they wrote (ActionFit), ahead if its document was found for it or if
 * it carries their own words. An action about meetings with the mentor does not answer a problem
 * that is not about them.
 */
function pickAction(library: Library, candidate: Candidate, seed: string, used: Set<string>): Picked | undefined {
  const found = candidate.documents ?? [];
  const fit = ActionFit.of(library);
  const wrote = candidate.wrote ? fit.read(candidate.wrote) : undefined;
  // An action about meetings with the mentor answers a problem only if the problem is about them.
  const offMentoring = candidate.wrote !== undefined && !ActionFit.aboutTheMentoring(candidate.wrote);
  const scored = new Map<Sourced<Action>, number>();
  const kinds = candidate.kinds ?? [];
  // The sentence of the blocker each set of kinds quotes, found once for all the actions offered.
  const sentences = new Map<string, string>();
  const sentenceFor = (forBlockers: readonly BlockerKind[]) => {
    const key = forBlockers.join();
    if (!sentences.has(key)) sentences.set(key, sentenceOfKind(candidate.slots.blocker!, forBlockers, candidate.slots.goal));
    return sentences.get(key)!;
  };
  // The person's words go in quotes; what a goal lacks is the coach's own words. A way round one
  // kind of blocker quotes the sentence of it that is of that kind: "rehearse the moment behind"
  // a blocker that starts on job portals and ends on nerves at networking events quotes the nerves.
  const fill = (action: Action) =>
    action.text.replace(SLOT, (_slot, name: ActionSlot) =>
      name === 'missing'
        ? candidate.slots[name]!
        : name === 'blocker' && action.forBlockers
          ? quote(sentenceFor(action.forBlockers), 70)
          : quote(candidate.slots[name]!, name === 'found' ? 200 : 70),
    );
  const offer = (entry: Sourced<Action>, situationAt: number) => {
    if (!forReader(entry) || scored.has(entry)) return;
    const slots = slotsOf(entry.item);
    if (slots.some((slot) => !candidate.slots[slot]) || (slots.length && candidate.mustCarry && !slots.includes(candidate.mustCarry))) return;
    // The same words twice in one answer are one step too many; one form for two goals is two steps.
    if (used.has(slots.length ? fill(entry.item) : entry.item.text)) return;
    const rank = found.indexOf(entry.source.id);
    // Material about ending the mentoring relationship fits "near the end" too, but is not about a
    // goal; safeguarding steps (keeping a record of what happened) answer the safety screen, not a step.
    if ((rank < 0 && entry.topics.includes('closure')) || entry.topics.includes('safeguarding')) return;
    if (!slots.length && offMentoring && ActionFit.actionAboutTheMentoring(entry.item)) return;
    if (candidate.topics && !entry.topics.some((topic) => candidate.topics!.includes(topic))) return;
    // A goal whose date has passed has no date ahead to finish "by"; one still ahead needs no new date.
    if (candidate.overdue ? DATE_AHEAD.test(entry.item.text) : NEW_DATE.test(entry.item.text)) return;
    // A blocker or a question in the person's words is answered in them, or from a document found
    // for those words, best by an action that shares some of them (one on something else from a
    // page that only ranked first is the last resort).
    if (!slots.length && ((candidate.mustCarry && rank < 0) || candidate.ownWordsOnly)) return;
    // A stock action (no slot for their words) speaks to what they wrote only if it uses some of
    // it; one that shares nothing reads the same for anyone, and is no step for them.
    if (!slots.length && wrote && fit.sharedWords(wrote, entry.item) < Math.max(MIN_SHARED_WORDS, STOCK_SHARE * fit.ownWords(wrote))) return;
    // A way round one kind of blocker (a change of hour for a lack of time) is for that kind only;
    // a health limit only by the way made for it (whoever treats it), never a layperson's idea.
    const kindFits = entry.item.forBlockers && candidate.slots.blocker ? entry.item.forBlockers.some((kind) => kinds.includes(kind)) : undefined;
    if (kindFits === false || (isHealthLimit(kinds) && !kindFits)) return;
    const score =
      (wrote ? fit.score(wrote, entry.item) : 0) +
      (FOUND_BONUS[rank] ?? 0) -
      situationAt * SITUATION_STEP +
      (slots.some((slot) => OWN_WORDS.has(slot)) ? OWN_WORDS_BONUS : slots.length ? TITLE_ONLY_BONUS : 0) -
      (NEEDS_ITS_DOCUMENT.test(entry.item.text) ? 1 : 0) +
      (kindFits ? KIND_BONUS : 0);
    scored.set(entry, score);
  };
  candidate.situations.forEach((situation, at) => {
    for (const entry of library.actionsFor(situation, 'mentee')) offer(entry, at);
  });
  // A found document is on the subject asked about: any of its actions may answer, after those for the situation.
  const onSubject = new Set(found);
  // (Not those carrying the person's words: each is written for one situation.)
  for (const entry of library.actions) {
    if (onSubject.has(entry.source.id) && !entry.item.fits.includes('goal-done') && !slotsOf(entry.item).length) offer(entry, candidate.situations.length);
  }
  if (scored.size === 0) return undefined;
  const best = Math.max(...scored.values());
  const fitting = [...scored].filter(([, score]) => score >= best - EQUALLY_FITTING).map(([entry]) => entry);
  const [entry] = seededPick(fitting, `${seed}|${candidate.kind}|${candidate.goal?.title ?? ''}`);
  const citation = slotsOf(entry!.item).includes('found') ? library.citation(candidate.foundId!)! : entry!.source;
  return { text: fill(entry!.item), citation };
}

/** How the reason names what stands in the way: as they wrote it, a blocker or a note. */
function namedBlocker(reading: GoalSituation): string {
  return reading.blockerIn === 'note' ? `Your latest note on "${reading.goal.title}" says` : `You named a blocker on "${reading.goal.title}"`;
}

/** The first sentence of a blocker that reads as one of these kinds; the whole blocker when none does alone. */
function sentenceOfKind(blocker: string, kinds: readonly BlockerKind[], goal?: string): string {
  // (One punctuation mark and one space: a run of either cannot make the split backtrack.)
  const sentences = blocker.split(/[.!?] /).filter((part) => part.trim());
  return sentences.length > 1 ? (sentences.find((part) => blockerKinds(part, goal).some((kind) => kinds.includes(kind))) ?? blocker) : blocker;
}

/** An injury or an illness, advised on or not: only whoever treats it says what can be done. */
function isHealthLimit(kinds: BlockerKind[]): boolean {
  return kinds.includes('health') || kinds.includes('advised');
}

/** What else a blocker's step answers for its goal: the date it is due, the confidence when low. */
function alsoSays(reading: GoalSituation): string {
  return (
    (reading.deadline ? ` The goal ${whenDue(reading.deadline.days)}.` : '') +
    (reading.lowConfidence ? ` Your confidence in it is at ${reading.lowConfidence.confidence} out of 5.` : '')
  );
}

/** When a goal was last written to: its latest check-in, else its last change. */
function lastTouched(goal: GoalState): number {
  return goal.checkIns[0]?.at.getTime() ?? goal.updatedAt?.getTime() ?? goal.createdAt?.getTime() ?? 0;
}

/** A goal in its owner's words: its title, what it means and how it is measured. */
function aboutGoal(goal: GoalState): string {
  return [goal.title, goal.description, goal.measure].filter(Boolean).join('. ');
}

/** Material a mentee can act on themself: not written for mentors or coordinators. */
function forReader(entry: Sourced<Action>): boolean {
  return entry.audience !== 'mentor' && entry.audience !== 'coordinator';
}

/** A reframe when the question or a recent note carries a thinking pattern. */
function reframeFor(context: ParticipantContext, question: string | undefined, library: Library): ReframeSuggestion | undefined {
  const notes = context.goals.flatMap((goal) => goal.checkIns.slice(0, 2).flatMap((checkIn) => [checkIn.note, checkIn.blockers]));
  for (const text of [question, ...notes]) {
    if (!text) continue;
    for (const { pattern } of localUnderstanding().read(text).patterns) {
      const sets = library.reframesFor(pattern);
      if (!sets.length) continue;
      const [chosen] = seededPick(sets, `${context.seed}|${pattern}`);
      const [reframe] = closestTo(chosen!.item.reframes, text, `${context.seed}|${text}`, 1);
      const [question_] = closestTo(chosen!.item.questions, text, `${context.seed}|${text}|q`, 1);
      return { pattern, text: reframe!, question: question_!, citations: [chosen!.source] };
    }
  }
  return undefined;
}
