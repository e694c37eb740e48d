import { newSiteKey, newTokenSecret } from '../auth/index.ts';
import type { DemoParticipants } from '../services.ts';
import type { Store } from '../store/index.ts';

export const DEMO_SITE_ID = 'site_demo';

const days = (now: Date, count: number) => new Date(now.getTime() + count * 86_400_000);
const isoDate = (date: Date) => date.toISOString().slice(0, 10);

/**
 * Demo mode: a small program with one mentee and one mentor, paired for six weeks, with goals
 * in different states (one vague, one near its date with a blocker, one done), so that every
 * part of the widget has something true to show. Seeded once; later starts reuse it.
 */
export async function seedDemo(store: Store, now = new Date()): Promise<DemoParticipants> {
  const existing = await store.sites.get(DEMO_SITE_ID);
  if (existing) {
    const { items } = await store.participants.list(DEMO_SITE_ID, { limit: 10 });
    const mentee = items.find((participant) => participant.externalId === 'demo-mentee');
    const mentor = items.find((participant) => participant.externalId === 'demo-mentor');
    if (mentee && mentor) return { siteId: DEMO_SITE_ID, menteeId: mentee.id, mentorId: mentor.id };
    await store.sites.delete(DEMO_SITE_ID);
  }
  // Nobody is given this key: the demo page gets participant tokens from /v1/demo instead.
  await store.sites.create(
    {
      name: 'Demo mentoring program',
      allowedOrigins: [],
      safeguardingContacts: [
        { name: 'Sam Rivera', role: 'Program safeguarding lead (demo)', email: 'safeguarding@example.org', phone: '+1 555 0100', hours: 'Mon-Fri 9:00-17:00' },
        { name: 'Emergency services', role: 'If anyone is in immediate danger', phone: 'your local emergency number' },
      ],
      modelEnabled: true,
    },
    { keyHash: newSiteKey(DEMO_SITE_ID).keyHash, tokenSecret: newTokenSecret() },
    DEMO_SITE_ID,
  );

  const mentee = await store.participants.create(DEMO_SITE_ID, {
    externalId: 'demo-mentee',
    role: 'mentee',
    displayName: 'Amara',
    profile: { skills: ['Excel', 'customer support'], interests: ['data analysis', 'public speaking'], preferences: { sessionLength: 45 } },
  });
  const mentor = await store.participants.create(DEMO_SITE_ID, {
    externalId: 'demo-mentor',
    role: 'mentor',
    displayName: 'Jordan',
    profile: { skills: ['SQL', 'dashboards', 'team leadership'], interests: ['coaching new analysts'], preferences: {} },
  });
  const pairing = await store.pairings.create(DEMO_SITE_ID, {
    mentorId: mentor.id,
    menteeId: mentee.id,
    model: 'one-to-one',
    startedAt: days(now, -42).toISOString(),
  });
  // One session held two weeks ago, so the demo's next agenda is a regular session that picks
  // up its open action item, not a first meeting.
  await store.sessions.create(DEMO_SITE_ID, pairing.id, {
    scheduledAt: days(now, -14).toISOString(),
    durationMinutes: 45,
    notes: 'Went through the joins module together. Amara wants to practise on real support-ticket data.',
    actionItems: [
      { id: 'demo-1', text: "Export last month's support tickets to practise queries on", owner: 'mentee', done: true },
      { id: 'demo-2', text: 'Book two 30-minute practice slots a week', owner: 'mentee', done: false },
    ],
  });

  await store.goals.create(DEMO_SITE_ID, mentee.id, { title: 'Get better at presenting' });
  const course = await store.goals.create(DEMO_SITE_ID, mentee.id, {
    title: 'Finish the SQL course and build my first dashboard',
    description: 'Move towards a data analyst role by showing real work, not just a certificate.',
    measure: 'A dashboard of support-ticket trends shared with my team lead',
    targetDate: isoDate(days(now, 12)),
  });
  await store.goals.addCheckIn(DEMO_SITE_ID, course.id, {
    progress: 35,
    confidence: 4,
    wins: 'Finished the joins module and wrote my first real query at work.',
  });
  await store.goals.addCheckIn(DEMO_SITE_ID, course.id, {
    progress: 55,
    confidence: 2,
    blockers: 'Evenings are taken by family, and I keep postponing the practice queries.',
    note: 'Everyone else in the course seems to get it faster than me.',
  });
  const interview = await store.goals.create(DEMO_SITE_ID, mentee.id, {
    title: 'Have one informational interview with a data analyst',
    measure: 'One 20-minute conversation, with notes',
    targetDate: isoDate(days(now, -7)),
  });
  await store.goals.addCheckIn(DEMO_SITE_ID, interview.id, {
    progress: 100,
    confidence: 4,
    wins: 'Talked to Priya from the analytics team; she offered to review my dashboard.',
  });
  await store.goals.update(DEMO_SITE_ID, interview.id, { status: 'completed' });
  return { siteId: DEMO_SITE_ID, menteeId: mentee.id, mentorId: mentor.id };
}
