/**
 * POST /v1/coach/agenda: time boxes that add up exactly, the session's stage (given or read
 * from the pairing's history), the mentee's own goals, blockers and open actions by name, the
 * mentoring model, and who may ask. Real routes, store, index and library; no mocks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgendaAnswer } from '../../../server/coach/schemas.ts';
import type { Goal, Pairing, Participant } from '../../../server/store/index.ts';
import { removeTempDirs } from '../../support/temp-dir.ts';
import { type Coach, citationChecker, resource, startCoach } from './coach-support.ts';

let coach: Coach;
let expectResolvable: ReturnType<typeof citationChecker>;
let mentor: Participant;
let mentee: Participant;
let pairing: Pairing;
let speaking: Goal;
let course: Goal;
let finished: Goal;

const BLOCKER = 'my evening shifts leave no time to study';
const OPEN_ACTION = 'Draft the module 6 study plan';
const DONE_ACTION = 'Send the SQL cheat sheet';
const DONE_BY_MENTEE = 'Write three practice queries on the sales table';

beforeAll(async () => {
  coach = await startCoach();
  expectResolvable = citationChecker(coach);
  mentor = await coach.participant('mentor', 'Bea');
  mentee = await coach.participant('mentee', 'Ada');
  pairing = await coach.pairing(mentor.id, mentee.id);
  speaking = await coach.goal(mentee.id, { title: 'Get better at public speaking' });
  course = await coach.goal(mentee.id, { title: 'Finish the data analysis course', measure: 'all 8 modules passed', targetDate: coach.dateIn(40) });
  finished = await coach.goal(mentee.id, { title: 'Set up a weekly study routine', measure: 'four weeks in a row', targetDate: coach.dateIn(10) });
  expect((await coach.call('PATCH', `/v1/goals/${finished.id}`, { body: { status: 'completed' } })).status).toBe(200);
  await coach.checkIn(course.id, { progress: 60, confidence: 3, blockers: BLOCKER, wins: 'Passed module 5 with 85%' });
  const session = await coach.call('POST', `/v1/pairings/${pairing.id}/sessions`, {
    body: {
      scheduledAt: new Date(coach.clock.now.getTime() - 7 * 86_400_000).toISOString(),
      durationMinutes: 45,
      actionItems: [
        { id: 'a1', text: OPEN_ACTION, owner: 'mentee' },
        { id: 'a2', text: DONE_ACTION, owner: 'mentor', done: true },
        { id: 'a3', text: DONE_BY_MENTEE, owner: 'mentee', done: true },
      ],
    },
  });
  expect(session.status, session.text).toBe(201);
});
afterAll(removeTempDirs);

async function agenda(body: Record<string, unknown>, auth?: string): Promise<AgendaAnswer> {
  const answer = await coach.call('POST', '/v1/coach/agenda', { auth, body });
  expect(answer.status, answer.text).toBe(200);
  const parsed = AgendaAnswer.parse(answer.body);
  expect(parsed.safety).toEqual({ flagged: false });
  expect(parsed.engine).toBe('offline');
  return parsed;
}

/** Everything a mentor reads in the items, as one string. */
const itemText = (body: AgendaAnswer) => body.items.map((item) => [item.title, item.purpose ?? '', ...item.prompts].join('\n')).join('\n');

/** The documents that hold agenda blocks for this kind of session and model. */
const blockDocuments = (stage: 'kickoff' | 'regular' | 'review' | 'closing', model: string) =>
  new Set(coach.library.blocksFor(stage, model).map((entry) => entry.source.id));

describe('time boxes', () => {
  it.each([15, 30, 45, 60, 90, 120])('%i minutes: items add up exactly, each with minutes, a title, prompts and an owner', async (durationMinutes) => {
    const body = await agenda({ pairingId: pairing.id, durationMinutes, focus: 'Handling feedback from my manager' });
    expect(body.durationMinutes).toBe(durationMinutes);
    expect(body.items.length).toBeGreaterThanOrEqual(3);
    expect(body.items.reduce((sum, item) => sum + item.minutes, 0)).toBe(durationMinutes);
    for (const item of body.items) {
      expect(Number.isInteger(item.minutes)).toBe(true);
      expect(item.minutes).toBeGreaterThanOrEqual(1);
      expect(item.title.trim().length).toBeGreaterThan(2);
      expect(item.prompts.length).toBeGreaterThanOrEqual(1);
      for (const prompt of item.prompts) expect(prompt.trim()).toMatch(/\?$/);
      expect(['mentor', 'mentee', 'both']).toContain(item.owner);
    }
    const cited = new Set(body.citations.map((citation) => citation.id));
    for (const item of body.items) {
      for (const citation of item.citations) expect(cited).toContain(citation.id);
      await expectResolvable(item.citations);
    }
    await expectResolvable(body.citations);
  });

  it('adds up without a focus or stored data too (inline goals, site key)', async () => {
    for (const durationMinutes of [15, 45, 90]) {
      const body = await agenda({ durationMinutes, goals: [{ title: 'Apply for three internships' }] });
      expect(body.items.reduce((sum, item) => sum + item.minutes, 0)).toBe(durationMinutes);
      expect(body.items.every((item) => item.minutes >= 1)).toBe(true);
    }
  });

  it.each([10, 14, 121])('refuses %i minutes with a 400 naming durationMinutes', async (durationMinutes) => {
    const answer = await coach.call('POST', '/v1/coach/agenda', { body: { pairingId: pairing.id, durationMinutes } });
    expect(answer.status, answer.text).toBe(400);
    expect(answer.body.error.code).toBe('validation_failed');
    expect(answer.body.error.details).toEqual([expect.objectContaining({ path: 'durationMinutes' })]);
  });
});

describe('stage', () => {
  it.each(['kickoff', 'regular', 'review', 'closing'] as const)('honours stage %s when given, with blocks made for it', async (stage) => {
    const body = await agenda({ pairingId: pairing.id, durationMinutes: 60, stage });
    expect(body.stage).toBe(stage);
    const fitting = blockDocuments(stage, 'one-to-one');
    const cited = body.items.flatMap((item) => item.citations.map((citation) => citation.id));
    expect(cited.length).toBeGreaterThanOrEqual(1);
    for (const id of cited) expect(fitting, `${id} has blocks for a ${stage} session`).toContain(id);
  });

  it("never reads a stage as a mid-point review (only asked for), and fills a regular session with the pair's own material first", async () => {
    const mentor = await coach.participant('mentor', 'Kai');
    const mentee = await coach.participant('mentee', 'Lou');
    const pair = await coach.pairing(mentor.id, mentee.id);
    for (const title of ['Pass the driving theory test', 'Save for a bike', 'Read a book a month']) {
      const goal = await coach.goal(mentee.id, { title });
      await coach.call('POST', `/v1/goals/${goal.id}/check-ins`, { body: { progress: 30, confidence: 3 } });
    }
    const body = await agenda({ pairingId: pair.id, durationMinutes: 60 });
    expect(body.stage).toBe('regular');
    const review = blockDocuments('review', 'one-to-one');
    for (const id of body.items.flatMap((item) => item.citations.map((citation) => citation.id)))
      expect(review.has(id) && !blockDocuments('regular', 'one-to-one').has(id)).toBe(false);
    // Three goals of their own: no general middle block of a template beside them.
    const middle = body.items.slice(1, -1);
    expect(middle.map((item) => item.title)).toEqual(['Goal: Pass the driving theory test', 'Goal: Save for a bike', 'Goal: Read a book a month']);
  });

  it('reads a pair whose goals are under way as past kickoff, even with no session recorded', async () => {
    const mentor = await coach.participant('mentor', 'Ivo');
    const mentee = await coach.participant('mentee', 'Jun');
    const pair = await coach.pairing(mentor.id, mentee.id);
    const goal = await coach.goal(mentee.id, { title: 'Run 5 km without stopping' });
    expect((await agenda({ pairingId: pair.id, durationMinutes: 30 })).stage).toBe('kickoff');
    const checkIn = await coach.call('POST', `/v1/goals/${goal.id}/check-ins`, { body: { progress: 40, confidence: 3 } });
    expect(checkIn.status, checkIn.text).toBe(201);
    const body = await agenda({ pairingId: pair.id, durationMinutes: 30 });
    expect(body.stage).toBe('regular');
    for (const id of body.items.flatMap((item) => item.citations.map((citation) => citation.id))) expect(blockDocuments('regular', 'one-to-one')).toContain(id);
    // No block speaks of an hour when the session is half of one.
    expect(JSON.stringify(body.items)).not.toMatch(/\b(this|the) hour\b/i);
  });

  it('infers kickoff with no sessions and regular once one is held; closing is asked for, and an ended pairing gets none', async () => {
    const newMentor = await coach.participant('mentor', 'Cato');
    const newMentee = await coach.participant('mentee', 'Dee');
    const fresh = await coach.pairing(newMentor.id, newMentee.id);
    await coach.goal(newMentee.id, { title: 'Choose a university course', measure: 'an application sent', targetDate: coach.dateIn(70) });
    expect((await agenda({ pairingId: fresh.id, durationMinutes: 45 })).stage).toBe('kickoff');

    const held = await coach.call('POST', `/v1/pairings/${fresh.id}/sessions`, { body: { scheduledAt: coach.clock.now.toISOString(), durationMinutes: 45 } });
    expect(held.status, held.text).toBe(201);
    expect((await agenda({ pairingId: fresh.id, durationMinutes: 45 })).stage).toBe('regular');

    const closing = await agenda({ pairingId: fresh.id, durationMinutes: 45, stage: 'closing' });
    expect(closing.stage).toBe('closing');
    for (const item of closing.items) for (const citation of item.citations) expect(blockDocuments('closing', 'one-to-one')).toContain(citation.id);

    const ended = await coach.call('PATCH', `/v1/pairings/${fresh.id}`, { body: { status: 'ended' } });
    expect(ended.status, ended.text).toBe(200);
    const after = await coach.call('POST', '/v1/coach/agenda', { body: { pairingId: fresh.id, durationMinutes: 45 } });
    expect(after.status, after.text).toBe(409);
  });
});

describe('the last session', () => {
  it('is read from a focus that says so, and not from one about the session before', async () => {
    for (const focus of [
      'Final session of the program: review what is finished',
      'Last session: look back over the year',
      'This is our last meeting, so let us plan what comes after',
    ]) {
      const body = await agenda({ pairingId: pairing.id, durationMinutes: 45, focus });
      expect(body.stage, focus).toBe('closing');
      for (const item of body.items) for (const citation of item.citations) expect(blockDocuments('closing', 'one-to-one')).toContain(citation.id);
      // A closing session asks nothing about next time's rhythm.
      expect(JSON.stringify(body.items), focus).not.toMatch(/meeting rhythm/i);
    }
    for (const focus of [
      'Follow up what we agreed in the last session',
      "Our last session's plan for the interview",
      'our last session we ran out of time on the CV',
    ]) {
      expect((await agenda({ pairingId: pairing.id, durationMinutes: 45, focus })).stage, focus).toBe('regular');
    }
  });
});

describe('a peer pairing', () => {
  it("gets no block that splits the time between two partners' own topics, which one mentee's record cannot fill", async () => {
    const turnTitles = new Set(coach.library.blocks.filter((entry) => entry.item.takesTurns).map((entry) => entry.item.title));
    expect(turnTitles.size).toBeGreaterThanOrEqual(3);
    for (const stage of ['kickoff', 'regular', 'closing'] as const) {
      for (const minutes of [30, 45, 60]) {
        const body = await agenda({ durationMinutes: minutes, model: 'peer', stage, goals: [{ title: 'Pass the statistics module' }] });
        expect(body.items.length, `${stage} ${minutes}`).toBeGreaterThanOrEqual(3);
        for (const item of body.items) expect(turnTitles.has(item.title), `${stage} ${minutes}: ${item.title}`).toBe(false);
        expect(JSON.stringify(body.items)).not.toMatch(/who goes first|partner's turn/i);
      }
    }
  });
});

describe("the mentee's own material", () => {
  it('names each active goal in the items, and not the completed one', async () => {
    const body = await agenda({ pairingId: pairing.id, durationMinutes: 60 });
    const text = itemText(body);
    expect(body.items.map((item) => item.title)).toEqual(expect.arrayContaining([`Goal: ${speaking.title}`, `Goal: ${course.title}`]));
    expect(text).not.toContain(finished.title);
  });

  it('puts the recent blocker in a prompt', async () => {
    const body = await agenda({ pairingId: pairing.id, durationMinutes: 45 });
    const prompts = body.items.flatMap((item) => item.prompts);
    expect(prompts.some((prompt) => prompt.includes(BLOCKER))).toBe(true);
  });

  it('brings up the open action items of the last session for review, and gives the mentee credit for theirs that are done', async () => {
    const body = await agenda({ pairingId: pairing.id, durationMinutes: 60 });
    const review = body.items.find((item) => item.title === 'Review of agreed actions');
    expect(
      review?.prompts.some((prompt) => prompt.includes(OPEN_ACTION)),
      itemText(body),
    ).toBe(true);
    expect(JSON.stringify(review)).not.toContain(DONE_BY_MENTEE);
    const credit = body.items.find((item) => item.title === 'Done since last time');
    expect(credit?.purpose, itemText(body)).toContain(DONE_BY_MENTEE);
    expect(JSON.stringify(credit)).not.toContain(OPEN_ACTION);
    // The mentor's own done item (sending a cheat sheet) is not the mentee's to be credited for, nor to review.
    expect(JSON.stringify(body)).not.toContain(DONE_ACTION);
  });

  it.each([15, 30, 45, 60, 90])("%i minutes: reviews last time's actions once, and ends on what comes next, not on that review", async (durationMinutes) => {
    const body = await agenda({ pairingId: pairing.id, durationMinutes });
    const reviews = body.items.filter((item) => /\breview\b.*\bactions?\b|\bfollow-up on last\b/i.test(item.title));
    expect(reviews.length, body.items.map((item) => item.title).join(' | ')).toBeLessThanOrEqual(1);
    expect(body.items.at(-1)!.title).not.toMatch(/\breview\b|\blast\b/i);
  });

  it('makes room for the focus', async () => {
    const focus = 'Preparing for the promotion panel';
    const body = await agenda({ pairingId: pairing.id, durationMinutes: 45, focus });
    const item = body.items.find((candidate) => candidate.title.includes(focus) || candidate.prompts.some((prompt) => prompt.includes(focus)));
    expect(item, itemText(body)).toBeDefined();
    expect(item!.minutes).toBeGreaterThanOrEqual(5);
  });

  it('gives preparation for both people and follow-ups, each with an owner', async () => {
    const body = await agenda({ pairingId: pairing.id, durationMinutes: 45 });
    expect(body.preparation.length).toBeGreaterThanOrEqual(2);
    expect(body.followUps.length).toBeGreaterThanOrEqual(2);
    for (const task of [...body.preparation, ...body.followUps]) {
      expect(['mentor', 'mentee', 'both']).toContain(task.owner);
      expect(task.text.trim().length).toBeGreaterThan(15);
    }
    const preparing = new Set(body.preparation.map((task) => task.owner));
    expect(preparing.has('mentor') || preparing.has('both')).toBe(true);
    expect(preparing.has('mentee') || preparing.has('both')).toBe(true);
    // The mentor prepares on this mentee's goals, by name.
    expect(body.preparation.find((task) => task.owner === 'mentor')!.text).toContain(mentee.displayName);
  });

  // The mentor's role is a boost, not a filter (tested in search.test.ts): a page for mentees may be suggested.
  it('suggests at most 3 resources for the mentor, each a real document', async () => {
    const body = await agenda({ pairingId: pairing.id, durationMinutes: 45 });
    expect(body.resources.length).toBeGreaterThanOrEqual(1);
    expect(body.resources.length).toBeLessThanOrEqual(3);
    for (const suggested of body.resources) {
      const document = await resource(coach, suggested.id);
      expect(document.title).toBe(suggested.title);
    }
  });
});

describe('who may ask', () => {
  it('refuses a mentee token with 403', async () => {
    const answer = await coach.call('POST', '/v1/coach/agenda', { auth: await coach.token(mentee), body: { pairingId: pairing.id, durationMinutes: 30 } });
    expect(answer.status, answer.text).toBe(403);
    expect(answer.body.error.code).toBe('forbidden');
  });

  it('refuses a mentor token for a mentee they are not paired with (403)', async () => {
    const stranger = await coach.participant('mentee', 'Eve');
    await coach.goal(stranger.id, { title: 'A goal the mentor must not see' });
    const token = await coach.token(mentor);
    const byMentee = await coach.call('POST', '/v1/coach/agenda', { auth: token, body: { menteeId: stranger.id, durationMinutes: 30 } });
    expect(byMentee.status, byMentee.text).toBe(403);
    expect(byMentee.text).not.toContain('A goal the mentor must not see');
    const otherMentor = await coach.participant('mentor', 'Fay');
    const theirs = await coach.pairing(otherMentor.id, stranger.id);
    const byPairing = await coach.call('POST', '/v1/coach/agenda', { auth: token, body: { pairingId: theirs.id, durationMinutes: 30 } });
    expect(byPairing.status, byPairing.text).toBe(403);
  });

  it('answers the mentor of the pairing, by pairing or by mentee', async () => {
    const token = await coach.token(mentor);
    const byPairing = await agenda({ pairingId: pairing.id, durationMinutes: 30 }, token);
    expect(itemText(byPairing)).toContain(course.title);
    const byMentee = await agenda({ menteeId: mentee.id, durationMinutes: 30 }, token);
    expect(byMentee).toEqual(byPairing);
  });
});

describe('mentoring model', () => {
  it.each(['group', 'e-mentoring'] as const)('reflects a %s pairing in the answer and its blocks', async (model) => {
    const groupMentor = await coach.participant('mentor', `Gil ${model}`);
    const groupMentee = await coach.participant('mentee', `Hal ${model}`);
    const modelled = await coach.pairing(groupMentor.id, groupMentee.id, model);
    await coach.goal(groupMentee.id, { title: 'Speak up once in every circle meeting', measure: 'one point per meeting', targetDate: coach.dateIn(50) });
    const body = await agenda({ pairingId: modelled.id, durationMinutes: 60 });
    expect(body.model).toBe(model);
    expect(body.stage).toBe('kickoff');
    expect(body.title).toContain(`(${model})`);
    // Every block fits this model, and at least one was written for it (not just for "any").
    const fitting = blockDocuments('kickoff', model);
    const cited = body.items.flatMap((item) => item.citations.map((citation) => citation.id));
    for (const id of cited) expect(fitting).toContain(id);
    const specific = new Set(coach.library.blocks.filter((entry) => entry.item.models.includes(model)).map((entry) => entry.source.id));
    expect(
      cited.some((id) => specific.has(id)),
      cited.join(', '),
    ).toBe(true);
  });

  it('takes a model from the request when there is no pairing', async () => {
    const body = await agenda({ durationMinutes: 45, model: 'peer', stage: 'kickoff', goals: [{ title: 'Prepare for the finance exam' }] });
    expect(body.model).toBe('peer');
    for (const item of body.items) for (const citation of item.citations) expect(blockDocuments('kickoff', 'peer')).toContain(citation.id);
  });

  it("draws on session material for the pair, never on a coordinator's own calls", async () => {
    const checked: string[] = [];
    for (const model of ['one-to-one', 'group', 'peer', 'e-mentoring']) {
      for (const stage of ['kickoff', 'regular', 'closing']) {
        const body = await agenda({ durationMinutes: 90, model, stage, goals: [{ title: 'Get a first job in marketing' }] });
        for (const id of new Set(body.items.flatMap((item) => item.citations.map((citation) => citation.id)))) {
          const document = await resource(coach, id);
          expect(['mentor', 'mentee', 'all'], `${model} ${stage} session cites ${id} (${document.audience})`).toContain(document.audience);
          checked.push(id);
        }
      }
    }
    // Each of the 12 kinds of session cites at least its template.
    expect(checked.length).toBeGreaterThanOrEqual(12);
  });
});
