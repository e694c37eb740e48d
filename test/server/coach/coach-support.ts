/**
 * Shared by the coach route tests: one app around real parts (SQLite in memory with a clock
 * the test moves, the real LanceDB index of the real corpus, the real library), a site key,
 * and helpers that create data through the real routes and read answers (JSON or SSE).
 */
import { expect } from 'vitest';
import { createApp } from '../../../server/app.ts';
import { Library } from '../../../server/coach/library.ts';
import type { ResourceIndex } from '../../../server/retrieval/index.ts';
import type { Services } from '../../../server/services.ts';
import { createSqliteStore, type Goal, type Pairing, type Participant } from '../../../server/store/index.ts';
import { buildCorpusIndex } from '../../support/corpus-index.ts';
import { createTestServices, createTestSite, tokenFor } from '../../support/services.ts';

export type App = ReturnType<typeof createApp>;
export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  // Parsed JSON: checked against the answer schemas or field by field by each test.
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const DAY = 86_400_000;

export { readJsonl as readEval } from '../../eval/eval-sets.ts';

export interface Coach {
  app: App;
  services: Services;
  index: ResourceIndex;
  library: Library;
  siteId: string;
  siteKey: string;
  /** The store's and the routes' clock: only ever moved forward (the store's clock is monotonic). */
  clock: { now: Date };
  advanceDays(days: number): void;
  /** A YYYY-MM-DD date `days` from the clock's today. */
  dateIn(days: number): string;
  call(method: string, path: string, options?: { auth?: string; body?: unknown; accept?: string }): Promise<Answer>;
  /** Another site of the same app, with its own key. */
  newSite(name?: string): Promise<{ siteId: string; siteKey: string }>;
  participant(role: 'mentee' | 'mentor', displayName: string, auth?: string): Promise<Participant>;
  goal(participantId: string, fields: { title: string; description?: string; measure?: string; targetDate?: string }, auth?: string): Promise<Goal>;
  checkIn(goalId: string, fields: { progress?: number; confidence?: number; wins?: string; blockers?: string; note?: string }, auth?: string): Promise<void>;
  pairing(mentorId: string, menteeId: string, model?: string, auth?: string): Promise<Pairing>;
  token(participant: Pick<Participant, 'id' | 'role'>, siteId?: string): Promise<string>;
}

/**
 * Builds the app once (the corpus index takes about a second). Ids are numbered rather than
 * random, so that whatever the seeded choice of material depends on is the same on every run.
 */
export async function startCoach(start = '2025-03-03T09:00:00.000Z'): Promise<Coach> {
  const clock = { now: new Date(start) };
  const index = await buildCorpusIndex();
  let serial = 0;
  const store = createSqliteStore({ path: ':memory:', now: () => clock.now, newId: (prefix) => `${prefix}_t${String(++serial).padStart(5, '0')}` });
  const services = createTestServices({ store, index, now: () => clock.now });
  const library = await Library.load(index);
  services.knowledge.set(index, library);
  const app = createApp(services);
  const { site, apiKey } = await createTestSite(services, 'Coach test site');

  async function call(method: string, path: string, options: { auth?: string; body?: unknown; accept?: string } = {}): Promise<Answer> {
    const headers: Record<string, string> = { authorization: `Bearer ${options.auth ?? apiKey}` };
    if (options.accept) headers.accept = options.accept;
    let body: string | undefined;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] = 'application/json';
    }
    const response = await app.request(path, { method, headers, body });
    const text = await response.text();
    let parsed: unknown;
    if (text && (response.headers.get('content-type') ?? '').startsWith('application/json')) parsed = JSON.parse(text);
    return { status: response.status, headers: response.headers, text, body: parsed };
  }

  let people = 0;
  const coach: Coach = {
    app,
    services,
    index,
    library,
    siteId: site.id,
    siteKey: apiKey,
    clock,
    advanceDays(days) {
      clock.now = new Date(clock.now.getTime() + days * DAY);
    },
    dateIn(days) {
      return new Date(clock.now.getTime() + days * DAY).toISOString().slice(0, 10);
    },
    call,
    async newSite(name = 'Another site') {
      const other = await createTestSite(services, name);
      return { siteId: other.site.id, siteKey: other.apiKey };
    },
    async participant(role, displayName, auth) {
      const answer = await call('POST', '/v1/participants', { auth, body: { externalId: `ext-${++people}`, role, displayName } });
      expect(answer.status, answer.text).toBe(201);
      return answer.body.participant as Participant;
    },
    async goal(participantId, fields, auth) {
      const answer = await call('POST', `/v1/participants/${participantId}/goals`, { auth, body: fields });
      expect(answer.status, answer.text).toBe(201);
      return answer.body.goal as Goal;
    },
    async checkIn(goalId, fields, auth) {
      const answer = await call('POST', `/v1/goals/${goalId}/check-ins`, { auth, body: fields });
      expect(answer.status, answer.text).toBe(201);
    },
    async pairing(mentorId, menteeId, model, auth) {
      const answer = await call('POST', '/v1/pairings', { auth, body: { mentorId, menteeId, ...(model ? { model } : {}) } });
      expect(answer.status, answer.text).toBe(201);
      return answer.body.pairing as Pairing;
    },
    token: (participant, siteId = site.id) => tokenFor(services, participant, siteId),
  };
  return coach;
}

/**
 * Checks that every cited id answers GET /v1/resources/:id with that title (cached: the
 * corpus does not change during a file).
 */
export function citationChecker(coach: Coach) {
  const known = new Map<string, string>();
  return async function expectResolvable(citations: Array<{ id: string; title: string }>): Promise<void> {
    for (const citation of citations) {
      if (!known.has(citation.id)) {
        const answer = await coach.call('GET', `/v1/resources/${encodeURIComponent(citation.id)}`);
        expect(answer.status, `GET /v1/resources/${citation.id}: ${answer.text.slice(0, 200)}`).toBe(200);
        known.set(citation.id, answer.body.resource.title);
      }
      expect(citation.title).toBe(known.get(citation.id));
    }
  };
}

/** The document behind a citation, as GET /v1/resources/:id gives it. */
export async function resource(
  coach: Coach,
  id: string,
): Promise<{ id: string; title: string; audience: string; topics: string[]; stage: string; format: string }> {
  const answer = await coach.call('GET', `/v1/resources/${encodeURIComponent(id)}`);
  expect(answer.status, answer.text.slice(0, 200)).toBe(200);
  return answer.body.resource;
}

export interface SseFrame {
  event?: string;
  data: string;
  id?: string;
}

/**
 * Parses a text/event-stream body strictly: frames separated by one blank line, each line a
 * `field: value` of event, data or id (no other fields, no stray text).
 */
export function parseSse(text: string): SseFrame[] {
  expect(text.endsWith('\n\n'), 'the stream ends with a blank line after its last frame').toBe(true);
  const blocks = text.slice(0, -2).split('\n\n');
  return blocks.map((block) => {
    const frame: SseFrame = { data: '' };
    const data: string[] = [];
    for (const line of block.split('\n')) {
      const match = /^(event|data|id): ?(.*)$/.exec(line);
      expect(match, `an SSE field line: ${JSON.stringify(line)}`).not.toBeNull();
      const [, field, value] = match!;
      if (field === 'data') data.push(value!);
      else if (field === 'event') frame.event = value!;
      else frame.id = value!;
    }
    expect(data.length, `a frame with data: ${block.slice(0, 120)}`).toBeGreaterThan(0);
    frame.data = data.join('\n');
    return frame;
  });
}
