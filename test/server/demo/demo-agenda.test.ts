import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../server/app.ts';
import { Library } from '../../../server/coach/library.ts';
import { seedDemo } from '../../../server/demo/seed.ts';
import type { Services } from '../../../server/services.ts';
import { createSqliteStore } from '../../../server/store/index.ts';
import { buildCorpusIndex } from '../../support/corpus-index.ts';
import { createTestServices, tokenFor } from '../../support/services.ts';
import { removeTempDirs } from '../../support/temp-dir.ts';

/** The demo shows a pair that has been working: its next agenda is a regular session, and its steps fit the mentee's goal. */
let services: Services;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  const store = createSqliteStore({ path: ':memory:' });
  const index = await buildCorpusIndex();
  services = createTestServices({ store, index, library: await Library.load(index), demo: await seedDemo(store) });
  app = createApp(services);
});

afterAll(async () => {
  await services.store.close();
  removeTempDirs();
});

describe('the demo pair', () => {
  it('has a session behind it, so the mentor plans a regular session that picks up its open action item', async () => {
    const { siteId, mentorId, menteeId } = services.demo!;
    const mentor = (await services.store.participants.get(siteId, mentorId))!;
    const token = await tokenFor(services, mentor, siteId);
    const response = await app.request('/v1/coach/agenda', {
      method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ menteeId, durationMinutes: 30 }),
    });
    const body = await response.json() as { stage: string; items: Array<{ title: string; prompts: string[] }> };
    expect(response.status).toBe(200);
    expect(body.stage).toBe('regular');
    expect(JSON.stringify(body.items)).toContain('Book two 30-minute practice slots a week');
    expect(JSON.stringify(body.items)).not.toContain('Export last month');
  });

  it('gives the mentee steps that fit their goal and their blocker', async () => {
    const { siteId, menteeId } = services.demo!;
    const mentee = (await services.store.participants.get(siteId, menteeId))!;
    const token = await tokenFor(services, mentee, siteId);
    const response = await app.request('/v1/coach/next-steps', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{}' });
    const { steps } = await response.json() as { steps: Array<{ kind: string; text: string; citations: Array<{ id: string }> }> };
    const step = (kind: string) => steps.find((candidate) => candidate.kind === kind)!;
    // Finishing the SQL course: a finishing step from material on goals and time, not a job-application checklist's referees.
    expect(step('finish').citations[0]!.id).not.toBe('promotion-or-job-application-prep-checklist');
    expect(step('finish').text).not.toMatch(/referee/i);
    // "Evenings are taken by family, and I keep postponing the practice queries": a step that takes
    // that blocker on (in its words), not a fallback for meetings.
    expect(step('unblock').text).toContain('Evenings are taken by family');
    expect(step('unblock').text).not.toMatch(/fallback|busy weeks/i);
  });
});
