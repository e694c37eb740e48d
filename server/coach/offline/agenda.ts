import type { AgendaBlock } from '../../corpus/material.ts';
import { seededPick, uniqueCitations } from '../choose.ts';
import type { GoalState, PairingContext, ParticipantContext } from '../context.ts';
import type { Library, Sourced } from '../library.ts';
import { quote, whenDue } from '../quote.ts';
import type { AgendaAnswer, AgendaItem, SessionStage, Task } from '../schemas.ts';
import { readGoal } from '../situations.ts';

export interface AgendaInput {
  context: ParticipantContext;
  pairing: PairingContext;
  durationMinutes: number;
  stage?: SessionStage;
  focus?: string;
  menteeName?: string;
}

/**
 * The session kind when the mentor does not say: a closing session when the focus says it is the
 * last (or when asked for as `stage: 'closing'`). A first meeting only when nothing has happened
 * yet: no session held, and no goal with progress, a check-in or a finish behind it. A pair that
 * has been working (the demo's mentee, with a goal reached) is at a regular session even when no
 * session was recorded.
 */
export function inferStage(pairing: PairingContext, goals: GoalState[] = [], focus?: string): SessionStage {
  if (focus && LAST_SESSION.some((phrase) => phrase.test(focus))) return 'closing';
  const underWay = goals.some((goal) => goal.status === 'completed' || goal.progress > 0 || goal.checkIns.length > 0);
  return pairing.sessionsHeld === 0 && !underWay ? 'kickoff' : 'regular';
}

/**
 * A mentor's focus that says this is the last meeting ("Final session of the program: review...",
 * "Last session: look back over the year", "our last meeting"). "Last" alone also means the one
 * before ("what we agreed in the last session", "our last session we..."): it counts at the start
 * of the focus or after "our" when a stop or "of", "together", "before" follows (not "'s" or
 * "we"), after "this is the", or with "of the program" after it. Each is an alternation inside
 * \b with no look-around: linear in the text (the regex-safety test proves it).
 */
const LAST_SESSION = [
  /\b(final|closing) (session|meeting|call|one|catch-?up|check-?in)\b/i,
  /^\W*last (session|meeting|call|catch-?up)( ?[:,.!-]|$| (of|with|together|before)\b)/i,
  /\b(this is|it'?s|is) (our|the) last (session|meeting|call|one)\b/i,
  /\bour last (session|meeting|call|one)( ?[:,.!-]|$| (of|in|together|before)\b)/i,
  /\blast (session|meeting|call|one) (of|in) (the|our|this) (program|programme|scheme|year|term|mentoring|partnership)\b/i,
  /\b(end|wrap(ping)?[ -]up) (of )?(the|our) (program|programme|scheme|mentoring|partnership)\b/i,
];

/** Items of the pair's own (goals, blockers, open actions, focus) that fill a session's middle without a template's general blocks. */
const OWN_MATERIAL_ENOUGH = 3;

interface Draft {
  title: string;
  purpose?: string;
  prompts: string[];
  owner: AgendaItem['owner'];
  weight: number;
  citations: AgendaItem['citations'];
  /** Dropped first when time is short. */
  optional: boolean;
}

/**
 * A time-boxed agenda: an opening and a closing block from the corpus for this kind of session
 * and model, and between them the mentee's own material (each active goal by name, recent
 * blockers, open action items, the mentor's focus). Minutes come from the corpus blocks'
 * defaults, scaled so that they add up exactly to the requested duration.
 */
export function composeAgenda(input: AgendaInput, library: Library): Omit<AgendaAnswer, 'safety' | 'engine' | 'resources'> {
  const { context, pairing } = input;
  const stage = input.stage ?? inferStage(pairing, context.goals, input.focus);
  const model = pairing.model;
  const name = input.menteeName ?? 'your mentee';
  const seed = `${context.seed}|${stage}|${input.durationMinutes}`;
  // One template of the corpus for this session and model gives the skeleton, in its own order:
  // its first block opens, its last closes, and its middle blocks fill the time that is left.
  // A block that gives each partner a turn needs the other partner's topics, which the mentee's
  // record does not hold: "choose who goes first" reads wrong to a mentor supporting one mentee.
  // A peer pairing with no template left is one peer supporting another, session by session as
  // one to one.
  const templates = templatesFor(library, stage, model);
  const [template = []] = seededPick(templates.length || model !== 'peer' ? templates : templatesFor(library, stage, 'one-to-one'), `${seed}|template`);
  const opening = template[0];
  const closing = template.length > 1 ? template.at(-1) : undefined;
  // The last session's action items get their own blocks below, by name (those still open, and
  // those done); a corpus block reviewing them in general would repeat them, or, with none agreed,
  // review nothing.
  const middle = template.slice(1, -1).filter((block) => !reviewsActions(block.item));

  const drafts: Draft[] = [];
  if (opening) drafts.push(fromBlock(opening, false));
  const readings = context.goals.filter((goal) => goal.status === 'active').map((goal) => readGoal(goal, context.now));
  if (input.focus) {
    drafts.push({
      title: `Focus: ${input.focus.length > 60 ? `${input.focus.slice(0, 57)}...` : input.focus}`,
      purpose: 'The topic you asked to make room for.',
      prompts: [`What would make the time on ${quote(input.focus, 60)} feel well spent?`, 'What have you tried so far, and what happened?'],
      owner: 'both',
      weight: 10,
      citations: [],
      optional: false,
    });
  }
  // A first session has nothing agreed yet to look back on.
  const openItems = stage === 'kickoff' ? [] : pairing.openActionItems;
  if (openItems.length) {
    drafts.push({
      title: 'Review of agreed actions',
      purpose: `Check on what was agreed last time: ${openItems
        .slice(0, 3)
        .map((item) => `${item.text} (${item.owner})`)
        .join('; ')}.`,
      prompts: openItems.slice(0, 3).map((item) => `How did "${item.text}" go, and what got in the way if it did not happen?`),
      owner: 'both',
      weight: 6,
      citations: [],
      optional: true,
    });
  }
  const done = stage === 'kickoff' ? [] : (pairing.doneActionItems ?? []);
  if (done.length) {
    drafts.push({
      title: 'Done since last time',
      purpose: `Give credit for what was agreed and done: ${done.slice(0, 3).join('; ')}.`,
      prompts: [
        `What made ${quote(done[0]!, 70)} happen, and what does it show ${name} can do?`,
        ...(done.length > 1 ? [`What came of ${quote(done[1]!, 70)}?`] : []),
      ],
      owner: 'both',
      weight: 4,
      citations: [],
      optional: true,
    });
  }
  for (const reading of readings.slice(0, 3)) {
    const { goal } = reading;
    const latest = goal.checkIns[0];
    const facts = [
      `${goal.progress}% done`,
      reading.deadline ? whenDue(reading.deadline.days) : undefined,
      latest?.confidence ? `confidence ${latest.confidence}/5` : undefined,
    ].filter(Boolean);
    const prompts = [
      stage === 'kickoff'
        ? `What would reaching "${goal.title}" change for you, and why now?`
        : stage === 'closing'
          ? `Looking back at "${goal.title}", what are you proudest of?`
          : // A pair under way that has not met yet (their goals moved first) has no "last time".
            pairing.sessionsHeld === 0
            ? `What has moved on "${goal.title}" so far, and what is next?`
            : `What moved on "${goal.title}" since you last met?`,
    ];
    if (reading.blocker) prompts.push(`You mentioned ${quote(reading.blocker, 80)}: what would make that smaller this week?`);
    if (reading.vague) prompts.push(`How will you both know "${goal.title}" is done? Can we add a ${reading.vague.missing[0]}?`);
    if (reading.deadline) prompts.push('What is the smallest version of this that can be finished by the date?');
    if (latest?.wins) prompts.push(`You noted a win, ${quote(latest.wins, 70)}. What made it work?`);
    drafts.push({
      title: `Goal: ${goal.title}`,
      purpose: `Progress so far: ${facts.join(', ')}.`,
      prompts: prompts.slice(0, 4),
      owner: 'mentee',
      weight: 12,
      citations: [],
      optional: false,
    });
  }
  // The template's middle blocks fill the remaining shape (and carry their citations) where the
  // pair's own material is thin: a session is about their goals, not a general template's. They
  // are the first to go when time is short, from the last one back.
  const own = drafts.length - (opening ? 1 : 0);
  for (const block of middle.slice(0, Math.max(0, OWN_MATERIAL_ENOUGH - own))) drafts.push(fromBlock(block, true));
  if (closing) drafts.push(fromBlock(closing, false));
  if (drafts.length === 0)
    drafts.push({
      title: 'Open conversation',
      prompts: ['What would you most like to leave this session with?'],
      owner: 'both',
      weight: 1,
      citations: [],
      optional: false,
    });

  const items = fitToDuration(drafts, input.durationMinutes);
  const preparation: Task[] = [
    {
      owner: 'mentor',
      text: latestCheckedGoal(readings)
        ? `Reread ${name}'s latest check-ins, especially on "${latestCheckedGoal(readings)}".`
        : `Think of two open questions to help ${name} choose a first goal.`,
    },
    { owner: 'mentee', text: 'Note one win and one thing that got in the way since the last session.' },
    ...(readings.some((reading) => reading.vague)
      ? [{ owner: 'mentee' as const, text: 'Draft how you would measure your least clear goal, even roughly.' }]
      : []),
  ];
  const followUps: Task[] = [
    { owner: 'mentor', text: 'Send a three-line recap within a day: what you discussed, what was agreed, the next date.' },
    { owner: 'mentee', text: 'Put the one action you agreed on into your calendar before the day ends.' },
    ...(stage === 'closing'
      ? [{ owner: 'both' as const, text: 'Agree whether and how you will stay in touch after the program.' }]
      : [{ owner: 'both' as const, text: 'Confirm the date of the next session.' }]),
  ];
  const title = `${stageTitle(stage)} with ${name}: ${input.durationMinutes} minutes${model === 'one-to-one' ? '' : ` (${model})`}`;
  return {
    title,
    durationMinutes: input.durationMinutes,
    stage,
    model,
    items,
    preparation,
    followUps,
    citations: uniqueCitations(items.flatMap((item) => item.citations)),
  };
}

/** The corpus's templates for this session and model, without the blocks a mentee's record cannot fill; each of two blocks at least. */
function templatesFor(library: Library, stage: SessionStage, model: string): Sourced<AgendaBlock>[][] {
  const templates = new Map<string, Sourced<AgendaBlock>[]>();
  for (const block of library.blocksFor(stage, model)) {
    if (!block.item.takesTurns) templates.set(block.source.id, [...(templates.get(block.source.id) ?? []), block]);
  }
  return [...templates.values()].filter((blocks) => blocks.length >= 2);
}

/** The goal with the most recent check-in, which is where the mentor's reading should start. */
function latestCheckedGoal(readings: Array<{ goal: { title: string; checkIns: Array<{ at: Date }> } }>): string | undefined {
  const checked = readings.filter((reading) => reading.goal.checkIns.length);
  checked.sort((left, right) => right.goal.checkIns[0]!.at.getTime() - left.goal.checkIns[0]!.at.getTime());
  return (checked[0] ?? readings[0])?.goal.title;
}

function reviewsActions(block: AgendaBlock): boolean {
  const title = block.title.toLowerCase();
  const review = /\breview\b/.exec(title);
  return (review !== null && /\bactions?\b/.test(title.slice(review.index))) || /\bfollow-up on last\b/.test(title);
}

function fromBlock(block: Sourced<AgendaBlock>, optional: boolean): Draft {
  return {
    title: block.item.title,
    purpose: block.item.purpose,
    prompts: block.item.prompts,
    owner: block.item.owner as AgendaItem['owner'],
    weight: block.item.minutes,
    citations: [block.source],
    optional,
  };
}

function stageTitle(stage: SessionStage): string {
  return stage === 'kickoff' ? 'First session' : stage === 'closing' ? 'Closing session' : stage === 'review' ? 'Mid-point review' : 'Session';
}

/**
 * Minutes in proportion to each block's weight, at least 3 each, adding up exactly: optional
 * blocks are dropped while there is not room for every block, and the rounding remainder goes
 * to the largest blocks.
 */
export function fitToDuration(drafts: Draft[], total: number): AgendaItem[] {
  const MIN = 3;
  const kept = [...drafts];
  while (kept.length * MIN > total || kept.length > Math.max(3, Math.floor(total / 5))) {
    const index = kept.map((draft) => draft.optional).lastIndexOf(true);
    if (index >= 0) kept.splice(index, 1);
    else if (kept.length > 2) kept.splice(kept.length - 2, 1);
    else break;
  }
  const weight = kept.reduce((sum, draft) => sum + draft.weight, 0);
  const spare = total - kept.length * MIN;
  const exact = kept.map((draft) => (draft.weight / weight) * spare);
  const minutes = exact.map((value) => MIN + Math.floor(value));
  let remainder = total - minutes.reduce((sum, value) => sum + value, 0);
  const order = exact.map((value, index) => ({ index, fraction: value - Math.floor(value) })).sort((left, right) => right.fraction - left.fraction);
  for (let step = 0; remainder > 0; step++, remainder--) minutes[order[step % order.length]!.index]! += 1;
  return kept.map((draft, index) => ({
    minutes: minutes[index]!,
    title: draft.title,
    ...(draft.purpose ? { purpose: draft.purpose } : {}),
    prompts: draft.prompts,
    owner: draft.owner,
    citations: draft.citations,
  }));
}
