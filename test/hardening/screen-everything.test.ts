/**
 * Found in hardening, round two: the screen read the question and two recent check-ins, while
 * answers and the model's prompt were built from titles, descriptions, measures and check-ins
 * of any age, so a goal titled "Stop wanting to kill myself" got coaching steps; and a sentence
 * that named a course excused first-person danger. Now everything an answer is built from is
 * screened, and a topic word never excuses the writer's own danger.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screen } from '../../server/coach/safety.ts';
import { screenContext } from '../../server/coach/screen-context.ts';
import { type Coach, startCoach } from '../server/coach/coach-support.ts';

let coach: Coach;
beforeAll(async () => {
  coach = await startCoach();
});
afterAll(async () => {
  await coach.services.store.close();
});

type Answer = { safety: { flagged: boolean; category?: string }; steps?: unknown[]; items?: unknown[] };

async function nextSteps(auth: string, body: object = {}): Promise<Answer> {
  const answer = await coach.call('POST', '/v1/coach/next-steps', { auth, body });
  expect(answer.status, answer.text).toBe(200);
  return answer.body as Answer;
}

describe('every field an answer is built from is screened', () => {
  it.each([
    ['a goal title', { title: 'Stop wanting to kill myself' }],
    ['a goal description', { title: 'Get through the term', description: 'Some nights I think about ending my life' }],
    ['a goal measure', { title: 'Keep going', measure: 'a week without hurting myself' }],
  ])('%s: the answer is the safety answer, with no steps', async (_what, goal) => {
    const mentee = await coach.participant('mentee', 'Screened Mentee');
    await coach.goal(mentee.id, goal);
    const answer = await nextSteps(await coach.token(mentee));
    expect(answer.safety.flagged).toBe(true);
    expect(answer.steps).toEqual([]);
  });

  it('any of the check-ins loaded, not only the latest two', async () => {
    const mentee = await coach.participant('mentee', 'Many Check-ins');
    const goal = await coach.goal(mentee.id, { title: 'Finish the SQL course' });
    await coach.checkIn(goal.id, { note: 'I have been stockpiling my pills' });
    for (const note of ['Practised joins', 'Did two queries', 'Read a chapter']) await coach.checkIn(goal.id, { note });
    expect((await nextSteps(await coach.token(mentee))).safety.flagged).toBe(true);
  });

  it("goals sent inline, and an agenda's focus and open action items", async () => {
    expect((await nextSteps(coach.siteKey, { goals: [{ title: 'Stop wanting to kill myself' }] })).safety.flagged).toBe(true);
    const mentor = await coach.participant('mentor', 'Agenda Mentor');
    const mentee = await coach.participant('mentee', 'Agenda Mentee');
    const pairing = await coach.pairing(mentor.id, mentee.id);
    await coach.goal(mentee.id, { title: 'Plan the portfolio' });
    const token = await coach.token(mentor);
    const focused = await coach.call('POST', '/v1/coach/agenda', {
      auth: token,
      body: { pairingId: pairing.id, durationMinutes: 30, focus: 'she said she wants to end her life' },
    });
    expect((focused.body as Answer).safety.flagged, focused.text).toBe(true);
    const session = await coach.call('POST', `/v1/pairings/${pairing.id}/sessions`, {
      auth: token,
      body: {
        scheduledAt: coach.clock.now.toISOString(),
        durationMinutes: 30,
        actionItems: [{ id: 'a1', text: 'Tell someone he hits me at home', owner: 'mentee' }],
      },
    });
    expect(session.status, session.text).toBe(201);
    const agenda = await coach.call('POST', '/v1/coach/agenda', { auth: token, body: { pairingId: pairing.id, durationMinutes: 30 } });
    expect((agenda.body as Answer).safety.flagged, agenda.text).toBe(true);
    expect((agenda.body as Answer).items).toEqual([]);
  });

  it("an old check-in's flagged words leave the context instead of holding every later answer back", () => {
    const now = new Date('2025-06-01T00:00:00Z');
    const old = new Date('2025-04-01T00:00:00Z');
    const { goals, safety } = screenContext(
      {
        goals: [
          {
            title: 'Finish the course',
            status: 'active',
            progress: 30,
            checkIns: [{ note: 'I wanted to die that week', progress: 30, confidence: 2, at: old }],
          },
        ],
      },
      now,
    );
    expect(safety).toBeUndefined();
    expect(goals[0]!.checkIns[0]).toEqual({ progress: 30, confidence: 2, at: old });
    const recent = screenContext(
      { goals: [{ title: 'Finish the course', status: 'active', progress: 30, checkIns: [{ note: 'I wanted to die that week', at: now }] }] },
      now,
    );
    expect(recent.safety?.category).toBe('self-harm');
  });
});

describe("a topic word never excuses the writer's own danger", () => {
  it.each([
    'I want to end my life over this course',
    'I want to die because of this training',
    'This class makes me want to kill myself',
    'I have been hurting myself since the placement started',
  ])('flags "%s"', (text) => {
    expect(screen(text).flagged).toBe(true);
  });

  it.each(['I am writing an essay on suicide prevention policy', 'Our training course covers self-harm awareness', 'I read a novel about a stalker last week'])(
    'still lets a subject of study through: "%s"',
    (text) => {
      expect(screen(text).flagged).toBe(false);
    },
  );
});
