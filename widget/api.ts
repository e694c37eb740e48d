import { hc, type InferResponseType } from 'hono/client';
// Type-only: the server's routes and schemas give the client its types, and none of their
// code (nor zod) reaches the browser bundle.
import type { AppType } from '../server/app.ts';
import type { AgendaAnswer, NextStepsAnswer, ReframeAnswer } from '../server/coach/schemas.ts';
import { authorised, type Call, type ErrorPayload, failureOf, type TokenSource, withoutTrailingSlashes } from './request.ts';
import { postStream, type StreamListener } from './sse.ts';

export { CoachRequestError, type TokenSource } from './request.ts';

type Client = ReturnType<typeof hc<AppType>>;
type SearchEndpoint = Client['v1']['resources']['search']['$post'];
type ResourceEndpoint = Client['v1']['resources'][':id']['$get'];
type GoalsEndpoint = Client['v1']['participants'][':id']['goals']['$get'];
type ParticipantEndpoint = Client['v1']['participants'][':id']['$get'];
type PairingsEndpoint = Client['v1']['pairings']['$get'];
type CheckInEndpoint = Client['v1']['goals'][':id']['check-ins']['$post'];

export type ResourceSummary = InferResponseType<SearchEndpoint, 200>['results'][number];
export type Resource = InferResponseType<ResourceEndpoint, 200>['resource'];
export type Goal = InferResponseType<GoalsEndpoint, 200>['goals'][number];
export type Participant = InferResponseType<ParticipantEndpoint, 200>['participant'];
export type Pairing = InferResponseType<PairingsEndpoint, 200>['pairings'][number];
export type CheckIn = InferResponseType<CheckInEndpoint, 201>['checkIn'];
export type { AgendaAnswer, NextStepsAnswer, ReframeAnswer };
export type CoachAnswer = NextStepsAnswer | AgendaAnswer | ReframeAnswer;
export type CoachTarget = 'next-steps' | 'agenda' | 'reframe';
export type Rating = 'up' | 'down';

export interface SearchInput {
  q: string;
  audience?: string;
  limit?: number;
}

export interface CheckInInput {
  progress?: number;
  confidence?: number;
  wins?: string;
  blockers?: string;
}

export interface FeedbackInput {
  target: string;
  rating: Rating;
  engine?: 'offline' | 'llm';
  promptVersion?: string;
}

async function send<T>(request: Call, tokens: TokenSource): Promise<T> {
  const response = await authorised(request, tokens);
  const body = (await response.json().catch(() => undefined)) as (T & ErrorPayload) | undefined;
  if (response.ok && body) return body;
  throw await failureOf(response, body ?? {});
}

/** Who a participant token is for: its payload is base64url JSON between the first two dots. */
export function readToken(token: string | undefined): { role?: string; sub?: string } | undefined {
  const payload = token?.split('.')[1];
  if (!payload) return undefined;
  try {
    return JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/')));
  } catch {
    return undefined;
  }
}

/** The calls the widget makes, against one coach server: JSON through the typed client, answers streamed. */
export function createCoachApi(server: string, tokens: TokenSource) {
  const client = hc<AppType>(server);
  const base = withoutTrailingSlashes(server);
  const init = (signal?: AbortSignal) => ({ init: { signal } });
  return {
    search(input: SearchInput, signal?: AbortSignal): Promise<{ results: ResourceSummary[] }> {
      return send((headers) => client.v1.resources.search.$post({ json: input }, { headers, ...init(signal) }), tokens);
    },
    getResource(id: string, signal?: AbortSignal): Promise<{ resource: Resource }> {
      return send((headers) => client.v1.resources[':id'].$get({ param: { id } }, { headers, ...init(signal) }), tokens);
    },
    goals(id: string, signal?: AbortSignal): Promise<{ goals: Goal[] }> {
      return send((headers) => client.v1.participants[':id'].goals.$get({ param: { id }, query: { limit: '50' } }, { headers, ...init(signal) }), tokens);
    },
    participant(id: string, signal?: AbortSignal): Promise<{ participant: Participant }> {
      return send((headers) => client.v1.participants[':id'].$get({ param: { id } }, { headers, ...init(signal) }), tokens);
    },
    pairings(signal?: AbortSignal): Promise<{ pairings: Pairing[] }> {
      return send((headers) => client.v1.pairings.$get({ query: { limit: '50' } }, { headers, ...init(signal) }), tokens);
    },
    checkIn(goalId: string, input: CheckInInput): Promise<{ checkIn: CheckIn }> {
      return send((headers) => client.v1.goals[':id']['check-ins'].$post({ param: { id: goalId }, json: input }, { headers }), tokens);
    },
    feedback(input: FeedbackInput): Promise<unknown> {
      return send((headers) => client.v1.feedback.$post({ json: input }, { headers }), tokens);
    },
    /** A coaching answer as Server-Sent Events: `listen` hears each event, the result resolves. */
    coach<A extends CoachAnswer>(target: CoachTarget, body: object, listen: StreamListener, signal?: AbortSignal): Promise<A> {
      return postStream<A>(`${base}/v1/coach/${target}`, body, tokens, listen, signal);
    },
  };
}

export type CoachApi = ReturnType<typeof createCoachApi>;
