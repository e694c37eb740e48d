/**
 * The repository contract, on SQLite and on PostgreSQL alike: what one database does, the
 * other does, row for row: records, site scoping, keyset pages, duplicates, cascades, the
 * check-in transaction and token revocation.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DuplicateError, InvalidCursorError, type Site, type Store } from '../../../server/store/index.ts';
import { STORES } from '../../support/stores.ts';

const profile = { skills: ['sql'], interests: ['data'], preferences: { meeting: 'video' } };
const contacts = [{ name: 'Dana Ruiz', role: 'Safeguarding lead', phone: '+44 20 7946 0000' }];

describe.each(STORES)('repositories on $name', ({ open }) => {
  let store: Store;
  let site: Site;
  let other: Site;
  let tick: number;

  beforeEach(async () => {
    tick = Date.parse('2031-05-01T09:00:00.000Z');
    store = await open({ now: () => new Date((tick += 1000)) });
    site = await store.sites.create(
      { name: 'North', allowedOrigins: ['https://north.example'], safeguardingContacts: contacts, modelEnabled: true },
      {
        keyHash: 'hash-n',
        tokenSecret: 'secret-n',
      },
    );
    other = await store.sites.create(
      { name: 'South', allowedOrigins: [], safeguardingContacts: [], modelEnabled: false },
      { keyHash: 'hash-s', tokenSecret: 'secret-s' },
    );
  });
  afterEach(async () => {
    await store.close();
  });

  const person = (siteId: string, externalId: string, role: 'mentee' | 'mentor' = 'mentee') =>
    store.participants.create(siteId, { externalId, role, displayName: `Person ${externalId}`, profile });

  it('sites: records as the API gives them, secrets apart, patches and new secrets', async () => {
    expect(site).toEqual({
      id: site.id,
      name: 'North',
      allowedOrigins: ['https://north.example'],
      safeguardingContacts: contacts,
      modelEnabled: true,
      createdAt: '2031-05-01T09:00:01.000Z',
      updatedAt: '2031-05-01T09:00:01.000Z',
    });
    expect(other.modelEnabled).toBe(false);
    expect(await store.sites.secrets(site.id)).toEqual({ keyHash: 'hash-n', tokenSecret: 'secret-n' });
    const updated = await store.sites.update(site.id, { modelEnabled: false, allowedOrigins: [] });
    expect(updated).toMatchObject({ modelEnabled: false, allowedOrigins: [], name: 'North', safeguardingContacts: contacts });
    expect(updated!.updatedAt > site.updatedAt).toBe(true);
    expect(await store.sites.replaceSecrets(site.id, { keyHash: 'hash-2', tokenSecret: 'secret-2' })).toBe(true);
    expect(await store.sites.secrets(site.id)).toEqual({ keyHash: 'hash-2', tokenSecret: 'secret-2' });
    expect(await store.sites.replaceSecrets('site_missing', { keyHash: 'x', tokenSecret: 'y' })).toBe(false);
    expect(await store.sites.update('site_missing', { name: 'x' })).toBeUndefined();
    expect(await store.sites.get('site_missing')).toBeUndefined();
  });

  it('keyset pages in creation order, never repeating or skipping while rows are added', async () => {
    const made = [];
    for (let index = 0; index < 7; index++) made.push(await person(site.id, `p${index}`));
    const first = await store.participants.list(site.id, { limit: 3 });
    expect(first.items.map((item) => item.externalId)).toEqual(['p0', 'p1', 'p2']);
    await person(site.id, 'late');
    const second = await store.participants.list(site.id, { limit: 3, cursor: first.nextCursor });
    const third = await store.participants.list(site.id, { limit: 3, cursor: second.nextCursor });
    expect(second.items.map((item) => item.externalId)).toEqual(['p3', 'p4', 'p5']);
    expect(third.items.map((item) => item.externalId)).toEqual(['p6', 'late']);
    expect(third.nextCursor).toBeUndefined();
    await expect(store.participants.list(site.id, { limit: 3, cursor: 'not-a-cursor' })).rejects.toBeInstanceOf(InvalidCursorError);
    expect((await store.participants.list(other.id, { limit: 50 })).items).toEqual([]);
    expect((await store.sites.list({ limit: 1 })).items.map((item) => item.name)).toEqual(['North']);
  });

  it('participants: one external id per site, scoped reads and patches, role filter', async () => {
    const mentee = await person(site.id, 'ext-1');
    expect(mentee).toMatchObject({ externalId: 'ext-1', role: 'mentee', displayName: 'Person ext-1', profile });
    expect(mentee.id).toMatch(/^mentee_/);
    await expect(person(site.id, 'ext-1', 'mentor')).rejects.toBeInstanceOf(DuplicateError);
    // The same external id in another site is another person.
    expect((await person(other.id, 'ext-1')).id).not.toBe(mentee.id);
    const mentor = await person(site.id, 'ext-2', 'mentor');
    await expect(store.participants.update(site.id, mentor.id, { externalId: 'ext-1' })).rejects.toThrow(/already exists/);
    expect(await store.participants.get(other.id, mentee.id)).toBeUndefined();
    expect(await store.participants.update(other.id, mentee.id, { displayName: 'Hijacked' })).toBeUndefined();
    expect((await store.participants.update(site.id, mentee.id, { displayName: 'Amara' }))!.displayName).toBe('Amara');
    expect((await store.participants.list(site.id, { limit: 10 }, { role: 'mentor' })).items.map((item) => item.id)).toEqual([mentor.id]);
    expect(await store.participants.delete(other.id, mentee.id)).toBe(false);
    expect(await store.participants.delete(site.id, mentee.id)).toBe(true);
    expect(await store.participants.get(site.id, mentee.id)).toBeUndefined();
  });

  it('token revocation: generations count up and the cut-off never moves back', async () => {
    const mentee = await person(site.id, 'ext-1');
    expect(await store.participants.tokenState(site.id, mentee.id)).toEqual({ role: 'mentee', generation: 0 });
    expect(await store.participants.revokeTokens(site.id, mentee.id, new Date('2031-06-01T00:00:00.000Z'))).toEqual({
      generation: 1,
      revokedAt: '2031-06-01T00:00:00.000Z',
    });
    // A clock that went back: the generation still rises, the cut-off stays.
    expect(await store.participants.revokeTokens(site.id, mentee.id, new Date('2031-05-20T00:00:00.000Z'))).toEqual({
      generation: 2,
      revokedAt: '2031-06-01T00:00:00.000Z',
    });
    expect(await store.participants.tokenState(site.id, mentee.id)).toEqual({ role: 'mentee', generation: 2, revokedAt: '2031-06-01T00:00:00.000Z' });
    expect(await store.participants.revokeTokens(other.id, mentee.id, new Date())).toBeUndefined();
    expect(await store.participants.tokenState(other.id, mentee.id)).toBeUndefined();
  });

  it('goals and check-ins: progress moves with the check-in, lists filter, scoping holds', async () => {
    const mentee = await person(site.id, 'ext-1');
    const goal = await store.goals.create(site.id, mentee.id, { title: 'Finish the SQL course', targetDate: '2031-06-30', measure: 'Course certificate' });
    expect(goal).toMatchObject({ title: 'Finish the SQL course', status: 'active', progress: 0, targetDate: '2031-06-30', participantId: mentee.id });
    expect(goal).not.toHaveProperty('description');
    const checkIn = await store.goals.addCheckIn(site.id, goal.id, { progress: 40, confidence: 4, blockers: 'Evenings are busy' });
    expect(checkIn).toMatchObject({ goalId: goal.id, participantId: mentee.id, progress: 40, confidence: 4, blockers: 'Evenings are busy' });
    expect((await store.goals.get(site.id, goal.id))!.progress).toBe(40);
    // A check-in without progress leaves the goal's progress alone.
    await store.goals.addCheckIn(site.id, goal.id, { note: 'Reading week' });
    expect((await store.goals.get(site.id, goal.id))!.progress).toBe(40);
    expect(await store.goals.addCheckIn(other.id, goal.id, { progress: 99 })).toBeUndefined();
    expect((await store.goals.get(site.id, goal.id))!.progress).toBe(40);
    expect((await store.goals.listCheckIns(site.id, goal.id, { limit: 10 })).items.map((item) => item.note ?? item.blockers)).toEqual([
      'Evenings are busy',
      'Reading week',
    ]);
    await store.goals.update(site.id, goal.id, { status: 'completed', description: null as unknown as undefined });
    expect((await store.goals.list(site.id, mentee.id, { limit: 10 }, { status: 'active' })).items).toEqual([]);
    expect((await store.goals.list(site.id, mentee.id, { limit: 10 }, { status: 'completed' })).items.map((item) => item.id)).toEqual([goal.id]);
    expect(await store.goals.getCheckIn(other.id, checkIn!.id)).toBeUndefined();
    expect(await store.goals.deleteCheckIn(other.id, checkIn!.id)).toBe(false);
    expect(await store.goals.deleteCheckIn(site.id, checkIn!.id)).toBe(true);
    // Deleting the goal takes its check-ins with it.
    expect(await store.goals.delete(site.id, goal.id)).toBe(true);
    expect((await store.goals.listCheckIns(site.id, goal.id, { limit: 10 })).items).toEqual([]);
  });

  it('pairings: one open pairing of two people, ended_at stamped once and cleared on reopening', async () => {
    const mentor = await person(site.id, 'mentor', 'mentor');
    const mentee = await person(site.id, 'mentee');
    const pairing = await store.pairings.create(site.id, { mentorId: mentor.id, menteeId: mentee.id, model: 'one-to-one' });
    expect(pairing).toMatchObject({ status: 'active', mentorId: mentor.id, menteeId: mentee.id });
    expect(pairing).not.toHaveProperty('endedAt');
    await expect(store.pairings.create(site.id, { mentorId: mentor.id, menteeId: mentee.id, model: 'one-to-one' })).rejects.toBeInstanceOf(DuplicateError);
    expect((await store.pairings.findOpen(site.id, mentor.id, mentee.id))!.id).toBe(pairing.id);
    const ended = await store.pairings.update(site.id, pairing.id, { status: 'ended' });
    expect(ended!.endedAt).toEqual(expect.any(String));
    const endedAgain = await store.pairings.update(site.id, pairing.id, { model: 'group' });
    expect(endedAgain).toMatchObject({ status: 'ended', model: 'group', endedAt: ended!.endedAt });
    const second = await store.pairings.create(site.id, { mentorId: mentor.id, menteeId: mentee.id, model: 'one-to-one' });
    // Reopening the first while the second is open breaks the one-open-pairing rule.
    await expect(store.pairings.update(site.id, pairing.id, { status: 'active' })).rejects.toBeInstanceOf(DuplicateError);
    await store.pairings.update(site.id, second.id, { status: 'ended' });
    const reopened = await store.pairings.update(site.id, pairing.id, { status: 'paused' });
    expect(reopened).toMatchObject({ status: 'paused' });
    expect(reopened).not.toHaveProperty('endedAt');
    expect((await store.pairings.list(site.id, { limit: 10 }, { participantId: mentee.id, status: 'paused' })).items.map((item) => item.id)).toEqual([
      pairing.id,
    ]);
    expect((await store.pairings.list(site.id, { limit: 10 }, { participantId: mentor.id })).items).toHaveLength(2);
    expect(await store.pairings.get(other.id, pairing.id)).toBeUndefined();
  });

  it('sessions: JSON kept as written (an agenda may be any JSON), null clears, erasure cascades', async () => {
    const mentor = await person(site.id, 'mentor', 'mentor');
    const mentee = await person(site.id, 'mentee');
    const pairing = await store.pairings.create(site.id, { mentorId: mentor.id, menteeId: mentee.id, model: 'one-to-one' });
    const items = [{ id: 'a1', text: 'Draft the dashboard', owner: 'mentee' as const, dueDate: '2031-05-20', done: false }];
    const session = await store.sessions.create(site.id, pairing.id, {
      scheduledAt: '2031-05-10T17:00:00.000Z',
      durationMinutes: 45,
      agenda: { blocks: [{ minutes: 10, title: 'Wins' }] },
      notes: 'Talked through joins',
      actionItems: items,
    });
    expect(session).toMatchObject({ durationMinutes: 45, agenda: { blocks: [{ minutes: 10, title: 'Wins' }] }, actionItems: items });
    expect((await store.sessions.update(site.id, session.id, { agenda: 'Just catch up' }))!.agenda).toBe('Just catch up');
    const cleared = await store.sessions.update(site.id, session.id, { notes: null as unknown as undefined, agenda: null });
    expect(cleared).not.toHaveProperty('notes');
    expect(cleared).not.toHaveProperty('agenda');
    expect((await store.sessions.list(site.id, pairing.id, { limit: 10 })).items.map((item) => item.id)).toEqual([session.id]);
    expect(await store.sessions.get(other.id, session.id)).toBeUndefined();
    // Erasing the mentee takes the pairing and its sessions.
    await store.participants.delete(site.id, mentee.id);
    expect(await store.sessions.get(site.id, session.id)).toBeUndefined();
    expect(await store.pairings.get(site.id, pairing.id)).toBeUndefined();
  });

  it('feedback and site deletion: a site takes all of its own with it, and nothing of another', async () => {
    const mentee = await person(site.id, 'ext-1');
    const kept = await person(other.id, 'ext-1');
    const feedback = await store.feedback.create(site.id, { participantId: mentee.id, target: 'next-steps', rating: 'up', engine: 'offline' });
    expect(feedback).toMatchObject({ participantId: mentee.id, target: 'next-steps', rating: 'up', engine: 'offline' });
    expect(feedback).not.toHaveProperty('comment');
    expect((await store.feedback.list(site.id, { limit: 10 })).items).toEqual([feedback]);
    expect((await store.feedback.list(other.id, { limit: 10 })).items).toEqual([]);
    expect(await store.sites.delete(site.id)).toBe(true);
    expect(await store.participants.get(site.id, mentee.id)).toBeUndefined();
    expect((await store.feedback.list(site.id, { limit: 10 })).items).toEqual([]);
    expect(await store.participants.get(other.id, kept.id)).toEqual(kept);
    expect(await store.sites.delete(site.id)).toBe(false);
  });
});
