import { hc, type InferResponseType } from 'hono/client';
// Type-only: the server's routes give the client its types, and none of their code
// (nor zod) reaches the browser bundle.
import type { AppType } from '../server/app.ts';

type Client = ReturnType<typeof hc<AppType>>;
type SearchEndpoint = Client['v1']['resources']['search']['$post'];
type ResourceEndpoint = Client['v1']['resources'][':id']['$get'];

export type ResourceSummary = InferResponseType<SearchEndpoint, 200>['results'][number];
export type Resource = InferResponseType<ResourceEndpoint, 200>['resource'];

export interface SearchInput {
  q: string;
  audience?: string;
  limit?: number;
}

/**
 * A failed request. `code` is the server's stable code when it sent one, `network` when it
 * could not be reached, `unexpected` when it answered with something other than our JSON;
 * `message` is the server's own sentence, empty when the widget must supply one.
 */
export class CoachRequestError extends Error {
  override name = 'CoachRequestError';
  constructor(readonly code: string, message: string, readonly status?: number) {
    super(message);
  }
}

interface ErrorPayload {
  error?: { code?: unknown; message?: unknown };
}

/**
 * Where the widget's credential comes from: the host's `tokenProvider` (asked before each
 * request, and with `refresh` after a 401), or a fixed `token` attribute.
 */
export type TokenSource = (options: { refresh: boolean }) => Promise<string | undefined>;

async function fetchOnce(request: (headers: Record<string, string>) => Promise<Response>, token: string | undefined): Promise<Response> {
  try {
    return await request(token ? { authorization: `Bearer ${token}` } : {});
  } catch (error) {
    // An abort is the caller's own doing, not a failure to report.
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new CoachRequestError('network', '');
  }
}

async function send<T>(request: (headers: Record<string, string>) => Promise<Response>, tokens: TokenSource): Promise<T> {
  let response = await fetchOnce(request, await tokens({ refresh: false }));
  // An expired token is the usual cause: ask the host for a fresh one and try once more.
  if (response.status === 401) response = await fetchOnce(request, await tokens({ refresh: true }));
  const body = (await response.json().catch(() => undefined)) as (T & ErrorPayload) | undefined;
  if (response.ok && body) return body;
  const error = body?.error;
  const code = typeof error?.code === 'string' ? error.code : 'unexpected';
  throw new CoachRequestError(code, typeof error?.message === 'string' ? error.message : '', response.status);
}

/** The calls the widget makes, against one coach server. */
export function createCoachApi(server: string, tokens: TokenSource) {
  const client = hc<AppType>(server);
  return {
    search(input: SearchInput, signal?: AbortSignal): Promise<{ results: ResourceSummary[] }> {
      return send((headers) => client.v1.resources.search.$post({ json: input }, { headers, init: { signal } }), tokens);
    },
    getResource(id: string, signal?: AbortSignal): Promise<{ resource: Resource }> {
      return send((headers) => client.v1.resources[':id'].$get({ param: { id } }, { headers, init: { signal } }), tokens);
    },
  };
}

export type CoachApi = ReturnType<typeof createCoachApi>;
