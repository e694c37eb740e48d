import type { Context, TypedResponse } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { JSONParsed } from 'hono/utils/types';
import type { z } from 'zod';
import type { AppEnv } from '../app-env.ts';
import { type Principal, siteOf } from '../auth/index.ts';
import type { Library } from '../coach/library.ts';
import type { ResourceIndex, SearchMode, SearchResult } from '../retrieval/index.ts';
import { searchResources } from '../retrieval/index.ts';
import { mergeReadings, type SafetyFinding, type Understood } from '../understanding/understanding.ts';
import type { CoachEngine, OnPart, Retrieved, Search } from './engine.ts';
import type { Citation, Safety, SuggestedResource } from './schemas.ts';

/** What one coaching request works with, read once at its start. */
export interface CoachCall {
  principal: Principal;
  siteId: string;
  now: Date;
  index: ResourceIndex;
  library: Library;
  engine: CoachEngine;
  /** The library, searched as this caller may search it (a site that turned models off searches by words). */
  search(query: string, limit: number, options?: { role?: string; stage?: string }): Promise<SearchResult[]>;
}

/** The coaching part of an answer as an engine composed it, before resources and safety are added. */
type Composed<Answer> = Omit<Answer, 'resources' | 'safety' | 'engine'> & { engine?: 'offline' | 'llm' };

/**
 * One coaching route, as the steps of the pipeline see it: what it loads, what it screens,
 * what it retrieves, how it composes, and how its answer streams.
 */
export interface CoachRoute<Request, Loaded, Answer extends { engine: string; fallbackReason?: string }> {
  answer: z.ZodType<Answer>;
  /** The SSE event of each part (`step`, `item`, `reframe`), and the parts of a whole answer. */
  part: string;
  partsOf(answer: Answer): unknown[];
  /** Who reads a flagged answer's message: a participant, or a mentor planning a session. */
  reader: 'mentee' | 'mentor';
  /** Checks access and reads what the answer is about (bounded reads), with the texts to screen and what the local screen found. */
  load(request: Request, call: CoachCall): Promise<{ loaded: Loaded; texts: string[]; local: Understood }>;
  /** The request's one retrieval: its query (empty: none), the reader's role as a boost, the relationship's stage. */
  retrieval(request: Request, loaded: Loaded, call: CoachCall): { query: string; role: string; stage?: string };
  /** The answer when the screen flagged a text: no coaching, the site's contacts and what to do. */
  flagged(request: Request, loaded: Loaded, safety: { safety: Safety; citations: Citation[] }): Answer;
  compose(
    request: Request,
    loaded: Loaded,
    // `search` searches as the retrieval does (the same role and stage), for the engine's own queries.
    work: { call: CoachCall; understood: Understood; found: Retrieved; search: Search; onPart?: OnPart; spentMs: number },
  ): Promise<Composed<Answer> & Partial<Answer>>;
}

export interface PipelineServices {
  now(): Date;
  knowledge(): { index: ResourceIndex; library: Library };
  engineFor(siteId: string): Promise<CoachEngine>;
  searchModeFor(principal: Principal): Promise<SearchMode | undefined>;
  safetyAnswer(siteId: string, finding: SafetyFinding, reader: 'mentee' | 'mentor', library: Library): Promise<{ safety: Safety; citations: Citation[] }>;
}

/** What a coach route answers, as its route declares it (see `respond`). */
export type Answered<T> = Response & TypedResponse<JSONParsed<T>, 200, 'json'>;

/**
 * Every coaching answer goes the same way: load, screen, retrieve once, compose, validate,
 * respond. The request reads one snapshot of the index and library throughout, and its one
 * retrieval gives both the answer's resources and the engine's results for that query.
 */
export function coachPipeline(services: PipelineServices) {
  return function answer<Request, Loaded, Answer extends { engine: string; fallbackReason?: string }>(route: CoachRoute<Request, Loaded, Answer>) {
    return async (c: Context<AppEnv>, request: Request): Promise<Answered<Answer>> => {
      // 503 before a stream opens, not a stream that breaks: the index and library must be loaded.
      const { index, library } = services.knowledge();
      const principal = c.get('principal');
      const siteId = siteOf(principal);
      const engine = await services.engineFor(siteId);
      let mode: Promise<SearchMode | undefined> | undefined;
      const call: CoachCall = {
        principal,
        siteId,
        now: services.now(),
        index,
        library,
        engine,
        search: async (query, limit, options = {}) => {
          mode ??= services.searchModeFor(principal);
          return searchResources(index, { query, limit, ...options, mode: await mode });
        },
      };

      const { loaded, texts, local } = await route.load(request, call);
      const { understood, spentMs } = await withModelReading(engine, texts, local);
      if (understood.safety) {
        const safety = await services.safetyAnswer(siteId, understood.safety, route.reader, library);
        return respond(c, route, async () => route.flagged(request, loaded, safety));
      }
      return respond(c, route, async (onPart) => {
        const { query, role, stage } = route.retrieval(request, loaded, call);
        const found: Retrieved = { query, results: query.trim() ? await call.search(query, 3, { role, stage }) : [] };
        const search: Search = (text, limit) => call.search(text, limit, { role, stage });
        const coaching = await route.compose(request, loaded, { call, understood, found, search, onPart, spentMs });
        return {
          ...coaching,
          resources: found.results.map(suggested),
          safety: { flagged: false },
          engine: coaching.engine ?? engine.name,
        };
      });
    };
  };
}

function suggested({ id, title, format, snippet, url }: SearchResult): SuggestedResource {
  return { id, title, format: format as SuggestedResource['format'], snippet, ...(url ? { url } : {}) };
}

/**
 * What the local screen understood, with a configured model's reading merged in: flagged if
 * either flags. A text the local screen already flagged is not sent: the person waiting on
 * the answer needs the contacts, not a second opinion.
 */
async function withModelReading(engine: CoachEngine, texts: string[], local: Understood): Promise<{ understood: Understood; spentMs: number }> {
  if (local.safety || !engine.understand) return { understood: local, spentMs: 0 };
  const started = performance.now();
  const remote = await engine.understand(texts);
  return { understood: mergeReadings(local, remote), spentMs: performance.now() - started };
}

/**
 * The answer, checked against its schema (an engine bug is a 500 here, never a malformed
 * answer), as JSON or, when asked, as Server-Sent Events: one event per part (`step`, `item`,
 * `reframe`) as each is ready, then `result` with the whole answer. A model's parts come as it
 * writes them, each already whole, validated and screened; the offline engine's come together
 * at the end. `result` is what counts: when a model's answer is refused after some of its
 * parts were shown, `result` holds the offline answer that replaces them.
 *
 * Both branches are cast to the route's declared answer: TypeScript cannot relate `c.json`'s
 * type to it for a generic answer, and the stream carries this same answer.
 */
async function respond<Answer extends { engine: string; fallbackReason?: string }>(
  c: Context<AppEnv>,
  route: Pick<CoachRoute<unknown, unknown, Answer>, 'answer' | 'part' | 'partsOf'>,
  // Unchecked until here: the route's schema makes it an Answer.
  compute: (onPart?: OnPart) => Promise<unknown>,
): Promise<Answered<Answer>> {
  if (!(c.req.header('accept') ?? '').includes('text/event-stream')) {
    const checked = route.answer.parse(await compute());
    c.header('X-Coach-Engine', checked.engine);
    if (checked.fallbackReason) c.header('X-Coach-Fallback', checked.fallbackReason);
    return c.json(checked as JSONParsed<Answer>, 200) as Answered<Answer>;
  }
  return streamSSE(c, async (stream) => {
    let id = 0;
    let streamed = 0;
    // Parts can arrive faster than frames are written: a chain keeps them in order.
    let written = Promise.resolve();
    const send = (event: string, data: unknown) => {
      written = written.then(() => stream.writeSSE({ event, data: JSON.stringify(data), id: String(id++) }));
      return written;
    };
    const checked = route.answer.parse(
      await compute((part) => {
        streamed++;
        void send(route.part, part);
      }),
    );
    if (!streamed) for (const part of route.partsOf(checked)) void send(route.part, part);
    await send('result', checked);
  }) as Answered<Answer>;
}
