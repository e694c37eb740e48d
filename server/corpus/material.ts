import { z } from 'zod';
import { MentoringModel, Owner, Pattern, QuestionPurpose, SafetyCategory, SessionKind, Situation } from '../taxonomy.ts';

/**
 * The structured material of a document, in its frontmatter: what the coaching engines
 * compose answers from without a language model. Every item is optional per document, and
 * each is validated as strictly as the rest of the frontmatter.
 */
export { Pattern, SafetyCategory } from '../taxonomy.ts';

const Sentence = z.string().trim().min(10).max(320);
const OpenQuestion = z.string().trim().min(10).max(240).regex(/\?$/, 'must end with a question mark');

/**
 * The person's own words an action may carry: `{goal}` (the goal's title), `{blocker}` (the
 * blocker they named), `{question}` (what they asked), `{action}` (an action item they agreed
 * with their mentor and have not done), `{missing}` (what a vague goal lacks, in the coach's
 * words: "a target date") and `{found}` (the title of the document the search found for their
 * blocker or question; the step then cites that document). An action with one is offered only
 * where that value exists, the person's words filled in quotes, so that the step speaks of what
 * they wrote.
 */
export const ACTION_SLOTS = ['goal', 'blocker', 'question', 'action', 'missing', 'found'] as const;
export type ActionSlot = (typeof ACTION_SLOTS)[number];
export const SLOT = /\{(goal|blocker|question|action|missing|found)\}/g;

const slotCache = new WeakMap<{ text: string }, ActionSlot[]>();

/** The slots an action's text carries, read once per action. */
export function slotsOf(action: { text: string }): ActionSlot[] {
  let slots = slotCache.get(action);
  if (!slots) slotCache.set(action, (slots = [...action.text.matchAll(SLOT)].map((match) => match[1] as ActionSlot)));
  return slots;
}

/**
 * Kinds of blocker with a way round of their own (server/coach/blocker-kind.ts): a health limit
 * (and one on which whoever treats it has already advised), a choice not made yet, money, nobody
 * to ask, waiting on paperwork, a skill not there yet, a feeling, another person, the time,
 * place or tools around the work, and work put off rather than stuck.
 */
export const BLOCKER_KINDS = [
  'health',
  'advised',
  'choice',
  'money',
  'contacts',
  'waiting',
  'skill',
  'feeling',
  'person',
  'circumstance',
  'avoidance',
] as const;
export type BlockerKind = (typeof BLOCKER_KINDS)[number];

/** A small next step: starts with a verb, doable within a week. */
export const Action = z.strictObject({
  text: Sentence.regex(/^[A-Z][a-z]+\b/, 'must start with a capitalised verb')
    .refine((text) => !/^(You|Your|I|We|It|This|That|The|A|An|If|When|Try to)\b/.test(text), 'must start with a verb (not a pronoun, article or condition)')
    .refine((text) => !/[{}]/.test(text.replace(SLOT, '')), 'braces only around a slot: {goal}, {blocker}, {question}, {action}, {missing} or {found}'),
  /** The situation in words a person would recognise, shown as the step's "why". */
  when: z.string().trim().min(8).max(200),
  /** Machine-readable situations the engines match against a participant's state. */
  fits: z.array(Situation).min(1).max(4),
  /** Only for blockers of these kinds (and then ahead of a way round any blocker); without it, for any. */
  forBlockers: z.array(z.enum(BLOCKER_KINDS)).min(1).optional(),
});

export const Question = z.strictObject({ text: OpenQuestion, purpose: QuestionPurpose });

/** One time-boxed item of a session agenda. */
export const AgendaBlock = z.strictObject({
  title: z.string().trim().min(3).max(80),
  minutes: z.number().int().min(2).max(60),
  purpose: Sentence,
  sessions: z.array(SessionKind).min(1),
  models: z.array(MentoringModel).min(1),
  owner: Owner,
  prompts: z.array(OpenQuestion).min(1).max(5),
  /**
   * The block gives each partner a turn with their own topics (a peer exchange). The coach's
   * agendas are built from one mentee's record, which cannot fill the other partner's turn: such a
   * block is for reading, and agendas are composed without it.
   */
  takesTurns: z.boolean().optional(),
});

/** Reframes of one thinking pattern: how it sounds, gentler alternatives, Socratic questions. */
export const ReframeSet = z.strictObject({
  pattern: Pattern,
  examples: z.array(Sentence).min(2).max(6),
  reframes: z.array(Sentence).min(3).max(8),
  questions: z.array(OpenQuestion).min(1).max(5),
});

/** What a mentor does and avoids after a disclosure, and what the participant is told. */
export const Safeguarding = z.strictObject({
  categories: z.array(SafetyCategory).min(1),
  do: z.array(Sentence).min(3),
  avoid: z.array(Sentence).min(3),
  participantMessage: z.string().trim().min(40).max(600),
});

export const Material = {
  actions: z.array(Action).min(1).max(12).optional(),
  questions: z.array(Question).min(1).max(40).optional(),
  agendaBlocks: z.array(AgendaBlock).min(1).max(12).optional(),
  reframes: z.array(ReframeSet).min(1).max(11).optional(),
  safeguarding: Safeguarding.optional(),
};

export type Action = z.infer<typeof Action>;
export type Question = z.infer<typeof Question>;
export type AgendaBlock = z.infer<typeof AgendaBlock>;
export type ReframeSet = z.infer<typeof ReframeSet>;
export type Safeguarding = z.infer<typeof Safeguarding>;

export const materialKeys = ['actions', 'questions', 'agendaBlocks', 'reframes', 'safeguarding'] as const;
export type MaterialKey = (typeof materialKeys)[number];
