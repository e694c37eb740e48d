import type { SearchResult } from '../retrieval/index.ts';
import type { RemoteReading } from '../understanding/understanding.ts';
import type { PairingContext, ParticipantContext } from './context.ts';
import type { Pattern } from './pattern-names.ts';
import type { AgendaAnswer, NextStepsAnswer, ReframeAnswer, SessionStage } from './schemas.ts';

/** What every engine is given besides the participant: a way to search the library. */
export type Search = (query: string, limit: number) => Promise<SearchResult[]>;

/** The request's one retrieval, made before the engine composes (server/coach/pipeline.ts). */
export interface Retrieved {
  query: string;
  results: SearchResult[];
}

/** The results for `query`: the request's own retrieval when it is that query, else a search. */
export function resultsFor(input: { search: Search; found?: Retrieved }, query: string): Promise<SearchResult[]> {
  return input.found?.query === query ? Promise.resolve(input.found.results.slice(0, 3)) : input.search(query, 3);
}

/** Which engine answered, and why the offline one did when a model was asked first. */
export interface EngineNote {
  engine?: 'offline' | 'llm';
  fallbackReason?: string;
  promptVersion?: string;
}

export type CoachingPart<T> = Omit<T, 'safety' | 'engine' | 'resources' | 'evidence' | 'fallbackReason' | 'promptVersion'> & EngineNote;

/**
 * An engine composes the coaching part of the three answers; the route adds safety, resources
 * and the engine's name. The offline engine is the default; a language-model engine wraps it.
 */
/**
 * Called with each whole piece of an answer (a step, an agenda item, a reframe) once it has
 * passed its schema and the safety screen, for streaming to the reader: never raw model text.
 */
export type OnPart = (part: unknown) => void;

/** `spentMs`: how much of the answer's time budget the model's reading of the texts used. */
export interface CoachEngine {
  readonly name: 'offline' | 'llm';
  nextSteps(input: {
    context: ParticipantContext;
    question?: string;
    search: Search;
    /** The request's retrieval: not searched again. */
    found?: Retrieved;
    onPart?: OnPart;
    spentMs?: number;
  }): Promise<CoachingPart<NextStepsAnswer>>;
  agenda(input: {
    context: ParticipantContext;
    pairing: PairingContext;
    durationMinutes: number;
    stage?: SessionStage;
    focus?: string;
    menteeName?: string;
    onPart?: OnPart;
    spentMs?: number;
  }): Promise<CoachingPart<AgendaAnswer>>;
  /** `patterns` are those already noticed in the statement; without them the engine looks itself. */
  reframe(input: { statement: string; seed: string; patterns?: Pattern[]; onPart?: OnPart; spentMs?: number }): Promise<CoachingPart<ReframeAnswer>>;
  /**
   * A model's own reading of what a participant wrote (safety and thinking patterns), merged
   * with the local screen's; undefined when the model could not answer. Offline has none.
   */
  understand?(texts: string[]): Promise<RemoteReading | undefined>;
}
