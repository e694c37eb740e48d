/**
 * POST /v1/coach/reframe: the thinking patterns of the taxonomy in a statement, reframes and
 * Socratic questions drawn from the material written for each pattern, a small next action,
 * and an honest answer when there is no pattern. Real routes, index and library; no mocks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReframeAnswer } from '../../../server/coach/schemas.ts';
import { taxonomy } from '../../../server/taxonomy.ts';
import { removeTempDirs } from '../../support/temp-dir.ts';
import { type Coach, citationChecker, readEval, resource, startCoach } from './coach-support.ts';

interface PatternCase {
  statement: string;
  patterns: string[];
}

const dev = readEval<PatternCase>('reframe-dev.jsonl');
const BALANCED = 'I finished two modules this week and want to plan the next one';

let coach: Coach;
let expectResolvable: ReturnType<typeof citationChecker>;

beforeAll(async () => {
  coach = await startCoach();
  expectResolvable = citationChecker(coach);
});
afterAll(removeTempDirs);

async function reframe(body: Record<string, unknown>, auth?: string): Promise<ReframeAnswer> {
  const answer = await coach.call('POST', '/v1/coach/reframe', { auth, body });
  expect(answer.status, answer.text).toBe(200);
  const parsed = ReframeAnswer.parse(answer.body);
  expect(parsed.safety).toEqual({ flagged: false });
  expect(parsed.engine).toBe('offline');
  return parsed;
}

describe('statements with thinking patterns', () => {
  it('reads the dev set', () => {
    expect(dev.length).toBeGreaterThanOrEqual(10);
    for (const item of dev) for (const pattern of item.patterns) expect(taxonomy.patterns).toContain(pattern);
  });

  it.each(dev.map((item) => [item.statement, item] as const))('%s', async (_statement, item) => {
    const body = await reframe({ statement: item.statement });
    // A trap is noticed, and every pattern named is a taxonomy name with the words that show it.
    // How often the right one is named is measured by npm run eval, not asserted per statement.
    expect(body.patterns.length, `labelled ${item.patterns.join(', ')}`).toBeGreaterThanOrEqual(1);
    for (const pattern of body.patterns) expect(taxonomy.patterns).toContain(pattern);
    expect(body.evidence.map((entry) => entry.pattern)).toEqual(body.patterns);
    for (const entry of body.evidence) {
      expect(entry.seenBy).toEqual(['local-model']);
      expect(item.statement).toContain(entry.quote);
      expect(entry.quote.length).toBeGreaterThan(0);
    }
    expect(body.reframes.length).toBeGreaterThanOrEqual(1);
    for (const pattern of body.patterns)
      expect(
        body.reframes.some((suggestion) => suggestion.pattern === pattern),
        `a reframe for ${pattern}`,
      ).toBe(true);

    const cited = new Set(body.citations.map((citation) => citation.id));
    for (const suggestion of body.reframes) {
      expect(suggestion.text.trim().length).toBeGreaterThan(20);
      expect(suggestion.question.trim()).toMatch(/\?$/);
      expect(suggestion.citations.length).toBeGreaterThanOrEqual(1);
      // Each reframe comes from material written for its pattern, and is really in it.
      const sets = coach.library.reframesFor(suggestion.pattern!);
      const source = sets.find((set) => set.source.id === suggestion.citations[0]!.id);
      expect(source, `${suggestion.citations[0]!.id} has reframes for ${suggestion.pattern}`).toBeDefined();
      expect(source!.item.reframes).toContain(suggestion.text);
      expect(source!.item.questions).toContain(suggestion.question);
      for (const citation of suggestion.citations) expect(cited).toContain(citation.id);
      await expectResolvable(suggestion.citations);
    }
    expect(body.nextAction, 'a small next action').toBeDefined();
    expect(body.nextAction!.text).toMatch(/^[A-Z][a-z]+\b/);
    expect(body.nextAction!.citations.length).toBeGreaterThanOrEqual(1);
    for (const citation of body.nextAction!.citations) expect(cited).toContain(citation.id);
    await expectResolvable(body.nextAction!.citations);
    expect(body.message?.length ?? 0).toBeGreaterThan(20);
    expect(body.resources.length).toBeLessThanOrEqual(3);
  });
});

describe('a balanced statement', () => {
  it('finds no pattern, offers no reframe, and answers with a supportive message', async () => {
    const body = await reframe({ statement: BALANCED });
    expect(body.patterns).toEqual([]);
    expect(body.reframes).toEqual([]);
    expect(body.message).toBeDefined();
    expect(body.message!.length).toBeGreaterThan(40);
    expect(body.message).toMatch(/[.?!]$/);
    await expectResolvable(body.citations);
  });

  it('suggests a next action a mentee can take, not one written for mentors or coordinators', async () => {
    const mentee = await coach.participant('mentee', 'Iris');
    for (const [statement, auth] of [
      [BALANCED, undefined],
      [BALANCED, await coach.token(mentee)],
      ['I want to plan my revision for next month', undefined],
    ] as const) {
      const body = await reframe({ statement }, auth);
      expect(body.patterns).toEqual([]);
      if (!body.nextAction) continue;
      for (const citation of body.nextAction.citations) {
        const document = await resource(coach, citation.id);
        expect(['mentee', 'all'], `${statement}: next action from ${citation.id}`).toContain(document.audience);
      }
    }
  });
});

describe('goals and who may ask', () => {
  it('takes a goalId of the participant themself', async () => {
    const mentee = await coach.participant('mentee', 'Jude');
    const goal = await coach.goal(mentee.id, { title: 'Pass my driving test' });
    const body = await reframe({ statement: "I'm a terrible driver", goalId: goal.id }, await coach.token(mentee));
    expect(body.patterns).toContain('labeling');
  });

  it('refuses a goalId of another participant with 403', async () => {
    const asker = await coach.participant('mentee', 'Kai');
    const owner = await coach.participant('mentee', 'Lena');
    const theirs = await coach.goal(owner.id, { title: 'A goal that belongs to Lena' });
    const answer = await coach.call('POST', '/v1/coach/reframe', {
      auth: await coach.token(asker),
      body: { statement: "I'm a terrible writer", goalId: theirs.id },
    });
    expect(answer.status, answer.text).toBe(403);
    expect(answer.body.error.code).toBe('forbidden');
  });

  it('answers 404 for a goal of another site', async () => {
    const elsewhere = await coach.newSite();
    const stranger = await coach.participant('mentee', 'Mo', elsewhere.siteKey);
    const theirs = await coach.goal(stranger.id, { title: 'Elsewhere' }, elsewhere.siteKey);
    const answer = await coach.call('POST', '/v1/coach/reframe', { body: { statement: "I'm a terrible writer", goalId: theirs.id } });
    expect(answer.status, answer.text).toBe(404);
  });

  it('refuses an empty statement with 400', async () => {
    const answer = await coach.call('POST', '/v1/coach/reframe', { body: { statement: '   ' } });
    expect(answer.status, answer.text).toBe(400);
    expect(answer.body.error.details).toEqual([expect.objectContaining({ path: 'statement' })]);
  });
});
