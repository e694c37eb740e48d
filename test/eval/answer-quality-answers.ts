import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createApp } from '../../server/app.ts';
import { Library } from '../../server/coach/library.ts';
import { createSqliteStore, type Store } from '../../server/store/index.ts';
import { buildCorpusIndex } from '../support/corpus-index.ts';
import { createTestServices, createTestSite, tokenFor } from '../support/services.ts';
import { removeTempDirs } from '../support/temp-dir.ts';
import { type AnsweredItem, answerKey } from './answer-quality.ts';
import { readJsonl } from './eval-sets.ts';

/**
 * Answer-quality eval, step one (npm run eval:answers): each held-out scenario participant
 * (author Z, who saw only test/eval/briefs/scenarios.md) is stored as the API would store them,
 * with check-ins dated as written; the coach's next steps for the mentee and its agenda for the
 * mentor are written to test/eval/answers/, one item a line, for the rubric judge to read.
 */
interface Scenario {
  id: string;
  displayName: string;
  about: string;
  goals: Array<{
    title: string;
    description?: string;
    measure?: string;
    dueInDays?: number;
    status: string;
    progress: number;
    checkIns: Array<{ daysAgo: number; progress?: number; confidence?: number; wins?: string; blockers?: string; note?: string }>;
  }>;
  question?: string;
  pairing: {
    model: string;
    focus?: string;
    nextSessionMinutes: number;
    sessions: Array<{ daysAgo: number; durationMinutes: number; notes?: string; actionItems?: Array<{ text: string; owner: string; done: boolean }> }>;
  };
}

const DAY = 86_400_000;
const file = process.argv[2] ?? 'scenarios-test-z.jsonl';
const scenarios = readJsonl<Scenario>(file);
const started = Date.now();
const index = await buildCorpusIndex();
const library = await Library.load(index);
const items: AnsweredItem[] = [];

for (const scenario of scenarios) {
  // The store's clock is moved along the scenario's own history, oldest first, so that each
  // check-in carries the date its author gave it; the coach reads them at the real time.
  let clock = started - 400 * DAY;
  // Ids made from the scenario, not at random: they seed the choice among equally fitting steps,
  // so the same code gives the same answers on every run, and a verdict stays with its item.
  let made = 0;
  const store: Store = createSqliteStore({
    path: ':memory:',
    now: () => new Date(clock),
    newId: (prefix: string) => `${prefix}_${scenario.id.toLowerCase().replace(/[^a-z0-9]/g, '')}x${++made}`,
  });
  const services = createTestServices({ store, index, library });
  const app = createApp(services);
  const { site } = await createTestSite(services);
  const mentee = await store.participants.create(site.id, {
    externalId: `${scenario.id}-mentee`,
    role: 'mentee',
    displayName: scenario.displayName,
    profile: { skills: [], interests: [], preferences: {} },
  });
  const mentor = await store.participants.create(site.id, {
    externalId: `${scenario.id}-mentor`,
    role: 'mentor',
    displayName: 'Mentor',
    profile: { skills: [], interests: [], preferences: {} },
  });
  const oldest = Math.max(
    1,
    ...scenario.goals.flatMap((goal) => goal.checkIns.map((checkIn) => checkIn.daysAgo + 1)),
    ...scenario.pairing.sessions.map((session) => session.daysAgo + 1),
  );
  clock = started - oldest * DAY;
  const pairing = await store.pairings.create(site.id, {
    mentorId: mentor.id,
    menteeId: mentee.id,
    model: scenario.pairing.model as 'one-to-one',
    startedAt: new Date(clock).toISOString(),
  });
  for (const session of scenario.pairing.sessions) {
    await store.sessions.create(site.id, pairing.id, {
      scheduledAt: new Date(started - session.daysAgo * DAY).toISOString(),
      durationMinutes: session.durationMinutes,
      ...(session.notes ? { notes: session.notes } : {}),
      actionItems: (session.actionItems ?? []).map((item, at) => ({ id: `a${at}`, text: item.text, owner: item.owner as 'mentee', done: item.done })),
    });
  }
  const events: Array<{ at: number; run: () => Promise<unknown> }> = [];
  for (const goal of scenario.goals) {
    const created = await store.goals.create(site.id, mentee.id, {
      title: goal.title,
      ...(goal.description ? { description: goal.description } : {}),
      ...(goal.measure ? { measure: goal.measure } : {}),
      ...(goal.dueInDays !== undefined ? { targetDate: new Date(started + goal.dueInDays * DAY).toISOString().slice(0, 10) } : {}),
    });
    for (const checkIn of goal.checkIns) {
      const { daysAgo, ...fields } = checkIn;
      events.push({ at: started - daysAgo * DAY, run: () => store.goals.addCheckIn(site.id, created.id, fields) });
    }
    // The progress the author gave the goal is where it stands now, whether or not a check-in said so.
    if (goal.progress !== goal.checkIns[0]?.progress) {
      const last = Math.min(...goal.checkIns.map((checkIn) => checkIn.daysAgo), oldest);
      events.push({ at: started - last * DAY + 500, run: () => store.goals.update(site.id, created.id, { progress: goal.progress }) });
    }
    if (goal.status !== 'active') {
      const last = Math.min(...goal.checkIns.map((checkIn) => checkIn.daysAgo), 1);
      events.push({ at: started - last * DAY + 1000, run: () => store.goals.update(site.id, created.id, { status: goal.status as 'completed' }) });
    }
  }
  for (const event of events.sort((left, right) => left.at - right.at)) {
    clock = event.at;
    await event.run();
  }
  clock = Date.now();

  const ask = async (path: string, who: typeof mentee, body: object) => {
    const token = await tokenFor(services, who, site.id);
    const response = await app.request(path, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (response.status !== 200) throw new Error(`${scenario.id} ${path}: ${response.status} ${await response.text()}`);
    return response.json() as Promise<any>;
  };
  const steps = await ask('/v1/coach/next-steps', mentee, scenario.question ? { question: scenario.question } : {});
  for (const step of steps.steps) {
    items.push({ scenario: scenario.id, answer: 'next-steps', kind: step.kind, goal: step.goal, text: step.text, why: step.why, key: '' });
  }
  const agenda = await ask('/v1/coach/agenda', mentor, {
    pairingId: pairing.id,
    durationMinutes: scenario.pairing.nextSessionMinutes,
    ...(scenario.pairing.focus ? { focus: scenario.pairing.focus } : {}),
  });
  for (const item of agenda.items) {
    items.push({
      scenario: scenario.id,
      answer: 'agenda',
      kind: `${agenda.stage}: ${item.title} (${item.minutes} min)`,
      text: [item.purpose, ...item.prompts].filter(Boolean).join(' '),
      key: '',
    });
  }
  await store.close();
}

for (const item of items) item.key = answerKey(item);
const out = fileURLToPath(new URL(`./answers/${file.replace(/\.jsonl$/, '')}-answers.jsonl`, import.meta.url));
writeFileSync(out, `${items.map((item) => JSON.stringify(item)).join('\n')}\n`);
console.log(`${items.length} items for ${scenarios.length} scenarios -> ${out}`);
removeTempDirs();
