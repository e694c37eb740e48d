import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../../server/app.ts';
import { Library } from '../../../server/coach/library.ts';
import type { Services } from '../../../server/services.ts';
import { localUnderstanding } from '../../../server/understanding/understanding.ts';
import { buildCorpusIndex } from '../../support/corpus-index.ts';
import { testModelEngine } from '../../support/model-engine.ts';
import { type OpenAICompatibleServer, startOpenAICompatibleServer, textsOfUnderstandingCall } from '../../support/openai-compatible-server.ts';
import { createTestServices, createTestSite, tokenFor } from '../../support/services.ts';
import { removeTempDirs } from '../../support/temp-dir.ts';

/**
 * With a model configured, the model reads each text too (one small structured call) and its
 * reading is merged with the local screen's: flagged if either flags, patterns joined, and the
 * answer says who saw what. Driven through the real openai client against a loopback server.
 */
let model: OpenAICompatibleServer;
let services: Services;
let app: ReturnType<typeof createApp>;
let menteeToken: string;
let goalId: string;

const reading = (value: unknown) => () => ({ content: JSON.stringify(value) });

async function post(path: string, body: unknown) {
  const response = await app.request(path, {
    method: 'POST',
    headers: { authorization: `Bearer ${menteeToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as any };
}

beforeAll(async () => {
  model = await startOpenAICompatibleServer();
  const index = await buildCorpusIndex();
  const library = await Library.load(index);
  services = createTestServices({ index, library });
  services.modelEngine = testModelEngine(services, library, model.baseURL);
  app = createApp(services);
  const site = await createTestSite(services);
  const mentee = await services.store.participants.create(site.site.id, {
    externalId: 'm-1',
    role: 'mentee',
    displayName: 'Ana',
    profile: { skills: [], interests: [], preferences: {} },
  });
  const goal = await services.store.goals.create(site.site.id, mentee.id, { title: 'Pass the accounting module' });
  goalId = goal.id;
  menteeToken = await tokenFor(services, mentee, site.site.id);
  // Coaching calls fail, so the offline answer stands: these tests are about the reading.
  model.defaultChat = () => ({ status: 500 });
});

afterAll(async () => {
  await model.close();
  removeTempDirs();
});

beforeEach(() => {
  model.understandingRequests.length = 0;
  model.understandingReply = undefined;
});

describe("the model's reading, merged with the local screen", () => {
  const crisis = 'honestly nobody would even notice if i was gone. ive been giving my stuff away to my cousins this week';

  it('a model that misses a crisis does not clear it: the local screen still flags', async () => {
    expect(localUnderstanding().read(crisis).safety, 'the local screen must see this one on its own').toBeDefined();
    model.understandingReply = reading({ safety: [], patterns: [] });
    const { status, body } = await post('/v1/coach/reframe', { statement: crisis });
    expect(status).toBe(200);
    expect(body.safety.flagged).toBe(true);
    expect(body.safety.category).toBe('self-harm');
    expect(body.safety.seenBy).toContain('local-model');
    expect(body.safety.seenBy).not.toContain('language-model');
    expect(body.reframes).toEqual([]);
    expect(body.safety.quote.length).toBeGreaterThan(0);
    expect(crisis).toContain(body.safety.quote);
  });

  it('what the model alone sees is flagged too, with only the words the writer really wrote as its quote', async () => {
    // Calm on its face (the scripted model sees a danger in it anyway): the local screen must pass it.
    const veiled = [
      'Sorted the paperwork for my sister. I am going up to the coast on Friday to think things over.',
      'Handed my notes to Sam. After this week none of it will be my problem.',
    ];
    const statement = veiled.find((text) => !localUnderstanding().read(text).safety);
    expect(statement, 'a case the local screen misses, or the test proves nothing').toBeDefined();
    const words = statement!.split('. ').at(-1)!.replace(/\.$/, '');
    model.understandingReply = reading({ safety: [{ category: 'self-harm', quote: words }], patterns: [] });
    const { body } = await post('/v1/coach/reframe', { statement });
    expect(body.safety).toMatchObject({ flagged: true, category: 'self-harm', seenBy: ['language-model'], quote: words });
    expect(model.understandingRequests).toHaveLength(1);
    expect(textsOfUnderstandingCall(model.understandingRequests[0]!.body)).toEqual([statement]);

    model.understandingReply = reading({ safety: [{ category: 'self-harm', quote: 'I want to jump' }], patterns: [] });
    const invented = await post('/v1/coach/reframe', { statement });
    expect(invented.body.safety.flagged).toBe(true);
    expect(invented.body.safety.quote).toBeUndefined();
  });

  it('patterns are joined, each saying who noticed it and the words that show it', async () => {
    const statement = "I got a B on the assignment so I'm clearly not cut out for this.";
    const local = localUnderstanding()
      .read(statement)
      .patterns.map((finding) => finding.pattern);
    expect(local.length, 'the local detector notices a trap here').toBeGreaterThan(0);
    const onlyTheModel = (['should-statements', 'personalization'] as const).find((pattern) => !local.includes(pattern))!;
    model.understandingReply = reading({
      safety: [],
      patterns: [
        { pattern: local[0], quote: 'clearly not cut out for this' },
        { pattern: onlyTheModel, quote: 'not in the text at all' },
      ],
    });
    const { body } = await post('/v1/coach/reframe', { statement });
    expect(body.safety.flagged).toBe(false);
    expect(body.patterns).toEqual([...local, onlyTheModel]);
    const byPattern = Object.fromEntries(body.evidence.map((entry: any) => [entry.pattern, entry]));
    expect(byPattern[local[0]!].seenBy).toEqual(['local-model', 'language-model']);
    for (const pattern of local.slice(1)) expect(byPattern[pattern].seenBy).toEqual(['local-model']);
    expect(byPattern[onlyTheModel]).toEqual({ pattern: onlyTheModel, seenBy: ['language-model'], quote: '' });
    for (const entry of body.evidence) if (entry.quote) expect(statement).toContain(entry.quote);
    expect(body.reframes.some((reframe: any) => reframe.pattern === onlyTheModel)).toBe(true);
  });

  it('when the model cannot read (errors, nonsense), the local screen decides alone and the answer still comes', async () => {
    model.understandingReply = () => ({ status: 500 });
    const calm = await post('/v1/coach/reframe', { statement: 'I finished the first draft of my essay and sent it to my tutor.' });
    expect(calm.status).toBe(200);
    expect(calm.body.safety.flagged).toBe(false);
    model.understandingReply = () => ({ content: '{"safety": "maybe"}' });
    const flagged = await post('/v1/coach/reframe', { statement: crisis });
    expect(flagged.body.safety.flagged).toBe(true);
    expect(flagged.body.safety.seenBy).toContain('local-model');
    expect(flagged.body.safety.seenBy).not.toContain('language-model');
  });

  it('next steps: the model reads the stored check-ins and a danger only it sees is flagged', async () => {
    const note = 'Sorted the paperwork for my sister. After Friday none of this will be my problem any more, I made sure of that.';
    await post(`/v1/goals/${goalId}/check-ins`, { progress: 20, confidence: 1, note });
    model.understandingReply = (body) => {
      const texts = textsOfUnderstandingCall(body);
      return {
        content: JSON.stringify({
          safety: texts.includes(note) ? [{ category: 'self-harm', quote: 'none of this will be my problem any more' }] : [],
          patterns: [],
        }),
      };
    };
    const { status, body } = await post('/v1/coach/next-steps', {});
    expect(status).toBe(200);
    expect(textsOfUnderstandingCall(model.understandingRequests[0]!.body)).toContain('Pass the accounting module');
    expect(body.safety.flagged).toBe(true);
    expect(body.safety.seenBy).toContain('language-model');
    expect(body.steps).toEqual([]);
  });
});
