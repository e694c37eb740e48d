import { describe, expect, it } from 'vitest';
import { STORES } from '../../support/stores.ts';

/** The reads coaching makes: a few rows, whatever the length of a goal's or a pairing's history. */
describe.each(STORES)('bounded reads for coaching, on $name', ({ open }) => {
  it('gives the latest check-ins of each goal, newest first, and no more than asked', async () => {
    let tick = Date.parse('2030-01-01T00:00:00.000Z');
    const store = await open({ now: () => new Date((tick += 1000)) });
    const site = await store.sites.create({ name: 'S', allowedOrigins: [], safeguardingContacts: [], modelEnabled: true }, { keyHash: 'h', tokenSecret: 't' });
    const mentee = await store.participants.create(site.id, {
      externalId: 'm',
      role: 'mentee',
      displayName: 'M',
      profile: { skills: [], interests: [], preferences: {} },
    });
    const long = await store.goals.create(site.id, mentee.id, { title: 'Long history' });
    const short = await store.goals.create(site.id, mentee.id, { title: 'One check-in' });
    const quiet = await store.goals.create(site.id, mentee.id, { title: 'None yet' });
    for (let week = 1; week <= 40; week++) await store.goals.addCheckIn(site.id, long.id, { progress: week, note: `week ${week}` });
    await store.goals.addCheckIn(site.id, short.id, { note: 'only one' });

    const latest = await store.goals.latestCheckIns(site.id, [long.id, short.id, quiet.id], 5);
    expect(latest.get(long.id)!.map((checkIn) => checkIn.note)).toEqual(['week 40', 'week 39', 'week 38', 'week 37', 'week 36']);
    expect(latest.get(short.id)!.map((checkIn) => checkIn.note)).toEqual(['only one']);
    expect(latest.get(quiet.id)).toEqual([]);
    // Another site's key reads nothing of this one.
    const other = await store.sites.create(
      { name: 'O', allowedOrigins: [], safeguardingContacts: [], modelEnabled: true },
      { keyHash: 'h2', tokenSecret: 't2' },
    );
    expect((await store.goals.latestCheckIns(other.id, [long.id], 5)).get(long.id)).toEqual([]);
    await store.close();
  });

  it('tells how many sessions a pairing had, the last one scheduled and the last one held', async () => {
    const store = await open();
    const site = await store.sites.create({ name: 'S', allowedOrigins: [], safeguardingContacts: [], modelEnabled: true }, { keyHash: 'h', tokenSecret: 't' });
    const profile = { skills: [], interests: [], preferences: {} };
    const mentor = await store.participants.create(site.id, { externalId: 'a', role: 'mentor', displayName: 'A', profile });
    const mentee = await store.participants.create(site.id, { externalId: 'b', role: 'mentee', displayName: 'B', profile });
    const pairing = await store.pairings.create(site.id, { mentorId: mentor.id, menteeId: mentee.id, model: 'one-to-one' });
    expect(await store.sessions.history(site.id, pairing.id, new Date('2030-03-01T00:00:00Z'))).toEqual({ count: 0 });

    // Out of order, with a time written at a different precision and offset: read as instants.
    await store.sessions.create(site.id, pairing.id, { scheduledAt: '2030-02-01T10:00:00Z', durationMinutes: 30, actionItems: [] });
    await store.sessions.create(site.id, pairing.id, {
      scheduledAt: '2030-04-01T10:00:00.000Z',
      durationMinutes: 30,
      actionItems: [{ id: 'a1', text: 'Plan', owner: 'mentee', done: false }],
    });
    await store.sessions.create(site.id, pairing.id, { scheduledAt: '2030-02-15T11:00:00+01:00', durationMinutes: 30, actionItems: [] });

    const history = await store.sessions.history(site.id, pairing.id, new Date('2030-03-01T00:00:00Z'));
    expect(history.count).toBe(3);
    expect(history.latest?.scheduledAt).toBe('2030-04-01T10:00:00.000Z');
    expect(history.lastHeldAt).toBe('2030-02-15T11:00:00+01:00');
    expect((await store.sessions.history(site.id, pairing.id, new Date('2030-01-01T00:00:00Z'))).lastHeldAt).toBeUndefined();
    await store.close();
  });
});
