import { type ClientRequestOptions, hc } from 'hono/client';
import type { AppType } from '../server/app.ts';
import type { ErrorBody } from '../server/errors.ts';

/**
 * A typed client of the whole API, for a host site's backend (Node 20, Deno, Bun or a browser):
 * every path, parameter, body and answer is typed from the server's own route definitions, the
 * same ones that validate requests and write /openapi.json.
 *
 *   const coach = coachClient('https://coach.example.edu', process.env.COACH_SITE_KEY!);
 *   const answer = await coach.v1.participants.$post({ json: { externalId: 'u-42', role: 'mentee', displayName: 'Amara' } });
 *   if (answer.ok) console.log((await answer.json()).participant.id);
 *   else console.log((await coachError(answer))?.error.code);
 *
 * Answers are typed for success; every failure has the one JSON error shape of API.md (`ErrorBody`).
 */
export function coachClient(baseUrl: string, credential: string, options: { fetch?: typeof fetch } = {}): CoachClient {
  const init: ClientRequestOptions = { headers: { authorization: `Bearer ${credential}` } };
  if (options.fetch) init.fetch = options.fetch;
  return hc<AppType>(baseUrl, init);
}

// Computed once, as Hono advises for a large app: the client's type is then not worked out
// again at every use.
export type CoachClient = ReturnType<typeof hc<AppType>>;

/** The JSON error of a failed answer (`{ error: { code, message, details? } }`), or undefined for a success. */
export async function coachError(response: Response): Promise<ErrorBody | undefined> {
  if (response.ok) return undefined;
  return (await response.json()) as ErrorBody;
}

export type { ErrorBody };
