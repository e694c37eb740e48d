import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coachClient, coachError } from '../../client/coach-client.ts';
import { createApp } from '../../server/app.ts';
import { Library } from '../../server/coach/library.ts';
import { listen } from '../server/auth/http.ts';
import { buildCorpusIndex } from '../support/corpus-index.ts';
import { createTestServices, createTestSite } from '../support/services.ts';

let server: Awaited<ReturnType<typeof listen>>;
let siteKey: string;

beforeAll(async () => {
  const index = await buildCorpusIndex();
  const services = createTestServices({ index, library: await Library.load(index) });
  server = await listen(createApp(services));
  siteKey = (await createTestSite(services, 'Client test')).apiKey;
}, 60_000);
afterAll(() => server.close());

describe('the typed client, over HTTP', () => {
  it('adds a mentee, a goal and a check-in, mints their token, and asks next steps as them', async () => {
    const site = coachClient(server.baseURL, siteKey);
    const added = await site.v1.participants.$post({ json: { externalId: 'host-42', role: 'mentee', displayName: 'Amara' } });
    expect(added.status).toBe(201);
    const { participant } = await added.json();
    const goal = await site.v1.participants[':id'].goals.$post({
      param: { id: participant.id },
      json: { title: 'Finish the SQL course', targetDate: '2030-06-01' },
    });
    expect(goal.status).toBe(201);
    const goalId = (await goal.json()).goal.id;
    const checkIn = await site.v1.goals[':id']['check-ins'].$post({ param: { id: goalId }, json: { progress: 30, blockers: 'Evenings are taken by family' } });
    expect(checkIn.status).toBe(201);

    const minted = await site.v1['participant-tokens'].$post({ json: { participantId: participant.id } });
    expect(minted.status).toBe(201);
    const mentee = coachClient(server.baseURL, (await minted.json()).token);
    const answer = await mentee.v1.coach['next-steps'].$post({ json: {} });
    expect(answer.status).toBe(200);
    const body = await answer.json();
    expect(body.steps.length).toBeGreaterThan(0);
    expect(body.steps.some((step) => step.goalId === goalId)).toBe(true);
  });

  it("reads the project's JSON error for a body the route refuses", async () => {
    const site = coachClient(server.baseURL, siteKey);
    // @ts-expect-error role must be 'mentee' or 'mentor': the client refuses it before the server does
    const refused = await site.v1.participants.$post({ json: { externalId: 'host-43', role: 'coordinator', displayName: 'Sam' } });
    expect(refused.status as number).toBe(400);
    const failure = await coachError(refused);
    expect(failure?.error.code).toBe('validation_failed');
    expect((failure!.error.details as Array<{ path: string }>).map((detail) => detail.path)).toEqual(['role']);
    expect(await coachError(await site.v1.site.$get())).toBeUndefined();
  });
});
