/** How every call reaches the server: the token, one retry after a 401, errors a person can act on. */

/**
 * A failed request. `code` is the server's stable code when it sent one, `network` when it
 * could not be reached, `incomplete` when a stream ended before its result, `unexpected` when
 * the server answered with something other than our JSON; `message` is the server's own
 * sentence, empty when the widget must supply one; `retryAfter` is in seconds.
 */
export class CoachRequestError extends Error {
  override name = 'CoachRequestError';
  constructor(
    readonly code: string,
    message: string,
    readonly status?: number,
    readonly retryAfter?: number,
  ) {
    super(message);
  }
}

export interface ErrorPayload {
  error?: { code?: unknown; message?: unknown };
}

/**
 * Where the widget's credential comes from: the host's `tokenProvider` (asked before each
 * request, and with `refresh` after a 401), or a fixed `token` attribute.
 */
export type TokenSource = (options: { refresh: boolean }) => Promise<string | undefined>;

export type Call = (headers: Record<string, string>) => Promise<Response>;

async function fetchOnce(request: Call, token: string | undefined): Promise<Response> {
  try {
    return await request(token ? { authorization: `Bearer ${token}` } : {});
  } catch (error) {
    // An abort is the caller's own doing, not a failure to report.
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new CoachRequestError('network', '');
  }
}

/** Sends with the current token and, after a 401 (an expired token, usually), once more with a fresh one. */
export async function authorised(request: Call, tokens: TokenSource): Promise<Response> {
  const response = await fetchOnce(request, await tokens({ refresh: false }));
  return response.status === 401 ? fetchOnce(request, await tokens({ refresh: true })) : response;
}

/** The error a failed response stands for, with the server's code and sentence when it sent them. */
export async function failureOf(response: Response, body?: ErrorPayload): Promise<CoachRequestError> {
  const error = (body ?? ((await response.json().catch(() => undefined)) as ErrorPayload | undefined))?.error;
  const retryAfter = Number(response.headers.get('retry-after')) || undefined;
  const code = typeof error?.code === 'string' ? error.code : 'unexpected';
  return new CoachRequestError(code, typeof error?.message === 'string' ? error.message : '', response.status, retryAfter);
}

/** A server address without trailing slashes; a loop, since `/\/+$/` is quadratic on a long run. */
export function withoutTrailingSlashes(url: string): string {
  let end = url.length;
  while (end > 0 && url[end - 1] === '/') end--;
  return url.slice(0, end);
}
