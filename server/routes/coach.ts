import type { z } from 'zod';
import { goalFor, isOpen, type Principal, pairingFor, participantFor, siteOf } from '../auth/index.ts';
import type { GoalState, OpenActionItem, PairingContext } from '../coach/context.ts';
import type { CoachEngine } from '../coach/engine.ts';
import type { Library } from '../coach/library.ts';
import { inlineGoals, pairingContext, participantContext, storedGoals } from '../coach/load-context.ts';
import { inferStage } from '../coach/offline/agenda.ts';
import { type CoachRoute, coachPipeline } from '../coach/pipeline.ts';
import { AgendaAnswer, AgendaRequest, NextStepsAnswer, NextStepsRequest, ReframeAnswer, ReframeRequest } from '../coach/schemas.ts';
import { screenContext } from '../coach/screen-context.ts';
import { ApiError } from '../errors.ts';
import { accessErrors, credentials, jsonAnswer, refusal } from '../openapi.ts';
import type { Services } from '../services.ts';
import type { Participant } from '../store/index.ts';
import { localUnderstanding, type SafetyFinding, type Understood } from '../understanding/understanding.ts';
import { defineRoute, jsonBody, router } from './router.ts';
import { searchModeFor } from './search-mode.ts';

const errors = accessErrors('No such participant, pairing or goal in this site');
const streaming = 'JSON; or, with Accept: text/event-stream, Server-Sent Events: one event per part as it is ready, then one `result` event holding this JSON.';
/** The answer as JSON; the same answer can come as Server-Sent Events (server/coach/pipeline.ts, `respond`). */
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
  { ...errors },
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
  { 409: refusal('The pairing is paused or ended (`pairing_not_open`): no agenda until it is active again'), ...errors },
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
  { ...errors },
);

const DEFAULT_SAFETY_MESSAGE =
  'Thank you for telling us. What you describe matters, and you deserve support from a person right now. ' +
  'Please contact the people below. If you or someone else is in immediate danger, call your local emergency number.';

const nothingUnderstood = (local: SafetyFinding | undefined): Understood => ({ ...(local ? { safety: local } : {}), patterns: [] });

/**
 * The three coaching routes, each a route of the one pipeline (server/coach/pipeline.ts):
 * what it loads and screens, what it retrieves, and how its engine composes.
 */
export function coachRoutes(services: Services, offline: CoachEngine, model?: CoachEngine) {
  const { store } = services;
  const now = () => services.now?.() ?? new Date();
  const answer = coachPipeline({
    now,
    knowledge: () => services.knowledge.forCoaching(),
    // The model when one is configured and the site has not switched it off; else offline.
    engineFor: async (siteId) => (model && (await store.sites.get(siteId))?.modelEnabled ? model : offline),
    searchModeFor: (principal) => searchModeFor(services, principal),
    safetyAnswer,
  });

  /**
   * The flagged answer: the site's contacts and a calm message. A participant reads the message
   * written for them; a mentor planning a session reads what to do first. Who saw the danger,
   * and in which words, goes with it.
   */
  async function safetyAnswer(siteId: string, finding: SafetyFinding, reader: 'mentee' | 'mentor', library: Library) {
    const { category, seenBy, quote } = finding;
    const site = await store.sites.get(siteId);
    const guidance = library.safeguardingFor(category, reader);
    const flag = { flagged: true, category, seenBy, ...(quote ? { quote } : {}), contacts: site?.safeguardingContacts ?? [] };
    if (reader === 'mentor' && guidance) {
      const message = `This needs your program's safeguarding route before any agenda. ${guidance.item.do.slice(0, 3).join(' ')} Contact the people below today.`;
      return { safety: { ...flag, message }, citations: [guidance.source] };
    }
    return { safety: { ...flag, message: guidance?.item.participantMessage ?? DEFAULT_SAFETY_MESSAGE }, citations: guidance ? [guidance.source] : [] };
  }

  type NextStepsLoaded = { goals: GoalState[]; participant?: Participant; pair?: PairingContext; agreed: OpenActionItem[] };
  const nextSteps: CoachRoute<NextStepsRequest, NextStepsLoaded, NextStepsAnswer> = {
    answer: NextStepsAnswer,
    part: 'step',
    partsOf: (body) => body.steps,
    reader: 'mentee',
    async load(request, { principal, siteId, now: at }) {
      const participant = await subject(principal, request.participantId);
      if (!participant && !request.goals?.length && !request.progress?.length && !request.question) {
        throw new ApiError(400, 'validation_failed', 'Send a participantId, or goals, progress or a question inline.', [
          { path: 'participantId', message: 'required with a site key when nothing is sent inline' },
        ]);
      }
      const pair = participant ? await menteePairing(siteId, participant, at) : undefined;
      // What the mentee agreed at the last session and has not done: their own part of the plan.
      const agreed = pair?.openActionItems.filter((item) => item.owner !== 'mentor') ?? [];
      const { goals, safety, texts } = screenContext(
        {
          goals: [...(participant ? await storedGoals(store, siteId, participant) : []), ...inlineGoals(request.goals, request.progress, at)],
          asked: [request.question],
          actionItems: agreed,
        },
        at,
      );
      return { loaded: { goals, participant, pair, agreed }, texts, local: nothingUnderstood(safety) };
    },
    retrieval: (request, { goals }) => ({
      query:
        request.question ??
        goals
          .filter((goal) => goal.status === 'active')
          .map((goal) => `${goal.title}. ${goal.checkIns[0]?.blockers ?? ''}`)
          .join(' '),
      role: 'mentee',
    }),
    flagged: (_request, _loaded, safety) => ({ steps: [], resources: [], ...safety, engine: 'offline' }),
    async compose(request, { goals, participant, pair, agreed }, { call, found, search, onPart, spentMs }) {
      const context = participantContext(participant?.id ?? call.siteId, goals, call.now, {
        name: participant?.displayName,
        agreed,
        lastMetAt: pair?.lastMetAt,
      });
      return call.engine.nextSteps({ context, question: request.question, search, found, onPart, spentMs });
    },
  };

  type AgendaLoaded = { goals: GoalState[]; mentee?: Participant; pairing: PairingContext };
  const agenda: CoachRoute<AgendaRequest, AgendaLoaded, AgendaAnswer> = {
    answer: AgendaAnswer,
    part: 'item',
    partsOf: (body) => body.items,
    reader: 'mentor',
    async load(request, { principal, siteId, now: at }) {
      if (principal.kind === 'participant' && principal.role !== 'mentor') {
        throw new ApiError(403, 'forbidden', 'Agendas are for mentors: a mentee token cannot ask for one.');
      }
      const { mentee, pairing } = await agendaSubject(principal, request.pairingId, request.menteeId, request.model, at);
      if (!mentee && !request.goals?.length && !request.progress?.length) {
        throw new ApiError(400, 'validation_failed', "Send a pairingId or menteeId, or the mentee's goals inline.", [
          { path: 'pairingId', message: 'required when no goals are sent inline' },
        ]);
      }
      const { goals, safety, texts } = screenContext(
        {
          goals: [...(mentee ? await storedGoals(store, siteId, mentee) : []), ...inlineGoals(request.goals, request.progress, at)],
          asked: [request.focus],
          actionItems: pairing.openActionItems,
        },
        at,
      );
      return { loaded: { goals, mentee, pairing }, texts, local: nothingUnderstood(safety) };
    },
    retrieval(request, { goals, pairing }) {
      const sessionStage = request.stage ?? inferStage(pairing, goals, request.focus);
      const stage = sessionStage === 'kickoff' ? 'getting-started' : sessionStage === 'closing' ? 'closing' : 'active';
      const query = [request.focus, ...goals.filter((goal) => goal.status === 'active').map((goal) => goal.title)].filter(Boolean).join('. ');
      return { query: query || 'session agenda', role: 'mentor', stage };
    },
    flagged: (request, { goals, pairing }, safety) => ({
      title: 'Safeguarding first',
      durationMinutes: request.durationMinutes,
      stage: request.stage ?? inferStage(pairing, goals, request.focus),
      model: pairing.model,
      items: [],
      preparation: [],
      followUps: [],
      resources: [],
      ...safety,
      engine: 'offline',
    }),
    async compose(request, { goals, mentee, pairing }, { call, onPart, spentMs }) {
      const context = participantContext(mentee?.id ?? call.siteId, goals, call.now, { name: mentee?.displayName });
      const stage = request.stage ?? inferStage(pairing, goals, request.focus);
      return call.engine.agenda({
        context,
        pairing,
        durationMinutes: request.durationMinutes,
        stage,
        focus: request.focus,
        menteeName: mentee?.displayName,
        onPart,
        spentMs,
      });
    },
  };

  const reframe: CoachRoute<ReframeRequest, undefined, ReframeAnswer> = {
    answer: ReframeAnswer,
    part: 'reframe',
    partsOf: (body) => body.reframes,
    reader: 'mentee',
    async load(request, { principal }) {
      if (request.goalId) await goalFor(store, principal, request.goalId);
      return { loaded: undefined, texts: [request.statement], local: localUnderstanding().read(request.statement) };
    },
    // The asker's own role; a site asking on someone's behalf reads as for a mentee.
    retrieval: (request, _loaded, { principal }) => ({ query: request.statement, role: principal.kind === 'participant' ? principal.role : 'mentee' }),
    flagged: (_request, _loaded, safety) => ({ patterns: [], evidence: [], reframes: [], resources: [], ...safety, engine: 'offline' }),
    async compose(request, _loaded, { call, understood, onPart, spentMs }) {
      const { principal, siteId } = call;
      const seed = principal.kind === 'participant' ? principal.participantId : siteId;
      const coaching = await call.engine.reframe({
        statement: request.statement,
        seed,
        patterns: understood.patterns.map((finding) => finding.pattern),
        onPart,
        spentMs,
      });
      const evidence = understood.patterns.filter((finding) => coaching.patterns.includes(finding.pattern));
      return { ...coaching, evidence };
    },
  };

  const nextStepsAnswer = answer(nextSteps);
  const agendaAnswer = answer(agenda);
  const reframeAnswer = answer(reframe);
  return router()
    .openapi(nextStepsRoute, (c) => nextStepsAnswer(c, c.req.valid('json')))
    .openapi(agendaRoute, (c) => agendaAnswer(c, c.req.valid('json')))
    .openapi(reframeRoute, (c) => reframeAnswer(c, c.req.valid('json')));

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
  async function menteePairing(siteId: string, participant: Participant, at: Date): Promise<PairingContext | undefined> {
    const pairing = participant.role === 'mentee' ? await openPairingOf(siteId, participant.id) : undefined;
    return pairing ? pairingContext(store, siteId, pairing, at) : undefined;
  }

  /** The mentee and pairing of an agenda; a mentor may only plan for their own open pairings. */
  async function agendaSubject(
    principal: Principal,
    pairingId: string | undefined,
    menteeId: string | undefined,
    model: string | undefined,
    at: Date,
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
    const context = await pairingContext(store, siteId, pairing, at);
    return { mentee, pairing: { ...context, model: (model ?? context.model) as PairingContext['model'] } };
  }
}
