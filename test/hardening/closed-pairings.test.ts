/**
 * Found in hardening, round two: after a pairing ended, the former mentor's agenda request
 * still answered 200 with the mentee's goals, blockers and wins, and new sessions could still
 * be recorded on it. One rule now holds on every route: a mentor reaches a mentee through an
 * open (active) pairing only; a paused or ended pairing keeps its past sessions readable to
 * both people as history and takes nothing new.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pairing, Participant } from '../../server/store/index.ts';
import { type Coach, startCoach } from '../server/coach/coach-support.ts';

let coach: Coach;
beforeAll(async () => {
  coach = await startCoach();
});
afterAll(async () => {
  await coach.services.store.close();
});

async function pairedWithHistory(): Promise<{
  mentor: Participant;
  mentee: Participant;
  pairing: Pairing;
  mentorToken: string;
  menteeToken: string;
  sessionId: string;
  goalId: string;
}> {
  const mentor = await coach.participant('mentor', 'Former Mentor');
  const mentee = await coach.participant('mentee', 'Former Mentee');
  const pairing = await coach.pairing(mentor.id, mentee.id);
  const goal = await coach.goal(mentee.id, { title: 'Finish the portfolio site' });
  await coach.checkIn(goal.id, { progress: 40, blockers: 'Secret blocker about my landlord', wins: 'Private win at the clinic' });
  const mentorToken = await coach.token(mentor);
  const menteeToken = await coach.token(mentee);
  const session = await coach.call('POST', `/v1/pairings/${pairing.id}/sessions`, {
    auth: mentorToken,
    body: {
      scheduledAt: coach.clock.now.toISOString(),
      durationMinutes: 30,
      notes: 'First meeting',
      actionItems: [{ id: 'item-1', text: 'Draft the about page', owner: 'mentee' }],
    },
  });
  expect(session.status, session.text).toBe(201);
  return { mentor, mentee, pairing, mentorToken, menteeToken, sessionId: (session.body as { session: { id: string } }).session.id, goalId: goal.id };
}

describe.each(['ended', 'paused'] as const)('a pairing that is %s', (status) => {
  it('gives the former mentor no agenda, no goals and no new session; its history stays readable to both', async () => {
    const { mentee, pairing, mentorToken, menteeToken, sessionId, goalId } = await pairedWithHistory();
    const agendaBefore = await coach.call('POST', '/v1/coach/agenda', { auth: mentorToken, body: { pairingId: pairing.id, durationMinutes: 30 } });
    expect(agendaBefore.status, agendaBefore.text).toBe(200);

    expect((await coach.call('PATCH', `/v1/pairings/${pairing.id}`, { body: { status } })).status).toBe(200);

    for (const body of [
      { pairingId: pairing.id, durationMinutes: 30 },
      { menteeId: mentee.id, durationMinutes: 30 },
    ]) {
      const agenda = await coach.call('POST', '/v1/coach/agenda', { auth: mentorToken, body });
      expect([403, 409], agenda.text).toContain(agenda.status);
      expect(agenda.text).not.toContain('landlord');
      expect(agenda.text).not.toContain('portfolio');
    }
    // Neither person, nor the site, adds to a closed pairing.
    for (const auth of [mentorToken, menteeToken, coach.siteKey]) {
      const added = await coach.call('POST', `/v1/pairings/${pairing.id}/sessions`, {
        auth,
        body: { scheduledAt: coach.clock.now.toISOString(), durationMinutes: 30 },
      });
      expect(added.status, added.text).toBe(409);
      expect((added.body as { error: { code: string } }).error.code).toBe('pairing_not_open');
    }
    const changed = await coach.call('PATCH', `/v1/sessions/${sessionId}`, { auth: mentorToken, body: { notes: 'rewritten later' } });
    expect(changed.status, changed.text).toBe(409);
    expect((await coach.call('DELETE', `/v1/sessions/${sessionId}`, { auth: mentorToken })).status).toBe(409);

    for (const path of [`/v1/participants/${mentee.id}`, `/v1/participants/${mentee.id}/goals`, `/v1/goals/${goalId}`, `/v1/goals/${goalId}/check-ins`]) {
      const read = await coach.call('GET', path, { auth: mentorToken });
      expect(read.status, `${path}: ${read.text}`).toBe(403);
      expect(read.text).not.toContain('landlord');
    }
    for (const auth of [mentorToken, menteeToken]) {
      const history = await coach.call('GET', `/v1/pairings/${pairing.id}/sessions`, { auth });
      expect(history.status, history.text).toBe(200);
      expect(history.text).toContain('First meeting');
      expect((await coach.call('GET', `/v1/sessions/${sessionId}`, { auth })).status).toBe(200);
    }
    // The mentee keeps their own goals, and reopening the pairing gives the mentor back their reach.
    expect((await coach.call('GET', `/v1/participants/${mentee.id}/goals`, { auth: menteeToken })).status).toBe(200);
    if (status === 'paused') {
      expect((await coach.call('PATCH', `/v1/pairings/${pairing.id}`, { body: { status: 'active' } })).status).toBe(200);
      expect((await coach.call('POST', '/v1/coach/agenda', { auth: mentorToken, body: { pairingId: pairing.id, durationMinutes: 30 } })).status).toBe(200);
    }
  });
});

it("a mentor reading their mentee sees id, role and name, not the host's id or profile", async () => {
  const mentor = await coach.participant('mentor', 'Reading Mentor');
  const mentee = await coach.participant('mentee', 'Read Mentee');
  await coach.pairing(mentor.id, mentee.id);
  const read = await coach.call('GET', `/v1/participants/${mentee.id}`, { auth: await coach.token(mentor) });
  expect(read.status, read.text).toBe(200);
  expect((read.body as { participant: object }).participant).toEqual({ id: mentee.id, role: 'mentee', displayName: 'Read Mentee' });
  const own = await coach.call('GET', `/v1/participants/${mentee.id}`, { auth: await coach.token(mentee) });
  expect((own.body as { participant: { externalId: string } }).participant.externalId).toBe(mentee.externalId);
  const site = await coach.call('GET', `/v1/participants/${mentee.id}`);
  expect((site.body as { participant: { externalId: string } }).participant.externalId).toBe(mentee.externalId);
});
