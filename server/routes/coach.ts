import type { Context, TypedResponse } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { JSONParsed } from 'hono/utils/types';
import type { z } from 'zod';
import { goalFor, isOpen, type Principal, pairingFor, participantFor, siteOf } from '../auth/index.ts';
import type { PairingContext } from '../coach/context.ts';
import type { CoachEngine, OnPart, Search } from '../coach/engine.ts';
import { inlineGoals, pairingContext, participantContext, storedGoals } from '../coach/load-context.ts';
import { inferStage } from '../coach/offline/agenda.ts';
import {
  AgendaAnswer,
  AgendaRequest,
  NextStepsAnswer,
  NextStepsRequest,
  ReframeAnswer,
  ReframeRequest,
  type Safety,
  type SuggestedResource,
} from '../coach/schemas.ts';
import { screenContext } from '../coach/screen-context.ts';
import { ApiError } from '../errors.ts';
import { accessErrors, commonErrors, credentials, jsonAnswer, refusal } from '../openapi.ts';
import { type SearchResult, searchResources } from '../retrieval/index.ts';
import { type AppEnv, requireIndex, requireLibrary, type Services } from '../services.ts';
import type { Participant } from '../store/index.ts';
import { localUnderstanding, mergeReadings, type SafetyFinding, type Understood } from '../understanding/understanding.ts';
import { defineRoute, jsonBody, router } from './router.ts';
import { searchModeFor } from './search-mode.ts';

const errors = accessErrors('No such participant, pairing or goal in this site');
const streaming = 'JSON; or, with Accept: text/event-stream, Server-Sent Events: one event per part as it is ready, then one `result` event holding this JSON.';
/** The answer as JSON; the same answer can come as Server-Sent Events (see `respond`). */
function coachAnswer<T extends z.ZodType>(schema: T) {
  return jsonAnswer(schema, streaming);
}

const nextStepsRoute = defineRoute(
  {
    method: 'post',
    path: '/v1/coach/next-steps',
    tags: ['coach'],
    security: credentials.siteOrParticipant,
    summary: 'Next steps for a mentee, from their goals and progress (site key or participant)',
    request: { body: jsonBody(NextStepsRequest) },
    responses: { 200: coachAnswer(NextStepsAnswer) },
  },
  { ...errors, ...commonErrors },
);
const agendaRoute = defineRoute(
  {
    method: 'post',
    path: '/v1/coach/agenda',
    tags: ['coach'],
    security: credentials.siteOrParticipant,
    summary: "A time-boxed agenda for a mentor's next session (site key or that mentor)",
    request: { body: jsonBody(AgendaRequest) },
    responses: { 200: coachAnswer(AgendaAnswer) },
  },
  { 409: refusal('The pairing is paused or ended (`pairing_not_open`): no agenda until it is active again'), ...errors, ...commonErrors },
);
const reframeRoute = defineRoute(
  {
    method: 'post',
    path: '/v1/coach/reframe',
    tags: ['coach'],
    security: credentials.siteOrParticipant,
    summary: 'Thinking patterns in a statement, reframes and a small next action (site key or participant)',
    request: { body: jsonBody(ReframeRequest) },
    responses: { 200: coachAnswer(ReframeAnswer) },
  },
  { ...errors, ...commonErrors },
);

const DEFAULT_SAFETY_MESSAGE =
  'Thank you for telling us. What you describe matters, and you deserve support from a person right now. ' +
  'Please contact the people below. If you or someone else is in immediate danger, call your local emergency number.';

/**
 * The three coaching routes: validate, authorise, load the participant's goals and progress,
 * screen for safety, then let the engine compose; resources and the safety block are added
 * here so that every engine's answer has them.
 */
export function coachRoutes(services: Services, offline: CoachEngine, model?: CoachEngine) {
  const { store } = services;
  const now = () => services.now?.() ?? new Date();

  /** 503 before a stream opens, not a stream that breaks: the index and library must be loaded. */
  function ready(): void {
    requireIndex(services);
    requireLibrary(services);
  }

  /** The model when one is configured and the site has not switched it off; else offline. */
  async function engineFor(siteId: string): Promise<CoachEngine> {
    if (!model) return offline;
    return (await store.sites.get(siteId))?.modelEnabled ? model : offline;
  }

  /**
   * What the local screen understood, with a configured model's reading merged in: flagged if
   * either flags. A text the local screen already flagged is not sent: the person waiting on
   * the answer needs the contacts, not a second opinion.
   */
  async function withModelReading(engine: CoachEngine, texts: string[], local: Understood): Promise<Understood & { spentMs: number }> {
    if (local.safety || !engine.understand) return { ...local, spentMs: 0 };
    const started = performance.now();
    const remote = await engine.understand(texts);
    return { ...mergeReadings(local, remote), spentMs: performance.now() - started };
  }

  /**
   * The flagged answer: the site's contacts and a calm message. A participant reads the message
   * written for them; a mentor planning a session reads what to do first. Who saw the danger,
   * and in which words, goes with it.
   */
  async function safetyAnswer(
    siteId: string,
    finding: SafetyFinding,
    reader: 'mentee' | 'mentor' = 'mentee',
  ): Promise<{ safety: Safety; citations: Array<{ id: string; title: string }> }> {
    const { category, seenBy, quote } = finding;
    const site = await store.sites.get(siteId);
    const guidance = requireLibrary(services).safeguardingFor(category, reader);
    const flag = { flagged: true, category, seenBy, ...(quote ? { quote } : {}), contacts: site?.safeguardingContacts ?? [] };
    if (reader === 'mentor' && guidance) {
      const message = `This needs your program's safeguarding route before any agenda. ${guidance.item.do.slice(0, 3).join(' ')} Contact the people below today.`;
      return { safety: { ...flag, message }, citations: [guidance.source] };
    }
    return { safety: { ...flag, message: guidance?.item.participantMessage ?? DEFAULT_SAFETY_MESSAGE }, citations: guidance ? [guidance.source] : [] };
  }

  /** One request's searches, each made once even when the engine and the route both ask. */
  /** The asker's role is a boost, not a filter: a mentee's question may be answered best by a page for mentors. */
  function searcher(principal: Principal, role: string, stage?: string) {
    const made = new Map<string, Promise<SearchResult[]>>();
    let mode: ReturnType<typeof searchModeFor> | undefined;
    return (query: string, limit: number) => {
      const key = `${limit}|${query}`;
      mode ??= searchModeFor(services, principal);
      if (!made.has(key))
        made.set(
          key,
          mode.then((chosen) => searchResources(requireIndex(services), { query, role, stage, limit, mode: chosen })),
        );
      return made.get(key)!;
    };
  }

  async function suggest(search: Search, query: string): Promise<SuggestedResource[]> {
    if (!query.trim()) return [];
    const results = await search(query, 3);
    return results.map(({ id, title, format, snippet, url }) => ({
      id,
      title,
      format: format as SuggestedResource['format'],
      snippet,
      ...(url ? { url } : {}),
    }));
  }

  return router()
    .openapi(nextStepsRoute, async (c) => {
      ready();
      const principal = c.get('principal');
      const request = c.req.valid('json');
      const siteId = siteOf(principal);
      const participant = await subject(principal, request.participantId);
      if (!participant && !request.goals?.length && !request.progress?.length && !request.question) {
        throw new ApiError(400, 'validation_failed', 'Send a participantId, or goals, progress or a question inline.', [
          { path: 'participantId', message: 'required with a site key when nothing is sent inline' },
        ]);
      }
      const pair = participant ? await menteePairing(siteId, participant) : undefined;
      // What the mentee agreed at the last session and has not done: their own part of the plan.
      const agreed = pair?.openActionItems.filter((item) => item.owner !== 'mentor') ?? [];
      const {
        goals,
        safety: local,
        texts,
      } = screenContext(
        {
          goals: [...(participant ? await storedGoals(store, siteId, participant) : []), ...inlineGoals(request.goals, request.progress, now())],
          asked: [request.question],
          actionItems: agreed,
        },
        now(),
      );
      const engine = await engineFor(siteId);
      const { safety: flagged, spentMs } = await withModelReading(engine, texts, { ...(local ? { safety: local } : {}), patterns: [] });
      if (flagged) {
        const safety = await safetyAnswer(siteId, flagged);
        return respond(
          c,
          NextStepsAnswer,
          async () => ({ steps: [], resources: [], ...safety, engine: 'offline' as const }),
          'step',
          (body) => body.steps,
        );
      }
      const context = participantContext(participant?.id ?? siteId, goals, now(), { name: participant?.displayName, agreed, lastMetAt: pair?.lastMetAt });
      const search = searcher(principal, 'mentee');
      const query =
        request.question ??
        goals
          .filter((goal) => goal.status === 'active')
          .map((goal) => `${goal.title}. ${goal.checkIns[0]?.blockers ?? ''}`)
          .join(' ');
      return respond(
        c,
        NextStepsAnswer,
        async (onPart) => {
          const [coaching, resources] = await Promise.all([
            engine.nextSteps({ context, question: request.question, search, onPart, spentMs }),
            suggest(search, query),
          ]);
          return { ...coaching, resources, safety: { flagged: false }, engine: coaching.engine ?? engine.name };
        },
        'step',
        (body) => body.steps,
      );
    })
    .openapi(agendaRoute, async (c) => {
      ready();
      const principal = c.get('principal');
      const request = c.req.valid('json');
      const siteId = siteOf(principal);
      if (principal.kind === 'participant' && principal.role !== 'mentor') {
        throw new ApiError(403, 'forbidden', 'Agendas are for mentors: a mentee token cannot ask for one.');
      }
      const { mentee, pairing } = await agendaSubject(principal, request.pairingId, request.menteeId, request.model);
      if (!mentee && !request.goals?.length && !request.progress?.length) {
        throw new ApiError(400, 'validation_failed', "Send a pairingId or menteeId, or the mentee's goals inline.", [
          { path: 'pairingId', message: 'required when no goals are sent inline' },
        ]);
      }
      const {
        goals,
        safety: local,
        texts,
      } = screenContext(
        {
          goals: [...(mentee ? await storedGoals(store, siteId, mentee) : []), ...inlineGoals(request.goals, request.progress, now())],
          asked: [request.focus],
          actionItems: pairing.openActionItems,
        },
        now(),
      );
      const engine = await engineFor(siteId);
      const { safety: flagged, spentMs } = await withModelReading(engine, texts, { ...(local ? { safety: local } : {}), patterns: [] });
      if (flagged) {
        const safety = await safetyAnswer(siteId, flagged, 'mentor');
        return respond(
          c,
          AgendaAnswer,
          async () => ({
            title: 'Safeguarding first',
            durationMinutes: request.durationMinutes,
            stage: request.stage ?? inferStage(pairing, goals, request.focus),
            model: pairing.model,
            items: [],
            preparation: [],
            followUps: [],
            resources: [],
            ...safety,
            engine: 'offline' as const,
          }),
          'item',
          (body) => body.items,
        );
      }
      const context = participantContext(mentee?.id ?? siteId, goals, now(), { name: mentee?.displayName });
      const sessionStage = request.stage ?? inferStage(pairing, goals, request.focus);
      const stage = sessionStage === 'kickoff' ? 'getting-started' : sessionStage === 'closing' ? 'closing' : 'active';
      const query = [request.focus, ...goals.filter((goal) => goal.status === 'active').map((goal) => goal.title)].filter(Boolean).join('. ');
      return respond(
        c,
        AgendaAnswer,
        async (onPart) => {
          const [coaching, resources] = await Promise.all([
            engine.agenda({
              context,
              pairing,
              durationMinutes: request.durationMinutes,
              stage: sessionStage,
              focus: request.focus,
              menteeName: mentee?.displayName,
              onPart,
              spentMs,
            }),
            suggest(searcher(principal, 'mentor', stage), query || 'session agenda'),
          ]);
          return { ...coaching, resources, safety: { flagged: false }, engine: coaching.engine ?? engine.name };
        },
        'item',
        (body) => body.items,
      );
    })
    .openapi(reframeRoute, async (c) => {
      ready();
      const principal = c.get('principal');
      const request = c.req.valid('json');
      const siteId = siteOf(principal);
      if (request.goalId) await goalFor(store, principal, request.goalId);
      const engine = await engineFor(siteId);
      const understood = await withModelReading(engine, [request.statement], localUnderstanding().read(request.statement));
      if (understood.safety) {
        const safety = await safetyAnswer(siteId, understood.safety);
        return respond(
          c,
          ReframeAnswer,
          async () => ({ patterns: [], evidence: [], reframes: [], resources: [], ...safety, engine: 'offline' as const }),
          'reframe',
          (body) => body.reframes,
        );
      }
      const seed = principal.kind === 'participant' ? principal.participantId : siteId;
      const audience = principal.kind === 'participant' ? principal.role : 'mentee';
      const patterns = understood.patterns.map((finding) => finding.pattern);
      return respond(
        c,
        ReframeAnswer,
        async (onPart) => {
          const [coaching, resources] = await Promise.all([
            engine.reframe({ statement: request.statement, seed, patterns, onPart, spentMs: understood.spentMs }),
            suggest(searcher(principal, audience), request.statement),
          ]);
          const evidence = understood.patterns.filter((finding) => coaching.patterns.includes(finding.pattern));
          return { ...coaching, evidence, resources, safety: { flagged: false }, engine: coaching.engine ?? engine.name };
        },
        'reframe',
        (body) => body.reframes,
      );
    });

  /** The participant an answer is about: the one named (if the caller may see them), or the caller. */
  async function subject(principal: Principal, participantId: string | undefined): Promise<Participant | undefined> {
    if (participantId) return participantFor(store, principal, participantId);
    if (principal.kind === 'participant') return participantFor(store, principal, principal.participantId);
    return undefined;
  }

  /** A mentee's open pairing (with this mentor, when one is named). */
  async function openPairingOf(siteId: string, menteeId: string, mentorId?: string) {
    const { items } = await store.pairings.list(siteId, { limit: 20 }, { participantId: menteeId });
    return items.find((candidate) => candidate.menteeId === menteeId && isOpen(candidate) && (!mentorId || candidate.mentorId === mentorId));
  }

  /** A mentee's open pairing, as far as it has come (none for a mentor or an unpaired mentee). */
  async function menteePairing(siteId: string, participant: Participant): Promise<PairingContext | undefined> {
    const pairing = participant.role === 'mentee' ? await openPairingOf(siteId, participant.id) : undefined;
    return pairing ? pairingContext(store, siteId, pairing, now()) : undefined;
  }

  /** The mentee and pairing of an agenda; a mentor may only plan for their own open pairings. */
  async function agendaSubject(
    principal: Principal,
    pairingId: string | undefined,
    menteeId: string | undefined,
    model: string | undefined,
  ): Promise<{ mentee?: Participant; pairing: PairingContext }> {
    const siteId = siteOf(principal);
    let pairing = pairingId ? await pairingFor(store, principal, pairingId, 'new') : undefined;
    if (!pairing && menteeId) {
      const mentee = await participantFor(store, principal, menteeId);
      const mentorId = principal.kind === 'participant' ? principal.participantId : undefined;
      pairing = await openPairingOf(siteId, mentee.id, mentorId);
      if (!pairing) {
        if (principal.kind === 'participant') throw new ApiError(403, 'forbidden', 'You are not paired with this mentee.');
        return { mentee, pairing: { model: (model ?? 'one-to-one') as PairingContext['model'], status: 'active', sessionsHeld: 0, openActionItems: [] } };
      }
    }
    if (pairing && principal.kind === 'participant' && pairing.mentorId !== principal.participantId) {
      throw new ApiError(403, 'forbidden', 'Only the mentor of this pairing can plan its sessions.');
    }
    if (!pairing) return { pairing: { model: (model ?? 'one-to-one') as PairingContext['model'], status: 'active', sessionsHeld: 0, openActionItems: [] } };
    const mentee = await store.participants.get(siteId, pairing.menteeId);
    const context = await pairingContext(store, siteId, pairing, now());
    return { mentee, pairing: { ...context, model: (model ?? context.model) as PairingContext['model'] } };
  }
}

/**
 * The answer, checked against its schema (an engine bug is a 500 here, never a malformed
 * answer), as JSON or, when asked, as Server-Sent Events: one event per part (`step`, `item`,
 * `reframe`) as each is ready, then `result` with the whole answer. A model's parts come as it
 * writes them, each already whole, validated and screened; the offline engine's come together
 * at the end. `result` is what counts: when a model's answer is refused after some of its
 * parts were shown, `result` holds the offline answer that replaces them.
 */
/**
 * What a coach route answers, as its route declares it. Both branches are cast: TypeScript cannot
 * relate `c.json`'s type to the declared one for a generic `T`, and the stream is the same answer.
 */
type Answered<T> = Response & TypedResponse<JSONParsed<T>, 200, 'json'>;

async function respond<T extends { engine: string; fallbackReason?: string }>(
  c: Context<AppEnv>,
  schema: z.ZodType<T>,
  compute: (onPart?: OnPart) => Promise<T>,
  partEvent: string,
  partsOf: (body: T) => unknown[],
): Promise<Answered<T>> {
  if (!(c.req.header('accept') ?? '').includes('text/event-stream')) {
    const checked = schema.parse(await compute());
    c.header('X-Coach-Engine', checked.engine);
    if (checked.fallbackReason) c.header('X-Coach-Fallback', checked.fallbackReason);
    return c.json(checked as JSONParsed<T>, 200) as Answered<T>;
  }
  // The stream carries this same answer, in parts and then whole (`result`): typed as the JSON
  // answer, so that the route, its document and the typed client have one answer type.
  return streamSSE(c, async (stream) => {
    let id = 0;
    let streamed = 0;
    // Parts can arrive faster than frames are written: a chain keeps them in order.
    let written = Promise.resolve();
    const send = (event: string, data: unknown) => {
      written = written.then(() => stream.writeSSE({ event, data: JSON.stringify(data), id: String(id++) }));
      return written;
    };
    const checked = schema.parse(
      await compute((part) => {
        streamed++;
        void send(partEvent, part);
      }),
    );
    if (!streamed) for (const part of partsOf(checked)) void send(partEvent, part);
    await send('result', checked);
  }) as Answered<T>;
}
