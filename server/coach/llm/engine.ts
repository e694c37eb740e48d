import type { z } from 'zod';
import type { Logger } from '../../logger.ts';
import { uniqueCitations } from '../choose.ts';
import type { ParticipantContext } from '../context.ts';
import { type CoachEngine, type CoachingPart, type OnPart, resultsFor } from '../engine.ts';
import type { Library } from '../library.ts';
import { screen } from '../safety.ts';
import { AgendaAnswer, AgendaItem, type Citation, NextStepsAnswer, ReframeAnswer, ReframeSuggestion, Step } from '../schemas.ts';
import { askForJson, type ModelCallOptions, ModelFailure, type StreamedElements } from './model-call.ts';
import type { PromptSet } from './prompts.ts';
import { readWithModel } from './understand.ts';

export interface LlmEngineOptions {
  call: ModelCallOptions;
  prompts: PromptSet;
  offline: CoachEngine;
  library: () => Library;
  logger: Logger;
}

/**
 * The language-model engine: the offline engine composes a draft from the corpus, the model
 * makes it personal, and the result must pass the same schema, cite only passages it was
 * given, and pass the safety screen. On any failure the draft is the answer, marked with the
 * reason, so a configured model can make answers better but never makes them fail.
 */
export function createLlmEngine(options: LlmEngineOptions): CoachEngine {
  const { call, prompts, offline, logger } = options;

  /** The call's options with what is left of the answer's time budget after its reading. */
  const within = (spentMs = 0): ModelCallOptions => (spentMs > 0 ? { ...call, budgetMs: Math.max(1, Math.round(call.budgetMs - spentMs)) } : call);
  const passagesOf = (ids: Iterable<string>) => [...new Set(ids)].flatMap((id) => options.library().passage(id) ?? []);
  const keepKnown = (citations: Citation[], allowed: Set<string>) =>
    citations.filter((citation) => allowed.has(citation.id)).map((citation) => options.library().citation(citation.id)!);

  /**
   * Streams a piece of the model's answer only once it is whole, fits its schema (citations
   * narrowed to the passages given) and passes the safety screen; anything else waits for the
   * final answer, which is checked as a whole.
   */
  function checkedPieces<P extends { citations: Citation[] }>(
    key: string,
    schema: z.ZodType<P>,
    allowed: Set<string>,
    onPart?: OnPart,
  ): StreamedElements | undefined {
    if (!onPart) return undefined;
    return {
      key,
      emit(element) {
        const parsed = schema.safeParse(element);
        if (!parsed.success) return;
        const piece = { ...parsed.data, citations: keepKnown(parsed.data.citations, allowed) };
        if (!screen(...stringsOf(piece)).flagged) onPart(piece);
      },
    };
  }

  async function attempt<T>(draft: CoachingPart<T>, promptId: string, run: () => Promise<CoachingPart<T>>): Promise<CoachingPart<T>> {
    try {
      const answer = await run();
      // Each of the model's sentences on its own: joined, one sentence's context would excuse another's.
      // The rules, not the learned screen: it learned from what people write, not a coach's prose.
      if (screen(...stringsOf(answer)).flagged) throw new ModelFailure('output_flagged', "the model's answer did not pass the safety screen");
      return { ...answer, engine: 'llm', promptVersion: promptId };
    } catch (error) {
      const failure = error instanceof ModelFailure ? error : new ModelFailure('model_error', String(error));
      logger.warn('model answer not used, offline answer given', { reason: failure.reason, detail: failure.message, prompt: promptId });
      return { ...draft, engine: 'offline', fallbackReason: failure.reason };
    }
  }

  return {
    name: 'llm',
    async understand(texts) {
      if (!texts.length) return undefined;
      try {
        return await readWithModel(call, prompts.understanding, texts);
      } catch (error) {
        const failure = error instanceof ModelFailure ? error : new ModelFailure('model_error', String(error));
        logger.warn('model reading not used, the local screen decides alone', {
          reason: failure.reason,
          detail: failure.message,
          prompt: prompts.understanding.id,
        });
        return undefined;
      }
    },
    async nextSteps(input) {
      const draft = await offline.nextSteps(input);
      const found = input.question ? await resultsFor(input, input.question) : [];
      const passages = passagesOf([...draft.citations.map((citation) => citation.id), ...found.map((result) => result.id)]);
      const allowed = new Set(passages.map((passage) => passage.id));
      const schema = NextStepsAnswer.pick({ steps: true, reframe: true });
      return attempt(draft, prompts.nextSteps.id, async () => {
        const prompt = prompts.nextSteps.render({
          participant: participantData(input.context, input.question),
          passages,
          draft: { steps: draft.steps, reframe: draft.reframe },
        });
        const answer = await askForJson(
          within(input.spentMs),
          prompt,
          schema,
          'next_steps',
          (value) => (value.steps.length < 3 ? 'steps: give 3 to 5 steps' : undefined),
          checkedPieces('steps', Step, allowed, input.onPart),
        );
        const steps = answer.steps.map((step) => ({ ...step, citations: keepKnown(step.citations, allowed) }));
        const reframe = answer.reframe && { ...answer.reframe, citations: keepKnown(answer.reframe.citations, allowed) };
        return {
          steps,
          ...(reframe ? { reframe } : {}),
          citations: uniqueCitations([...steps.flatMap((step) => step.citations), ...(reframe?.citations ?? [])]),
        };
      });
    },
    async agenda(input) {
      const draft = await offline.agenda(input);
      const passages = passagesOf(draft.citations.map((citation) => citation.id));
      const allowed = new Set(passages.map((passage) => passage.id));
      const schema = AgendaAnswer.pick({ title: true, items: true, preparation: true, followUps: true });
      return attempt(draft, prompts.agenda.id, async () => {
        const prompt = prompts.agenda.render({
          participant: { ...participantData(input.context), focus: input.focus },
          pairing: { model: input.pairing.model, session: draft.stage, durationMinutes: input.durationMinutes },
          passages,
          draft: { title: draft.title, items: draft.items, preparation: draft.preparation, followUps: draft.followUps },
        });
        const answer = await askForJson(
          within(input.spentMs),
          prompt,
          schema,
          'agenda',
          (value) => {
            const total = value.items.reduce((sum, item) => sum + item.minutes, 0);
            return total === input.durationMinutes ? undefined : `items: minutes add up to ${total}, not ${input.durationMinutes}`;
          },
          checkedPieces('items', AgendaItem, allowed, input.onPart),
        );
        const items = answer.items.map((item) => ({ ...item, citations: keepKnown(item.citations, allowed) }));
        return {
          ...answer,
          items,
          durationMinutes: input.durationMinutes,
          stage: draft.stage,
          model: draft.model,
          citations: uniqueCitations(items.flatMap((item) => item.citations)),
        };
      });
    },
    async reframe(input) {
      const draft = await offline.reframe(input);
      const passages = passagesOf(draft.citations.map((citation) => citation.id));
      const allowed = new Set(passages.map((passage) => passage.id));
      const schema = ReframeAnswer.pick({ reframes: true, nextAction: true, message: true });
      return attempt(draft, prompts.reframe.id, async () => {
        const prompt = prompts.reframe.render({
          statement: input.statement,
          passages,
          draft: { patterns: draft.patterns, reframes: draft.reframes, nextAction: draft.nextAction },
        });
        const answer = await askForJson(
          within(input.spentMs),
          prompt,
          schema,
          'reframe',
          (value) => (draft.patterns.length && !value.reframes.length ? 'reframes: give at least one' : undefined),
          checkedPieces('reframes', ReframeSuggestion, allowed, input.onPart),
        );
        const reframes = answer.reframes.map((reframe) => ({ ...reframe, citations: keepKnown(reframe.citations, allowed) }));
        const nextAction = answer.nextAction && { ...answer.nextAction, citations: keepKnown(answer.nextAction.citations, allowed) };
        return {
          patterns: draft.patterns,
          reframes,
          ...(nextAction ? { nextAction } : {}),
          ...(answer.message ? { message: answer.message } : {}),
          citations: uniqueCitations([...reframes.flatMap((reframe) => reframe.citations), ...(nextAction?.citations ?? [])]),
        };
      });
    },
  };
}

function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsOf);
  if (value && typeof value === 'object') return Object.values(value).flatMap(stringsOf);
  return [];
}

/**
 * The least the model needs: goals and recent check-ins, dated. No names, emails or the
 * host's ids leave the server.
 */
export function participantData(context: ParticipantContext, question?: string) {
  return {
    ...(question ? { question } : {}),
    goals: context.goals.map((goal) => ({
      ...(goal.id ? { goalId: goal.id } : {}),
      title: goal.title,
      description: goal.description,
      measure: goal.measure,
      targetDate: goal.targetDate,
      status: goal.status,
      progress: goal.progress,
      checkIns: goal.checkIns.slice(0, 3).map((checkIn) => ({
        date: checkIn.at.toISOString().slice(0, 10),
        progress: checkIn.progress,
        confidence: checkIn.confidence,
        wins: checkIn.wins,
        blockers: checkIn.blockers,
        note: checkIn.note,
      })),
    })),
    today: context.now.toISOString().slice(0, 10),
  };
}
