import { z } from 'zod';
import { Pattern } from '../corpus/material.ts';
import { Id } from '../routes/pagination.ts';
import { GoalStatus, IsoDate, SafeguardingContact } from '../store/records.ts';
import { Format, MentoringModel } from '../taxonomy.ts';
import { Text } from '../text-field.ts';

/**
 * The requests and answers of the three coaching routes, shared by every engine: the offline
 * engine builds these shapes, the language-model engine must return them (and is checked).
 */

/** A goal sent inline by a host that keeps its own data. */
export const InlineGoal = z.strictObject({
  id: Text(100).optional(),
  title: Text(200),
  description: Text(2000).optional(),
  measure: Text(500).optional(),
  targetDate: IsoDate.optional(),
  status: GoalStatus.default('active'),
  progress: z.number().int().min(0).max(100).default(0),
});

/** A check-in sent inline; `goalId` ties it to an inline goal's `id`. */
export const InlineProgress = z.strictObject({
  goalId: Text(100).optional(),
  progress: z.number().int().min(0).max(100).optional(),
  confidence: z.number().int().min(1).max(5).optional(),
  wins: Text(2000).optional(),
  blockers: Text(2000).optional(),
  note: Text(4000).optional(),
  at: z.iso.datetime().optional(),
});

export const NextStepsRequest = z.strictObject({
  participantId: Id.optional(),
  question: Text(2000).optional(),
  goals: z.array(InlineGoal).max(20).optional(),
  progress: z.array(InlineProgress).max(50).optional(),
});

/** A review is the mid-point step back over the whole relationship: only when asked for, never inferred. */
export const SessionStage = z.enum(['kickoff', 'regular', 'review', 'closing']);

export const AgendaRequest = z.strictObject({
  pairingId: Id.optional(),
  menteeId: Id.optional(),
  durationMinutes: z.number().int().min(15).max(120),
  stage: SessionStage.optional(),
  model: MentoringModel.exclude(['any']).optional(),
  focus: Text(500).optional(),
  goals: z.array(InlineGoal).max(20).optional(),
  progress: z.array(InlineProgress).max(50).optional(),
});

export const ReframeRequest = z.strictObject({
  statement: Text(2000),
  goalId: Id.optional(),
});

export const Citation = z.object({ id: z.string(), title: z.string() }).meta({ id: 'Citation' });

/** Who noticed something in what a person wrote. */
export const SeenBy = z.array(z.enum(['local-model', 'rules', 'language-model'])).meta({
  id: 'SeenBy',
  description: 'local-model: the learned screen that ships with the server; rules: the safety phrasings; language-model: the configured model',
});

export const Safety = z
  .object({
    flagged: z.boolean(),
    category: z.enum(['self-harm', 'abuse', 'harassment', 'violence', 'medical-emergency']).optional(),
    message: z.string().optional(),
    contacts: z.array(SafeguardingContact).optional(),
    seenBy: SeenBy.optional(),
    quote: z.string().optional().meta({ description: "The writer's own words that carried the flag" }),
  })
  .meta({ id: 'Safety' });

export const PatternEvidence = z
  .object({
    pattern: Pattern,
    seenBy: SeenBy,
    quote: z.string().meta({ description: "The writer's own words that show the pattern (empty when no source could point at them)" }),
  })
  .meta({ id: 'PatternEvidence' });

export const SuggestedResource = z
  .object({
    id: z.string(),
    title: z.string(),
    format: Format,
    snippet: z.string(),
    url: z.string().optional(),
  })
  .meta({ id: 'SuggestedResource' });

export const Engine = z.enum(['offline', 'llm']);

export const Step = z
  .object({
    text: z.string().meta({ description: 'What to do, verb first, doable within a week' }),
    why: z.string().meta({ description: "Why this step, in the participant's own terms" }),
    kind: z.enum(['sharpen', 'restart', 'reframe', 'unblock', 'finish', 'celebrate', 'next-goal', 'progress', 'start', 'question']),
    goalId: z.string().optional(),
    goal: z.string().optional().meta({ description: 'Title of the goal the step serves' }),
    citations: z.array(Citation),
  })
  .meta({ id: 'Step' });

export const ReframeSuggestion = z
  .object({
    pattern: Pattern.optional(),
    text: z.string(),
    question: z.string(),
    citations: z.array(Citation),
  })
  .meta({ id: 'ReframeSuggestion' });

/** What every coaching answer carries besides its own content. */
const answerCommon = {
  resources: z.array(SuggestedResource),
  safety: Safety,
  engine: Engine,
  /** Set when a model was configured but the offline engine answered, and why. */
  fallbackReason: z.string().optional(),
  promptVersion: z.string().optional(),
  citations: z.array(Citation),
};

export const NextStepsAnswer = z
  .object({
    steps: z.array(Step).max(5),
    reframe: ReframeSuggestion.optional(),
    ...answerCommon,
  })
  .meta({ id: 'NextStepsAnswer' });

export const Owner = z.enum(['mentor', 'mentee', 'both']);
export const Task = z.object({ owner: Owner, text: z.string() }).meta({ id: 'Task' });

export const AgendaItem = z
  .object({
    minutes: z.number().int().min(1),
    title: z.string(),
    purpose: z.string().optional(),
    prompts: z.array(z.string()),
    owner: Owner,
    citations: z.array(Citation),
  })
  .meta({ id: 'AgendaItem' });

export const AgendaAnswer = z
  .object({
    title: z.string(),
    durationMinutes: z.number().int(),
    stage: SessionStage,
    model: MentoringModel,
    items: z.array(AgendaItem),
    preparation: z.array(Task),
    followUps: z.array(Task),
    ...answerCommon,
  })
  .meta({ id: 'AgendaAnswer' });

export const ReframeAnswer = z
  .object({
    patterns: z.array(Pattern),
    evidence: z.array(PatternEvidence).meta({ description: 'For each pattern, who noticed it and the words that show it' }),
    reframes: z.array(ReframeSuggestion),
    nextAction: z.object({ text: z.string(), citations: z.array(Citation) }).optional(),
    message: z.string().optional().meta({ description: 'A supportive word, always present unless flagged' }),
    ...answerCommon,
  })
  .meta({ id: 'ReframeAnswer' });

export type InlineGoal = z.infer<typeof InlineGoal>;
export type InlineProgress = z.infer<typeof InlineProgress>;
export type NextStepsRequest = z.infer<typeof NextStepsRequest>;
export type AgendaRequest = z.infer<typeof AgendaRequest>;
export type ReframeRequest = z.infer<typeof ReframeRequest>;
export type Citation = z.infer<typeof Citation>;
export type Safety = z.infer<typeof Safety>;
export type SuggestedResource = z.infer<typeof SuggestedResource>;
export type Step = z.infer<typeof Step>;
export type ReframeSuggestion = z.infer<typeof ReframeSuggestion>;
export type NextStepsAnswer = z.infer<typeof NextStepsAnswer>;
export type AgendaItem = z.infer<typeof AgendaItem>;
export type AgendaAnswer = z.infer<typeof AgendaAnswer>;
export type ReframeAnswer = z.infer<typeof ReframeAnswer>;
export type SessionStage = z.infer<typeof SessionStage>;
export type Task = z.infer<typeof Task>;
