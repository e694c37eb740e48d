/**
 * POST /v1/coach/next-steps: the shape of the answer and each rule a mentor would apply to a
 * mentee's goals and check-ins, against the real routes, the real store (with a clock the
 * tests move) and the real index and library of the built-in corpus. No mocks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quote } from '../../../server/coach/quote.ts';
import { NextStepsAnswer, type Step } from '../../../server/coach/schemas.ts';
import { removeTempDirs } from '../../support/temp-dir.ts';
import { type Answer, type Coach, citationChecker, startCoach } from './coach-support.ts';

let coach: Coach;
let expectResolvable: ReturnType<typeof citationChecker>;

beforeAll(async () => {
  coach = await startCoach();
  expectResolvable = citationChecker(coach);
});
afterAll(removeTempDirs);

const GOAL_KINDS: Step['kind'][] = ['sharpen', 'reframe', 'unblock', 'finish', 'celebrate', 'next-goal', 'progress'];

async function nextSteps(body: Record<string, unknown>, auth?: string): Promise<NextStepsAnswer> {
  const answer = await coach.call('POST', '/v1/coach/next-steps', { auth, body });
  expect(answer.status, answer.text).toBe(200);
  return checked(answer);
}

/** The contract every non-flagged answer keeps, whatever the situation. */
async function checked(answer: Answer): Promise<NextStepsAnswer> {
  const body = NextStepsAnswer.parse(answer.body);
  expect(body.engine).toBe('offline');
  expect(body.safety).toEqual({ flagged: false });
  // One to five: a step that fits, not padding to a count (a push that names only a goal reads the same for anyone).
  expect(body.steps.length).toBeGreaterThanOrEqual(1);
  expect(body.steps.length).toBeLessThanOrEqual(5);
  const cited = new Set(body.citations.map((citation) => citation.id));
  for (const step of body.steps) {
    expect(step.text.trim().length).toBeGreaterThan(10);
    expect(step.why.trim().length).toBeGreaterThan(10);
    expect(step.citations.length).toBeGreaterThanOrEqual(1);
    for (const citation of step.citations) expect(cited, `answer citations include ${citation.id}`).toContain(citation.id);
    await expectResolvable(step.citations);
  }
  if (body.reframe) for (const citation of body.reframe.citations) expect(cited).toContain(citation.id);
  await expectResolvable(body.citations);
  expect(new Set(body.steps.map((step) => step.text)).size, 'no step repeats another').toBe(body.steps.length);
  return body;
}

const kinds = (body: NextStepsAnswer) => body.steps.map((step) => step.kind);
const stepOf = (body: NextStepsAnswer, kind: Step['kind']) => body.steps.find((step) => step.kind === kind);

describe('the answer', () => {
  it('gives one to five steps, each with text, why, the goal it serves and citations that all resolve', async () => {
    const mentee = await coach.participant('mentee', 'Amara');
    const speaking = await coach.goal(mentee.id, { title: 'Get better at public speaking' });
    const course = await coach.goal(mentee.id, { title: 'Finish the data analysis course', measure: 'all 8 modules passed', targetDate: coach.dateIn(40) });
    await coach.checkIn(course.id, { progress: 35, confidence: 3, blockers: 'I keep starting modules and never finish any of them' });

    const body = await nextSteps({ participantId: mentee.id });
    const byId = new Map([
      [speaking.id, speaking.title],
      [course.id, course.title],
    ]);
    for (const step of body.steps.filter((candidate) => GOAL_KINDS.includes(candidate.kind))) {
      expect(step.goalId, `${step.kind} step names its goal`).toBeDefined();
      expect(step.goal).toBe(byId.get(step.goalId!));
    }
    // Both goals are served: one is vague, the other blocked.
    expect(new Set(body.steps.map((step) => step.goalId).filter(Boolean))).toEqual(new Set([speaking.id, course.id]));
  });

  it('suggests at most 3 resources, each with id, title and format, each a real document', async () => {
    const mentee = await coach.participant('mentee', 'Bilal');
    const goal = await coach.goal(mentee.id, {
      title: 'Build a portfolio of three data projects',
      measure: 'three projects published',
      targetDate: coach.dateIn(90),
    });
    await coach.checkIn(goal.id, { progress: 20, blockers: 'I do not know where to find good public datasets' });
    const body = await nextSteps({ participantId: mentee.id });
    expect(body.resources.length).toBeGreaterThanOrEqual(1);
    expect(body.resources.length).toBeLessThanOrEqual(3);
    for (const suggested of body.resources) {
      expect(suggested.id).toMatch(/^[a-z0-9-]+$/);
      expect(suggested.title.length).toBeGreaterThan(5);
      expect(suggested.format).toMatch(/^[a-z-]+$/);
      await expectResolvable([{ id: suggested.id, title: suggested.title }]);
    }
  });
});

describe('the rules', () => {
  it('a goal with no measure and no target date gets a sharpen step naming it', async () => {
    const mentee = await coach.participant('mentee', 'Chen');
    const vague = await coach.goal(mentee.id, { title: 'Be more confident at work' });
    const smart = await coach.goal(mentee.id, { title: 'Pass the AWS practitioner exam', measure: 'a pass certificate', targetDate: coach.dateIn(60) });
    const body = await nextSteps({ participantId: mentee.id });
    const sharpen = body.steps.filter((step) => step.kind === 'sharpen');
    expect(sharpen).toHaveLength(1);
    expect(sharpen[0]!.goalId).toBe(vague.id);
    expect(sharpen[0]!.goal).toBe('Be more confident at work');
    expect(sharpen[0]!.why).toContain('"Be more confident at work"');
    expect(sharpen[0]!.why).toMatch(/measure of done/);
    expect(sharpen[0]!.why).toMatch(/target date/);
    expect(sharpen.some((step) => step.goalId === smart.id)).toBe(false);

    // A goal that names its outcome has its measure in its title: it is not asked for one.
    const other = await coach.participant('mentee', 'Chet');
    await coach.goal(other.id, { title: 'Submit the exchange application', targetDate: coach.dateIn(30) });
    expect(kinds(await nextSteps({ participantId: other.id }))).not.toContain('sharpen');
  });

  it('no check-in for three weeks gets a restart step (and a fresh check-in does not)', async () => {
    const mentee = await coach.participant('mentee', 'Dana');
    const goal = await coach.goal(mentee.id, { title: 'Learn conversational Spanish', measure: 'a 10-minute conversation', targetDate: coach.dateIn(120) });
    await coach.checkIn(goal.id, { progress: 25, confidence: 4 });
    expect(kinds(await nextSteps({ participantId: mentee.id }))).not.toContain('restart');

    // 22 days and an hour: the check-in was written a few milliseconds after the clock's time.
    coach.advanceDays(22 + 1 / 24);
    const body = await nextSteps({ participantId: mentee.id });
    const restart = stepOf(body, 'restart');
    expect(restart, JSON.stringify(kinds(body))).toBeDefined();
    expect(restart!.why).toMatch(/\b22 days ago\b/);
  });

  it('a check-in with confidence 1 or 2 and a note on why gets a step for what the note says (and 4 does not)', async () => {
    const low = await coach.participant('mentee', 'Eli');
    const lowGoal = await coach.goal(low.id, { title: 'Lead the weekly stand-up', measure: 'run four stand-ups', targetDate: coach.dateIn(45) });
    const note = 'Everyone else on the team seems so much more confident speaking up than me';
    await coach.checkIn(lowGoal.id, { progress: 10, confidence: 2, note });
    const body = await nextSteps({ participantId: low.id });
    const reframe = stepOf(body, 'reframe');
    expect(reframe, JSON.stringify(body.steps)).toBeDefined();
    expect(reframe!.goalId).toBe(lowGoal.id);
    expect(reframe!.why).toMatch(/confidence at 2 out of 5/);
    expect(reframe!.why).toContain(note);

    // Without a word on why, a confidence exercise would read the same for anyone: none is given.
    const silent = await coach.participant('mentee', 'Eve');
    const silentGoal = await coach.goal(silent.id, { title: 'Lead the weekly stand-up', measure: 'run four stand-ups', targetDate: coach.dateIn(45) });
    await coach.checkIn(silentGoal.id, { progress: 10, confidence: 2 });
    const unsaid = await nextSteps({ participantId: silent.id });
    expect(kinds(unsaid)).not.toContain('reframe');
    expect(unsaid.steps.some((step) => step.goalId === silentGoal.id)).toBe(true);

    const steady = await coach.participant('mentee', 'Fern');
    const steadyGoal = await coach.goal(steady.id, { title: 'Lead the weekly stand-up', measure: 'run four stand-ups', targetDate: coach.dateIn(45) });
    await coach.checkIn(steadyGoal.id, { progress: 10, confidence: 4 });
    expect(kinds(await nextSteps({ participantId: steady.id }))).not.toContain('reframe');
  });

  it('a note with a negative statement gets a reframe with its thinking pattern', async () => {
    const mentee = await coach.participant('mentee', 'Gus');
    const goal = await coach.goal(mentee.id, { title: 'Get a junior developer job', measure: 'a signed offer', targetDate: coach.dateIn(100) });
    await coach.checkIn(goal.id, { progress: 30, confidence: 3, note: 'Everyone else is ahead of me, they all have offers already' });
    const body = await nextSteps({ participantId: mentee.id });
    expect(body.reframe).toBeDefined();
    expect(body.reframe!.pattern).toBe('comparison');
    expect(body.reframe!.text.length).toBeGreaterThan(20);
    expect(body.reframe!.question).toMatch(/\?$/);
    expect(body.reframe!.citations.length).toBeGreaterThanOrEqual(1);
    // The reframe is drawn from material written for that very pattern.
    const forPattern = new Set(coach.library.reframesFor('comparison').map((entry) => entry.source.id));
    for (const citation of body.reframe!.citations) expect(forPattern).toContain(citation.id);
    await expectResolvable(body.reframe!.citations);
  });

  it('a neutral note gets no reframe', async () => {
    const mentee = await coach.participant('mentee', 'Hana');
    const goal = await coach.goal(mentee.id, { title: 'Get a junior developer job', measure: 'a signed offer', targetDate: coach.dateIn(100) });
    await coach.checkIn(goal.id, { progress: 30, confidence: 4, note: 'Sent two applications and booked a mock interview for Thursday' });
    expect((await nextSteps({ participantId: mentee.id })).reframe).toBeUndefined();
  });

  it.each([
    'I get so nervous speaking up in the group sessions that I stay silent',
    'I keep starting projects and never finish any of them',
    'I am exhausted and burning out from juggling work and study',
  ])('a blocker gets an unblock step quoting it, in its own words or from a document that matches it: %s', async (blocker) => {
    const mentee = await coach.participant('mentee', 'Ines');
    const goal = await coach.goal(mentee.id, { title: 'Move into a data analyst role', measure: 'an offer for an analyst job', targetDate: coach.dateIn(150) });
    await coach.checkIn(goal.id, { progress: 40, confidence: 3, blockers: blocker });
    const body = await nextSteps({ participantId: mentee.id });
    const unblock = stepOf(body, 'unblock');
    expect(unblock, JSON.stringify(kinds(body))).toBeDefined();
    expect(unblock!.goalId).toBe(goal.id);
    expect(unblock!.why).toContain(`"${blocker}"`);
    // Either the step carries the blocker's words (an action with a {blocker} slot, filled), or it
    // is an action of one of the documents the library's own search ranks first for the blocker.
    const search = await coach.call('GET', `/v1/resources?q=${encodeURIComponent(blocker)}&audience=mentee&limit=3`);
    expect(search.status).toBe(200);
    const found = (search.body.results as Array<{ id: string }>).map((result) => result.id);
    const [cited] = unblock!.citations.map((citation) => citation.id);
    const source = coach.library.actions.filter((entry) => entry.source.id === cited);
    const carriesBlocker = unblock!.text.includes(quote(blocker, 70));
    // A step that sends the mentee to a page cites the page found for the blocker.
    if (carriesBlocker) expect(source.some((entry) => entry.item.text.includes('{blocker}')) || found.includes(cited!)).toBe(true);
    else {
      expect(found).toContain(cited);
      expect(source.some((entry) => entry.item.text === unblock!.text)).toBe(true);
    }
    expect(body.resources.map((suggested) => suggested.id)).toContain(found[0]);
  });

  it('a blocker is answered by a way round for its kind: a skill gap never by a change of hour, a lack of time never by a lesson', async () => {
    const ways = {
      hours: /^(Name one change to when, where or how|Move one stretch of work)/,
      lesson: /^Write down exactly which part of/,
      putOff: /^(Cut |Pick a set time tomorrow)/,
    };
    const answerTo = async (name: string, blocker: string) => {
      const mentee = await coach.participant('mentee', name);
      const goal = await coach.goal(mentee.id, { title: 'Pass the statistics module', measure: 'a pass mark', targetDate: coach.dateIn(60) });
      await coach.checkIn(goal.id, { progress: 30, confidence: 3, blockers: blocker });
      const unblock = stepOf(await nextSteps({ participantId: mentee.id }), 'unblock');
      expect(unblock?.why).toContain(blocker);
      return unblock!.text;
    };
    // Several people each, since equally fitting ways are chosen per person.
    for (const [at, name] of ['Ada', 'Ben', 'Cy', 'Dee'].entries()) {
      const skill = await answerTo(`${name} S`, `I do not know how to read the regression output ${at}`);
      expect(skill).not.toMatch(ways.hours);
      expect(skill).not.toMatch(ways.putOff);
      const time = await answerTo(`${name} T`, `my evenings are taken by the kids and the early shifts ${at}`);
      expect(time).not.toMatch(ways.lesson);
      expect(time).not.toMatch(ways.putOff);
    }
  });

  it("a health limit is sent to whoever treats it, never to a layperson's idea", async () => {
    for (const name of ['Hal', 'Ivo', 'Jan', 'Kai']) {
      const mentee = await coach.participant('mentee', `${name} H`);
      const goal = await coach.goal(mentee.id, { title: 'Run the half marathon in May', measure: 'finish the race', targetDate: coach.dateIn(90) });
      await coach.checkIn(goal.id, { progress: 40, confidence: 3, blockers: 'my knee is sore after every long run' });
      const unblock = stepOf(await nextSteps({ participantId: mentee.id }), 'unblock');
      expect(unblock?.text).toMatch(/doctor, physio or nurse/);
      expect(unblock?.text).not.toMatch(/^Ask one person who has been where you are/);
    }
  });

  it('a habit is not asked for a target date, and a pair that met this week is not told to restart', async () => {
    const mentor = await coach.participant('mentor', 'Hal');
    const mentee = await coach.participant('mentee', 'Hedy');
    const habit = await coach.goal(mentee.id, { title: 'Run three times a week', measure: 'three runs logged each week' });
    await coach.checkIn(habit.id, { progress: 40, confidence: 4 });
    coach.advanceDays(20);
    const pairing = await coach.pairing(mentor.id, mentee.id);
    const session = await coach.call('POST', `/v1/pairings/${pairing.id}/sessions`, {
      body: { scheduledAt: new Date(coach.clock.now.getTime() - 2 * 86_400_000).toISOString(), durationMinutes: 30 },
    });
    expect(session.status, session.text).toBe(201);
    const body = await nextSteps({ participantId: mentee.id });
    expect(kinds(body)).not.toContain('sharpen');
    // No check-in for 20 days, but the pair met two days ago: they are under way.
    expect(kinds(body)).not.toContain('restart');
  });

  it('a goal due in a few days gets a finish step (and one due in two months does not)', async () => {
    const mentee = await coach.participant('mentee', 'Jonas');
    const soon = await coach.goal(mentee.id, { title: 'Submit the scholarship application', measure: 'application submitted', targetDate: coach.dateIn(4) });
    const later = await coach.goal(mentee.id, { title: 'Read three books on leadership', measure: 'three books with notes', targetDate: coach.dateIn(60) });
    await coach.checkIn(soon.id, { progress: 60, confidence: 3 });
    const body = await nextSteps({ participantId: mentee.id });
    const finish = body.steps.filter((step) => step.kind === 'finish');
    expect(finish).toHaveLength(1);
    expect(finish[0]!.goalId).toBe(soon.id);
    expect(finish[0]!.why).toBe('"Submit the scholarship application" is due in 4 days and stands at 60%.');
    expect(finish.some((step) => step.goalId === later.id)).toBe(false);
    // What is due comes first.
    expect(body.steps[0]!.kind).toBe('finish');
  });

  it('a finish step is about finishing the goal, never about ending the mentoring relationship', async () => {
    const cited: string[] = [];
    for (let index = 0; index < 30; index++) {
      const mentee = await coach.participant('mentee', `Finisher ${index}`);
      await coach.goal(mentee.id, { title: 'Finish the data analysis course', measure: 'all 8 modules passed', targetDate: coach.dateIn(6) });
      const finish = stepOf(await nextSteps({ participantId: mentee.id }), 'finish');
      expect(finish).toBeDefined();
      cited.push(finish!.citations[0]!.id);
    }
    for (const id of new Set(cited)) {
      const document = (await coach.call('GET', `/v1/resources/${id}`)).body.resource;
      expect(document.topics, `${id}: ${document.title}`).not.toContain('closure');
      expect(document.stage).not.toBe('closing');
    }
  });

  it('a completed goal gets a celebrate step and, with no other active goal, a next-goal step', async () => {
    const mentee = await coach.participant('mentee', 'Kemi');
    const goal = await coach.goal(mentee.id, { title: 'Run my first 5k', measure: 'finish a 5k race', targetDate: coach.dateIn(20) });
    const patched = await coach.call('PATCH', `/v1/goals/${goal.id}`, { body: { status: 'completed', progress: 100 } });
    expect(patched.status, patched.text).toBe(200);
    const body = await nextSteps({ participantId: mentee.id });
    const celebrate = stepOf(body, 'celebrate');
    const next = stepOf(body, 'next-goal');
    expect(celebrate, JSON.stringify(kinds(body))).toBeDefined();
    expect(celebrate!.goalId).toBe(goal.id);
    expect(celebrate!.why).toContain('"Run my first 5k"');
    expect(next, JSON.stringify(kinds(body))).toBeDefined();
    expect(next!.goalId).toBe(goal.id);
    expect(kinds(body)).not.toContain('finish');
  });

  it('a completed goal next to an active one is celebrated without a next-goal step, or a push that names only the other goal', async () => {
    const mentee = await coach.participant('mentee', 'Lior');
    const done = await coach.goal(mentee.id, { title: 'Run my first 5k', measure: 'finish a 5k race', targetDate: coach.dateIn(20) });
    const active = await coach.goal(mentee.id, { title: 'Run a 10k under an hour', measure: 'a 10k race time under 60 minutes', targetDate: coach.dateIn(90) });
    expect((await coach.call('PATCH', `/v1/goals/${done.id}`, { body: { status: 'completed' } })).status).toBe(200);
    const body = await nextSteps({ participantId: mentee.id });
    expect(stepOf(body, 'celebrate')?.goalId).toBe(done.id);
    expect(kinds(body)).not.toContain('next-goal');
    // Nothing is written on the 10k: a general push on it beside the celebration would be padding.
    expect(
      body.steps.some((step) => step.goalId === active.id),
      JSON.stringify(body.steps),
    ).toBe(false);
    // Once something is written on it, it has its step.
    await coach.checkIn(active.id, { progress: 20, blockers: 'my long runs keep getting cancelled by late shifts' });
    const after = await nextSteps({ participantId: mentee.id });
    expect(after.steps.find((step) => step.goalId === active.id)?.kind, JSON.stringify(after.steps)).toBe('unblock');
  });

  it('no goals at all gets start steps', async () => {
    const mentee = await coach.participant('mentee', 'Mira');
    const body = await nextSteps({ participantId: mentee.id });
    expect(kinds(body).filter((kind) => kind === 'start').length).toBeGreaterThanOrEqual(2);
    expect(kinds(body).every((kind) => kind === 'start')).toBe(true);
    for (const step of body.steps) expect(step.goalId).toBeUndefined();
  });

  it('a question gets a question step that quotes it', async () => {
    const mentee = await coach.participant('mentee', 'Noor');
    await coach.goal(mentee.id, { title: 'Grow my professional network', measure: 'ten new contacts in my field', targetDate: coach.dateIn(80) });
    const question = 'How do I ask my mentor to introduce me to someone in their network?';
    const body = await nextSteps({ participantId: mentee.id, question });
    const asked = stepOf(body, 'question');
    expect(asked, JSON.stringify(kinds(body))).toBeDefined();
    expect(asked!.why).toContain(question.slice(0, -1));
    expect(asked!.goalId).toBeUndefined();
  });
});

describe('inline data and who may ask', () => {
  it('takes inline goals and progress with a site key and no participantId', async () => {
    const body = await nextSteps({
      goals: [
        { id: 'host-goal-1', title: 'Pass the bookkeeping certificate', measure: 'certificate awarded', targetDate: coach.dateIn(5), progress: 50 },
        { id: 'host-goal-2', title: 'Network more' },
      ],
      progress: [{ goalId: 'host-goal-1', confidence: 2, blockers: 'I cannot find quiet time to study at home' }],
    });
    // The blocker is what stands between the goal and its date, and what the low confidence is
    // about: one step answers it and says all three.
    expect(kinds(body)).toEqual(['unblock', 'sharpen']);
    expect(stepOf(body, 'unblock')!.goalId).toBe('host-goal-1');
    expect(stepOf(body, 'unblock')!.goal).toBe('Pass the bookkeeping certificate');
    expect(stepOf(body, 'unblock')!.why).toContain('"I cannot find quiet time to study at home"');
    expect(stepOf(body, 'unblock')!.why).toMatch(/due in 5 days.*confidence in it is at 2 out of 5/);
    expect(stepOf(body, 'sharpen')!.goalId).toBe('host-goal-2');
  });

  it('answers a participant token for the participant themself', async () => {
    const mentee = await coach.participant('mentee', 'Omar');
    const goal = await coach.goal(mentee.id, { title: 'Write a cover letter I am proud of' });
    const token = await coach.token(mentee);
    const own = await nextSteps({}, token);
    expect(stepOf(own, 'sharpen')?.goalId).toBe(goal.id);
    // Naming themself is the same answer.
    expect(await nextSteps({ participantId: mentee.id }, token)).toEqual(own);
  });

  it('refuses a mentee token asking about another mentee with 403', async () => {
    const asker = await coach.participant('mentee', 'Pia');
    const other = await coach.participant('mentee', 'Quinn');
    await coach.goal(other.id, { title: 'Private goal of another mentee' });
    const answer = await coach.call('POST', '/v1/coach/next-steps', { auth: await coach.token(asker), body: { participantId: other.id } });
    expect(answer.status, answer.text).toBe(403);
    expect(answer.body.error.code).toBe('forbidden');
    expect(answer.text).not.toContain('Private goal of another mentee');
  });

  it('answers 404 for a participant of another site', async () => {
    const elsewhere = await coach.newSite();
    const stranger = await coach.participant('mentee', 'Rosa', elsewhere.siteKey);
    const answer = await coach.call('POST', '/v1/coach/next-steps', { body: { participantId: stranger.id } });
    expect(answer.status, answer.text).toBe(404);
    expect(answer.body.error.code).toBe('not_found');
  });

  it('answers 400 to a site key with nothing to go on', async () => {
    const answer = await coach.call('POST', '/v1/coach/next-steps', { body: {} });
    expect(answer.status, answer.text).toBe(400);
    expect(answer.body.error.code).toBe('validation_failed');
    expect(answer.body.error.details).toEqual([expect.objectContaining({ path: 'participantId' })]);
  });
});

describe('variety', () => {
  async function sameSituation(name: string) {
    const mentee = await coach.participant('mentee', name);
    const vague = await coach.goal(mentee.id, { title: 'Get better at presenting' });
    const goal = await coach.goal(mentee.id, { title: 'Publish a portfolio website', measure: 'site live with three projects', targetDate: coach.dateIn(30) });
    await coach.checkIn(goal.id, { progress: 40, confidence: 2, blockers: 'I keep starting projects and never finish any of them' });
    await coach.checkIn(vague.id, { progress: 10, confidence: 3 });
    return mentee;
  }

  it("fills an action's slots with the person's own words, and offers none whose words are missing", async () => {
    const withBlocker = await nextSteps({ participantId: (await sameSituation('Vera')).id });
    const mentee = await coach.participant('mentee', 'Wim');
    await coach.goal(mentee.id, { title: 'Run a 5k', measure: 'a 5k run without stopping', targetDate: coach.dateIn(60) });
    const noBlocker = await nextSteps({ participantId: mentee.id });
    for (const body of [withBlocker, noBlocker]) for (const step of body.steps) expect(step.text).not.toMatch(/[{}]/);
    expect(
      withBlocker.steps.some((step) =>
        ['"I keep starting projects and never finish any of them"', '"Publish a portfolio website"', '"Get better at presenting"'].some((words) =>
          step.text.includes(words),
        ),
      ),
    ).toBe(true);
    expect(noBlocker.steps.every((step) => !step.text.includes('never finish'))).toBe(true);
  });

  it("raises what the mentee agreed at the last session and has not done, not the mentor's own items", async () => {
    const mentor = await coach.participant('mentor', 'Xan');
    const mentee = await coach.participant('mentee', 'Yara');
    const pairing = await coach.pairing(mentor.id, mentee.id);
    await coach.goal(mentee.id, { title: 'Pass the driving test', measure: 'a pass certificate', targetDate: coach.dateIn(50) });
    const session = await coach.call('POST', `/v1/pairings/${pairing.id}/sessions`, {
      body: {
        scheduledAt: new Date(coach.clock.now.getTime() - 5 * 86_400_000).toISOString(),
        durationMinutes: 30,
        actionItems: [
          { id: 'm1', text: 'Book two practice drives with my uncle', owner: 'mentee' },
          { id: 'm2', text: 'Send Yara the theory app link', owner: 'mentor' },
          { id: 'm3', text: 'Do ten theory questions a day', owner: 'mentee', done: true },
        ],
      },
    });
    expect(session.status, session.text).toBe(201);
    const body = await nextSteps({ participantId: mentee.id });
    const agreed = body.steps.filter((step) => step.why.startsWith('You agreed at your last session'));
    expect(agreed.map((step) => step.why)).toEqual(['You agreed at your last session to "Book two practice drives with my uncle", and it is still open.']);
    expect(agreed[0]!.text).toContain('"Book two practice drives with my uncle"');
    expect(JSON.stringify(body.steps)).not.toMatch(/theory app link|ten theory questions/);
  });

  it('names an agreed item past its due date as past it, and one still in time by its date', async () => {
    const mentor = await coach.participant('mentor', 'Ines');
    const mentee = await coach.participant('mentee', 'Joss');
    const pairing = await coach.pairing(mentor.id, mentee.id);
    await coach.goal(mentee.id, { title: 'Pass the driving test', measure: 'a pass certificate', targetDate: coach.dateIn(50) });
    const session = await coach.call('POST', `/v1/pairings/${pairing.id}/sessions`, {
      body: {
        scheduledAt: new Date(coach.clock.now.getTime() - 5 * 86_400_000).toISOString(),
        durationMinutes: 30,
        actionItems: [
          { id: 'a1', text: 'Book two practice drives with my uncle', owner: 'mentee', dueDate: coach.dateIn(-2) },
          { id: 'a2', text: 'Download the theory test app', owner: 'mentee', dueDate: coach.dateIn(3) },
        ],
      },
    });
    expect(session.status, session.text).toBe(201);
    const whys = (await nextSteps({ participantId: mentee.id })).steps.map((step) => step.why).filter((why) => why.startsWith('You agreed'));
    expect(whys).toContain(
      `You agreed at your last session to "Book two practice drives with my uncle" by ${coach.dateIn(-2)}: that date has passed and it is still open.`,
    );
    expect(whys).toContain(`You agreed at your last session to "Download the theory test app" by ${coach.dateIn(3)}, and it is still open.`);
  });

  it('reads a note that names a difficulty as the blocker, and a note of progress as none', async () => {
    const mentee = await coach.participant('mentee', 'Noor');
    const goal = await coach.goal(mentee.id, { title: 'Find a sponsor for the podcast', measure: 'one signed sponsor', targetDate: coach.dateIn(60) });
    await coach.checkIn(goal.id, { progress: 10, confidence: 3, note: 'no idea how to price the ads, never done anything like this' });
    const body = await nextSteps({ participantId: mentee.id });
    const step = body.steps.find((item) => item.goalId === goal.id);
    expect(step?.kind, JSON.stringify(body.steps)).toBe('unblock');
    expect(step!.why).toContain('Your latest note on "Find a sponsor for the podcast" says');
    expect(step!.text).toContain('no idea how to price the ads');

    const glad = await coach.participant('mentee', 'Omar');
    const gladGoal = await coach.goal(glad.id, { title: 'Find a sponsor for the podcast', measure: 'one signed sponsor', targetDate: coach.dateIn(60) });
    await coach.checkIn(gladGoal.id, { progress: 30, confidence: 4, note: 'worked hard on the pitch deck, no problems so far' });
    expect(kinds(await nextSteps({ participantId: glad.id }))).not.toContain('unblock');
  });

  it('asks no habit or standard kept up for a target date', async () => {
    const mentee = await coach.participant('mentee', 'Pia');
    for (const title of [
      'Keep my GPA above 3.5',
      'No phone after 10pm on school nights',
      'Stop doing the technical work myself',
      'Sleep 7 hours on placement weeks',
    ]) {
      await coach.goal(mentee.id, { title });
    }
    const body = await nextSteps({ participantId: mentee.id });
    expect(JSON.stringify(body.steps)).not.toMatch(/target date/);
    // Nor a "next piece" of a habit, which has none.
    expect(JSON.stringify(body.steps)).not.toMatch(/next 30-minute piece|next small piece|next three small steps/);
  });

  it('raises no plan the pair made for a goal that an injury now holds back, and plans inside the advice already given', async () => {
    const mentor = await coach.participant('mentor', 'Remy');
    const mentee = await coach.participant('mentee', 'Sol');
    const pairing = await coach.pairing(mentor.id, mentee.id);
    const goal = await coach.goal(mentee.id, { title: 'Pass the fitness test', measure: 'a score of 500', targetDate: coach.dateIn(50) });
    await coach.checkIn(goal.id, { progress: 40, confidence: 2, blockers: 'sprained my ankle on the sprint drills, physio says no running for three weeks' });
    const session = await coach.call('POST', `/v1/pairings/${pairing.id}/sessions`, {
      body: {
        scheduledAt: new Date(coach.clock.now.getTime() - 5 * 86_400_000).toISOString(),
        durationMinutes: 30,
        actionItems: [{ id: 'a1', text: 'Three sprint drills sessions a week', owner: 'mentee' }],
      },
    });
    expect(session.status, session.text).toBe(201);
    const body = await nextSteps({ participantId: mentee.id });
    expect(JSON.stringify(body.steps)).not.toContain('Three sprint drills sessions a week');
    const step = body.steps.find((item) => item.goalId === goal.id);
    expect(step?.kind, JSON.stringify(body.steps)).toBe('unblock');
    expect(step!.text).toMatch(/inside what you were already told/);
  });

  it('takes what the pair agreed for a blocker as the step for it, in place of a new way round', async () => {
    const mentor = await coach.participant('mentor', 'Quin');
    const mentee = await coach.participant('mentee', 'Rosa');
    const pairing = await coach.pairing(mentor.id, mentee.id);
    const goal = await coach.goal(mentee.id, { title: 'Pass the pharmacology exam', measure: 'a pass mark', targetDate: coach.dateIn(10) });
    const other = await coach.goal(mentee.id, { title: 'Run a 10k', measure: 'a 10k without stopping', targetDate: coach.dateIn(90) });
    await coach.checkIn(goal.id, {
      progress: 30,
      confidence: 2,
      blockers: 'the drug interaction tables will not stay in my head',
      note: 'everyone else in my year seems to remember them',
    });
    await coach.checkIn(other.id, { progress: 50, confidence: 4, blockers: 'my knee hurts after 5k' });
    const session = await coach.call('POST', `/v1/pairings/${pairing.id}/sessions`, {
      body: {
        scheduledAt: new Date(coach.clock.now.getTime() - 3 * 86_400_000).toISOString(),
        durationMinutes: 45,
        actionItems: [{ id: 'a1', text: 'Make flashcards of the interaction tables and test myself on the bus', owner: 'mentee' }],
      },
    });
    expect(session.status, session.text).toBe(201);
    const body = await nextSteps({ participantId: mentee.id });
    const forExam = body.steps.filter((step) => step.goalId === goal.id);
    expect(
      forExam.map((step) => step.kind),
      JSON.stringify(body.steps),
    ).toEqual(['progress']);
    expect(forExam[0]!.text).toContain('"Make flashcards of the interaction tables and test myself on the bus"');
    expect(forExam[0]!.why).toContain('"the drug interaction tables will not stay in my head"');
    // The date and the low confidence are the blocker's too: no finishing form, no confidence exercise beside it.
    expect(forExam[0]!.why).toMatch(/The goal is due in 10 days\. Your confidence in it is at 2 out of 5\./);
    // The other goal's blocker shares nothing with it, and gets its own way round.
    expect(body.steps.find((step) => step.goalId === other.id)?.kind).toBe('unblock');
  });

  it('asks a vague goal for exactly what it lacks', async () => {
    const mentee = await coach.participant('mentee', 'Zed');
    const undated = await coach.goal(mentee.id, { title: 'Swim 20 lengths without stopping' });
    const body = await nextSteps({ participantId: mentee.id });
    const sharpen = body.steps.find((step) => step.kind === 'sharpen' && step.goalId === undated.id)!;
    expect(sharpen.why).toContain('no target date');
    expect(sharpen.why).not.toContain('measure');
    if (sharpen.text.includes('"Swim 20 lengths without stopping"')) expect(sharpen.text).toContain('a target date');
  });

  it('gives participants in the same situation answers that do not all read the same', async () => {
    // The choice among equally fitting actions is seeded by the participant's id. Here the blocker
    // has four fitting answers and the vague goal two, so eight people all reading one template
    // would mean the choice is not working.
    const answers = [];
    for (const name of ['Sami', 'Tara', 'Sol', 'Tove', 'Saul', 'Tia', 'Siv', 'Ted'])
      answers.push(await nextSteps({ participantId: (await sameSituation(name)).id }));
    // The same situations are recognised...
    for (const answer of answers) expect(kinds(answer)).toEqual(kinds(answers[0]!));
    // ...but the wording they read is not one template.
    const texts = new Set(answers.map((body) => JSON.stringify(body.steps.map((step) => step.text))));
    expect(texts.size, [...texts].join('\n')).toBeGreaterThan(1);
  });

  it('gives the same participant the same answer twice', async () => {
    const mentee = await sameSituation('Uma');
    const first = await coach.call('POST', '/v1/coach/next-steps', { body: { participantId: mentee.id } });
    const second = await coach.call('POST', '/v1/coach/next-steps', { body: { participantId: mentee.id } });
    expect(first.status).toBe(200);
    expect(second.body).toEqual(first.body);
  });
});
