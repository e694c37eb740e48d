import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OpenAICompatibleServer, passageIds, startOpenAICompatibleServer } from '../support/openai-compatible-server.ts';
import { freePort, SOURCE_ENTRY, type StartedServer, startServer } from '../support/server-process.ts';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';

/**
 * The model server misbehaving under a real server process, ten people asking at once: slow,
 * failing, cut off mid-stream, gone. Every person gets a whole coaching answer from the
 * offline engine, within the time budget, marked with why; and the model is used again as
 * soon as it answers well.
 */

const ADMIN_KEY = 'model-faults-operator-key';
const TIMEOUT_SECONDS = 1;
/** A coach server and a mentee's token on it. */
interface Coach {
  server: StartedServer;
  token: string;
}

let model: OpenAICompatibleServer;
let coach: Coach;

/** Three valid steps citing what the prompt offered, as a working model would write them. */
function goodSteps(body: any) {
  const [first] = passageIds(body);
  return {
    content: JSON.stringify({
      steps: ['Book two short practice slots this week.', 'Finish the next module on Saturday morning.', 'Ask your mentor how they learned it.'].map(
        (text, index) => ({
          text,
          why: 'It fits the week you described.',
          kind: index === 1 ? 'finish' : 'unblock',
          citations: first ? [{ id: first, title: 'x' }] : [],
        }),
      ),
    }),
  };
}

async function call(server: StartedServer, key: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${server.baseURL}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as any };
}

/** A server whose model is at `modelBaseURL`, with a mentee who has a goal. */
async function startCoach(modelBaseURL: string): Promise<Coach> {
  const server = await startServer(
    makeTempDir('mentor-coach-model-faults-'),
    {
      COACH_ADMIN_KEY: ADMIN_KEY,
      COACH_RATE_LIMIT: '0',
      COACH_LOG_LEVEL: 'silent',
      OPENAI_BASE_URL: modelBaseURL,
      OPENAI_API_KEY: 'test-key',
      COACH_MODEL: 'test-model',
      COACH_MODEL_TIMEOUT: String(TIMEOUT_SECONDS),
    },
    SOURCE_ENTRY,
  );
  const {
    body: { apiKey },
  } = await call(server, ADMIN_KEY, 'POST', '/v1/admin/sites', { name: 'Model faults' });
  const {
    body: { participant },
  } = await call(server, apiKey, 'POST', '/v1/participants', { externalId: 'm-1', role: 'mentee', displayName: 'M' });
  await call(server, apiKey, 'POST', `/v1/participants/${participant.id}/goals`, { title: 'Finish the SQL course' });
  const {
    body: { token },
  } = await call(server, apiKey, 'POST', '/v1/participant-tokens', { participantId: participant.id });
  return { server, token };
}

beforeAll(async () => {
  model = await startOpenAICompatibleServer();
  model.defaultChat = goodSteps;
  coach = await startCoach(model.baseURL);
});

afterAll(async () => {
  await coach?.server.stop();
  await model?.close();
  removeTempDirs();
});

interface Asked {
  status: number;
  engine: string | null;
  fallback: string | null;
  ms: number;
  body: any;
}

/** Ten people asking for next steps at once, as JSON. */
function askTogether({ server, token }: Coach = coach, count = 10): Promise<Asked[]> {
  return Promise.all(
    Array.from({ length: count }, async (_, person) => {
      const begin = performance.now();
      const response = await fetch(`${server.baseURL}/v1/coach/next-steps`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ question: `How do I keep going, take ${person}?` }),
      });
      return {
        status: response.status,
        engine: response.headers.get('x-coach-engine'),
        fallback: response.headers.get('x-coach-fallback'),
        ms: performance.now() - begin,
        body: await response.json(),
      };
    }),
  );
}

function expectFallbacks(answers: Asked[], reason: string): void {
  console.log(
    `model faults: ${answers.length} answers at once while the model ${reason}, ${answers.filter((answer) => answer.status === 200 && answer.engine === 'offline').length} whole offline answers, slowest ${Math.round(Math.max(...answers.map((answer) => answer.ms)))} ms`,
  );
  for (const answer of answers) {
    expect(answer.status).toBe(200);
    expect(answer.engine).toBe('offline');
    expect(answer.fallback).toBe(reason);
    expect(answer.body.fallbackReason).toBe(reason);
    expect(answer.body.steps.length).toBeGreaterThanOrEqual(1);
    // The budget is twice the call timeout; a second more for the offline answer and the queue.
    expect(answer.ms).toBeLessThan(TIMEOUT_SECONDS * 2000 + 1500);
  }
}

async function expectModelBack(): Promise<void> {
  model.defaultChat = goodSteps;
  model.understandingReply = undefined;
  model.chatReplies.length = 0;
  const answers = await askTogether(coach, 3);
  expect(answers.map((answer) => answer.engine)).toEqual(['llm', 'llm', 'llm']);
}

describe('when the model server misbehaves', () => {
  it('answers from the model while it works', async () => {
    await expectModelBack();
  });

  it('is slow: every answer falls back within the budget, marked timeout', async () => {
    // The reading of the texts hangs too: it and the coaching call share one budget.
    model.defaultChat = () => ({ hangMs: 10_000 });
    model.understandingReply = model.defaultChat;
    expectFallbacks(await askTogether(), 'timeout');
    await expectModelBack();
  });

  it('fails with 500s: every answer falls back, marked server_error', async () => {
    model.defaultChat = () => ({ status: 500, content: 'upstream exploded' });
    model.understandingReply = model.defaultChat;
    expectFallbacks(await askTogether(), 'server_error');
    await expectModelBack();
  });

  it('is cut off mid-stream: every stream still ends with a whole result, marked stream_interrupted', async () => {
    model.defaultChat = (body) => ({ ...goodSteps(body), cutAfterChunks: 3 });
    const streams = await Promise.all(
      Array.from({ length: 10 }, async () => {
        const response = await fetch(`${coach.server.baseURL}/v1/coach/next-steps`, {
          method: 'POST',
          headers: { authorization: `Bearer ${coach.token}`, 'content-type': 'application/json', accept: 'text/event-stream' },
          body: '{}',
        });
        const text = await response.text();
        const events = text
          .split('\n\n')
          .filter((frame) => frame.includes('event:'))
          .map((frame) => ({
            event: /event: (.+)/.exec(frame)![1],
            data: JSON.parse(/data: (.+)/.exec(frame)![1]!),
          }));
        return { status: response.status, events };
      }),
    );
    for (const { status, events } of streams) {
      expect(status).toBe(200);
      const result = events.at(-1)!;
      expect(result.event).toBe('result');
      expect(result.data).toMatchObject({ engine: 'offline', fallbackReason: 'stream_interrupted' });
      expect(result.data.steps.length).toBeGreaterThanOrEqual(1);
    }
    await expectModelBack();
  });

  it('is gone: every answer falls back, marked unreachable, and the server stays healthy', async () => {
    const nobody = await startCoach(`http://127.0.0.1:${await freePort()}/v1`);
    try {
      expectFallbacks(await askTogether(nobody), 'unreachable');
      expect((await fetch(`${nobody.server.baseURL}/healthz`)).status).toBe(200);
    } finally {
      await nobody.server.stop();
    }
  });
});
