/**
 * Safety before anything else on the three coaching routes (a statement, a question, an agenda
 * focus or a stored check-in note), figures of speech left alone, and the Server-Sent Events
 * form of every answer. Real routes, store, index and library; no mocks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgendaAnswer, NextStepsAnswer, ReframeAnswer } from '../../../server/coach/schemas.ts';
import type { Pairing, Participant } from '../../../server/store/index.ts';
import { removeTempDirs } from '../../support/temp-dir.ts';
import { type Answer, type Coach, citationChecker, parseSse, readEval, resource, startCoach } from './coach-support.ts';

interface SafetyCase {
  text: string;
  flag: boolean;
  category?: string;
}

const cases = readEval<SafetyCase>('safety-dev.jsonl');
const crises = cases.filter((item) => item.flag);
const idioms = cases.filter((item) => !item.flag);

const CONTACTS = [
  { name: 'Priya Shah', role: 'Safeguarding lead', phone: '+44 20 7946 0123', email: 'safeguarding@example.org', hours: 'Mon-Fri 9:00-17:00' },
  { name: 'Out-of-hours line', phone: '0800 123 4567', url: 'https://help.example.org/urgent', hours: '24/7' },
];
const SSE = 'text/event-stream';

let coach: Coach;
let expectResolvable: ReturnType<typeof citationChecker>;
let mentor: Participant;
let mentee: Participant;
let pairing: Pairing;
let troubled: Participant;
let troubledPairing: Pairing;

beforeAll(async () => {
  coach = await startCoach();
  expectResolvable = citationChecker(coach);
  const patched = await coach.call('PATCH', '/v1/site', { body: { safeguardingContacts: CONTACTS } });
  expect(patched.status, patched.text).toBe(200);

  mentor = await coach.participant('mentor', 'Nadia');
  mentee = await coach.participant('mentee', 'Ola');
  pairing = await coach.pairing(mentor.id, mentee.id);
  const goal = await coach.goal(mentee.id, { title: 'Ship my first feature at work', measure: 'merged and released', targetDate: coach.dateIn(30) });
  const speaking = await coach.goal(mentee.id, { title: 'Speak up in team meetings' });
  await coach.checkIn(speaking.id, { progress: 10, blockers: 'I go quiet when the senior engineers are in the room' });
  await coach.checkIn(goal.id, { progress: 40, confidence: 2, blockers: 'code reviews take days to come back', note: 'I always mess up the first version' });

  // A mentee whose latest check-in carries a crisis, in a note nobody asked the coach about.
  const otherMentor = await coach.participant('mentor', 'Pavel');
  troubled = await coach.participant('mentee', 'Rhea');
  troubledPairing = await coach.pairing(otherMentor.id, troubled.id);
  const troubledGoal = await coach.goal(troubled.id, { title: 'Finish my college application', measure: 'application sent', targetDate: coach.dateIn(20) });
  await coach.checkIn(troubledGoal.id, { progress: 30, confidence: 1, note: "Honestly I don't want to be alive anymore, nothing I do matters" });
});
afterAll(removeTempDirs);

type Route = 'next-steps' | 'agenda' | 'reframe';

/** A request to a route about some words: the question, the agenda focus, or the statement. */
function about(route: Route, words: string): Record<string, unknown> {
  if (route === 'next-steps') return { participantId: mentee.id, question: words };
  if (route === 'agenda') return { pairingId: pairing.id, durationMinutes: 30, focus: words };
  return { statement: words };
}

const post = (route: Route, body: Record<string, unknown>, options: { auth?: string; accept?: string } = {}) =>
  coach.call('POST', `/v1/coach/${route}`, { ...options, body });

/** A flagged answer: the category, a message, this site's contacts, and no coaching at all. */
async function expectFlagged(route: Route, answer: Answer, category: string): Promise<void> {
  expect(answer.status, answer.text).toBe(200);
  const { body } = answer;
  expect(body.safety.flagged).toBe(true);
  expect(body.safety.category).toBe(category);
  expect(body.safety.message.length).toBeGreaterThan(60);
  expect(body.safety.contacts).toEqual(CONTACTS);
  expect(body.resources).toEqual([]);
  if (route === 'next-steps') {
    const parsed = NextStepsAnswer.parse(body);
    expect(parsed.steps).toEqual([]);
    expect(parsed.reframe).toBeUndefined();
  } else if (route === 'agenda') {
    const parsed = AgendaAnswer.parse(body);
    expect(parsed.items).toEqual([]);
    expect(parsed.preparation).toEqual([]);
    expect(parsed.followUps).toEqual([]);
  } else {
    const parsed = ReframeAnswer.parse(body);
    expect(parsed.reframes).toEqual([]);
    expect(parsed.patterns).toEqual([]);
    expect(parsed.nextAction).toBeUndefined();
  }
  // What it cites is safeguarding guidance, and real.
  await expectResolvable(body.citations);
  for (const citation of body.citations) expect((await resource(coach, citation.id)).topics).toContain('safeguarding');
}

describe('safety', () => {
  it('flags a self-harm question to next steps', async () => {
    await expectFlagged('next-steps', await post('next-steps', about('next-steps', 'Sometimes I think everyone would be better off without me')), 'self-harm');
  });

  it('flags a self-harm focus a mentor writes about their mentee', async () => {
    await expectFlagged('agenda', await post('agenda', about('agenda', 'My mentee told me she wants to kill herself')), 'self-harm');
    await expectFlagged('agenda', await post('agenda', about('agenda', 'Talk about how he has been cutting himself again')), 'self-harm');
  });

  it('flags a self-harm statement to reframe', async () => {
    await expectFlagged('reframe', await post('reframe', about('reframe', "I've started cutting myself again")), 'self-harm');
  });

  it('flags a crisis written in a stored check-in note, on next steps and on the agenda', async () => {
    await expectFlagged('next-steps', await post('next-steps', { participantId: troubled.id }), 'self-harm');
    await expectFlagged('next-steps', await post('next-steps', {}, { auth: await coach.token(troubled) }), 'self-harm');
    await expectFlagged('agenda', await post('agenda', { pairingId: troubledPairing.id, durationMinutes: 45 }), 'self-harm');
  });

  it.each(crises.map((item) => [item.text, item] as const))('flags the crisis "%s" with its category on every route', async (_text, item) => {
    for (const route of ['next-steps', 'agenda', 'reframe'] as const) {
      await expectFlagged(route, await post(route, about(route, item.text)), item.category!);
    }
  });

  it("gives each site's own contacts (none configured: none given)", async () => {
    const elsewhere = await coach.newSite('Site without contacts');
    const answer = await post('reframe', { statement: 'I want to kill myself' }, { auth: elsewhere.siteKey });
    expect(answer.body.safety.flagged).toBe(true);
    expect(answer.body.safety.contacts).toEqual([]);
    expect(answer.body.safety.message.length).toBeGreaterThan(60);
  });

  it.each(idioms.map((item) => [item.text] as const))('does not flag the figure of speech "%s" and coaches as usual', async (text) => {
    const steps = NextStepsAnswer.parse((await post('next-steps', about('next-steps', text))).body);
    expect(steps.safety).toEqual({ flagged: false });
    expect(steps.steps.length).toBeGreaterThanOrEqual(1);
    // What they said is searched for like any question (a question step comes only from a page that speaks of it).
    expect(steps.resources.length).toBeGreaterThanOrEqual(1);

    const agenda = AgendaAnswer.parse((await post('agenda', about('agenda', text))).body);
    expect(agenda.safety).toEqual({ flagged: false });
    expect(agenda.items.length).toBeGreaterThanOrEqual(3);
    expect(agenda.items.reduce((sum, item) => sum + item.minutes, 0)).toBe(30);

    const reframe = ReframeAnswer.parse((await post('reframe', about('reframe', text))).body);
    expect(reframe.safety).toEqual({ flagged: false });
    expect(reframe.message?.length ?? 0).toBeGreaterThan(20);
  });

  it.each([
    'I keep forgetting to take my medication before work',
    "I'm going to die of embarrassment if I mess up this presentation",
    'She is burning herself out with overtime',
  ])('does not flag the everyday "%s"', async (text) => {
    const answer = await post('next-steps', about('next-steps', text));
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body.safety).toEqual({ flagged: false });
    expect(answer.body.steps.length).toBeGreaterThanOrEqual(1);
  });
});

describe('Server-Sent Events', () => {
  const requests: Array<[Route, () => Record<string, unknown>, string, string]> = [
    ['next-steps', () => ({ participantId: mentee.id, question: 'How do I get my code reviewed faster?' }), 'step', 'steps'],
    ['agenda', () => ({ pairingId: pairing.id, durationMinutes: 45, focus: 'Getting code reviews back faster' }), 'item', 'items'],
    ['reframe', () => ({ statement: "If I miss this deadline they'll fire me and I'll never work in tech again" }), 'reframe', 'reframes'],
  ];

  it.each(requests)('%s streams its parts, then one result equal to the JSON answer', async (route, body, partEvent, field) => {
    const plain = await post(route, body());
    expect(plain.status, plain.text).toBe(200);
    expect(plain.headers.get('content-type')).toMatch(/^application\/json/);

    const streamed = await post(route, body(), { accept: SSE });
    expect(streamed.status, streamed.text).toBe(200);
    expect(streamed.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const frames = parseSse(streamed.text);
    const parts = plain.body[field] as unknown[];
    expect(parts.length).toBeGreaterThanOrEqual(2);
    expect(frames).toHaveLength(parts.length + 1);
    // Parts first, in order, each the same as in the answer; then the one result.
    frames.slice(0, -1).forEach((frame, index) => {
      expect(frame.event).toBe(partEvent);
      expect(JSON.parse(frame.data)).toEqual(parts[index]);
    });
    expect(frames.filter((frame) => frame.event === 'result')).toHaveLength(1);
    expect(frames.at(-1)!.event).toBe('result');
    expect(JSON.parse(frames.at(-1)!.data)).toEqual(plain.body);
    expect(frames.map((frame) => frame.id)).toEqual(frames.map((_frame, index) => String(index)));
  });

  it.each(['next-steps', 'agenda', 'reframe'] as const)('%s streams a flagged answer as one result event with no parts', async (route) => {
    const text = 'I have been thinking about ending my life';
    const plain = await post(route, about(route, text));
    const streamed = await post(route, about(route, text), { accept: SSE });
    expect(streamed.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const frames = parseSse(streamed.text);
    expect(frames.map((frame) => frame.event)).toEqual(['result']);
    expect(JSON.parse(frames[0]!.data)).toEqual(plain.body);
    expect(plain.body.safety.flagged).toBe(true);
  });

  it.each([
    ['next-steps', { question: '' }, 'question'],
    ['agenda', { pairingId: 'pair_t1', durationMinutes: 10 }, 'durationMinutes'],
    ['reframe', { statement: 'x'.repeat(2001) }, 'statement'],
  ] as const)('%s answers a validation error as JSON 400 even when asked for a stream', async (route, body, field) => {
    const answer = await post(route, body, { accept: SSE });
    expect(answer.status, answer.text).toBe(400);
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    expect(answer.body.error.code).toBe('validation_failed');
    expect(answer.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ path: field })]));
  });

  it('answers a refusal as JSON 403 even when asked for a stream', async () => {
    const answer = await post('agenda', { pairingId: pairing.id, durationMinutes: 30 }, { auth: await coach.token(mentee), accept: SSE });
    expect(answer.status, answer.text).toBe(403);
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    expect(answer.body.error.code).toBe('forbidden');
  });
});
