import { createServer, request as forward, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { recordEvents, recordedEvents, useBrowser } from '../support/browser.ts';
import { type OpenAICompatibleServer, passageIds, startOpenAICompatibleServer } from '../support/openai-compatible-server.ts';

/**
 * A streamed coaching answer in the widget: the pieces of an answer (`step` events, each
 * validated and screened by the server) are shown as they arrive, the `result` event that
 * ends every stream has the last word and replaces them, whatever they were, the model's raw
 * words are never on screen, and the live region speaks once, when the answer is complete.
 * First against the real server with a loopback model, then against a stub stream in front
 * of it that sends pieces and then a different result, as a refused model answer would.
 */

let model: OpenAICompatibleServer;

const steps = [
  'Put two 25-minute practice slots for the SQL course in your calendar, on Tuesday and Thursday evenings.',
  'Write the one query your dashboard still needs and run it on Saturday morning, before the family is up.',
  'Tell Jordan which part of the course felt slowest, and ask how they learned it when they started out.',
];
const why = 'Evenings are taken by family, so short fixed slots are the ones that will happen this week.';

beforeAll(async () => {
  model = await startOpenAICompatibleServer();
  model.defaultChat = (body) => {
    const [first] = passageIds(body);
    return {
      content: JSON.stringify({
        steps: steps.map((text, index) => ({
          text,
          why,
          kind: index === 1 ? 'finish' : 'unblock',
          citations: first ? [{ id: first, title: 'x' }] : [],
        })),
      }),
    };
  };
});

afterAll(async () => {
  await model?.close();
});

const test = useBrowser({ modelBaseURL: () => model.baseURL });

interface Seen {
  /** Every step on screen, as lead and reason, whether a piece or in the answer. */
  steps: string[];
  /** Every text of the next-steps section. */
  texts: string[];
  /** Every state of the live region. */
  live: string[];
}

/** Records, at every change the page renders, what the mentee's next-steps section shows. */
async function watch(mentee: Locator): Promise<() => Promise<Seen>> {
  await mentee.evaluate((element) => {
    const root = element.shadowRoot!;
    const seen: Seen = { steps: [], texts: [], live: [] };
    (window as unknown as { seen: Seen }).seen = seen;
    const note = (list: string[], text: string | null | undefined) => {
      if (text !== null && text !== undefined && !list.includes(text)) list.push(text);
    };
    new MutationObserver(() => {
      const section = root.querySelector('section[aria-labelledby=next-heading]');
      note(seen.texts, section?.textContent);
      for (const step of section?.querySelectorAll('[part=step]') ?? []) {
        note(
          seen.steps,
          [...step.querySelectorAll('p')]
            .slice(0, 2)
            .map((p) => p.textContent)
            .join(' / '),
        );
      }
      note(seen.live, root.querySelector('[aria-live=polite]')?.textContent);
    }).observe(root, { subtree: true, childList: true, characterData: true, attributes: true });
  });
  return () => mentee.page().evaluate(() => (window as unknown as { seen: Seen }).seen);
}

async function openMentee(page: Page, baseUrl: string): Promise<Locator> {
  await page.goto(`${baseUrl}/`);
  const mentee = page.locator('mentor-coach[mode=mentee]');
  await mentee.locator('[part=goal]').first().waitFor();
  await recordEvents(page, ['mc-answer', 'mc-safety-flag', 'mc-feedback', 'mc-error']);
  return mentee;
}

/** One stream the stub is answering: the test writes it piece by piece. */
interface StubStream {
  /** The request's body, as the widget sent it. */
  body: string;
  write(text: string): void;
  end(): void;
}

interface Stub {
  baseUrl: string;
  /** While set, the coach's own stream passes through too, its bytes kept in `passed`. */
  passThrough: boolean;
  passed: string[];
  /** The next stream the widget asks for, to be written by the test. */
  stream(): Promise<StubStream>;
  close(): Promise<void>;
}

/**
 * A loopback server in front of the demo server: the page, its tokens and every other call
 * pass through untouched (same origin, so the strict CSP and the origin checks hold), and
 * POST /v1/coach/next-steps is an event stream the test writes itself.
 */
async function startStub(upstream: string): Promise<Stub> {
  const target = new URL(upstream);
  const waiting: Array<(stream: StubStream) => void> = [];
  const arrived: StubStream[] = [];
  const server = createServer(async (request, response: ServerResponse) => {
    const coach = request.method === 'POST' && request.url === '/v1/coach/next-steps';
    if (coach && !stub.passThrough) {
      let body = '';
      for await (const chunk of request) body += chunk;
      response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
      response.flushHeaders();
      const stream: StubStream = { body, write: (text) => response.write(text), end: () => response.end() };
      const next = waiting.shift();
      if (next) next(stream);
      else arrived.push(stream);
      return;
    }
    const proxied = forward({ host: target.hostname, port: target.port, method: request.method, path: request.url, headers: request.headers }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      // DevTools cannot be asked for a streamed body the page read itself: the bytes are kept here.
      if (coach) {
        let bytes = '';
        answer.on('data', (chunk: Buffer) => {
          bytes += chunk.toString('utf8');
        });
        answer.on('end', () => stub.passed.push(bytes));
      }
      answer.pipe(response);
    });
    proxied.on('error', () => response.destroy());
    request.pipe(proxied);
  });
  const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
  const stub: Stub = {
    baseUrl: `http://127.0.0.1:${port}`,
    passThrough: false,
    passed: [],
    stream: () => {
      const ready = arrived.shift();
      return ready ? Promise.resolve(ready) : new Promise((resolve) => waiting.push(resolve));
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return stub;
}

let stub: Stub;

beforeAll(async () => {
  stub = await startStub(test.server.baseUrl);
});

afterAll(async () => {
  await stub?.close();
});

beforeEach(() => {
  stub.passThrough = false;
  stub.passed.length = 0;
});

describe('a streamed model answer from the server', () => {
  it("shows the validated steps, never the model's raw words, announces once, and sends feedback with its engine and prompt", async () => {
    const page = await test.newPage();
    stub.passThrough = true;
    const mentee = await openMentee(page, stub.baseUrl);
    const seen = await watch(mentee);

    await mentee.getByRole('button', { name: 'What should I do next?' }).click();
    const found = mentee.locator('.answer [part=step] .lead');
    await found.first().waitFor();
    // The server sent each step whole as the model finished it, then the result; no words on the way.
    await expect.poll(() => stub.passed.length).toBe(1);
    expect([...stub.passed[0]!.matchAll(/^event: (\w+)\r?$/gm)].map((match) => match[1])).toEqual(['step', 'step', 'step', 'result']);
    expect(await found.allTextContents()).toEqual(steps);
    await expect.poll(() => mentee.locator('[aria-live=polite]').textContent()).toBe('3 next steps are ready.');

    const { steps: shown, texts, live } = await seen();
    // Only whole steps were ever on screen, and none of the JSON the model wrote on the way.
    expect(shown.filter((step) => !steps.some((text) => step === `${text} / ${why}`))).toEqual([]);
    expect(texts.filter((text) => /[{}]|"why"/.test(text))).toEqual([]);
    expect(await mentee.locator('[part=writing]').count()).toBe(0);
    expect(live.filter(Boolean)).toEqual(['3 next steps are ready.']);

    await mentee.locator('[part=feedback]').getByRole('button', { name: 'Not helpful' }).click();
    await expect.poll(async () => (await recordedEvents(page)).map((event) => event.type)).toEqual(['mc-answer', 'mc-feedback']);
    expect(await recordedEvents(page)).toEqual([
      { type: 'mc-answer', detail: { target: 'next-steps', engine: 'llm', flagged: false } },
      { type: 'mc-feedback', detail: { target: 'next-steps', rating: 'down', engine: 'llm' } },
    ]);
    const { services } = test.server;
    const { items } = await services.store.feedback.list(services.demo!.siteId, { limit: 10 });
    expect(items.at(-1)).toMatchObject({ target: 'next-steps', rating: 'down', engine: 'llm', promptVersion: 'next-steps@1' });
    expect(test.problems).toEqual({ csp: [], exceptions: [], errors: [] });
  });
});

const frame = (event: string, data: unknown) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
const step = (text: string, reason: string) => ({ text, why: reason, kind: 'unblock', citations: [] });
const common = { resources: [], citations: [], safety: { flagged: false } };

/** Pieces the model's answer streamed, and the offline answer that replaced it once it was refused. */
const pieces = [
  step('Book a 20-minute slot on Tuesday evening for the SQL course.', 'A short fixed slot is the one that happens.'),
  step('Ask Jordan how they practised queries when they started.', 'Your mentor has been where you are.'),
];
const offline = [
  step('Pick one evening this week and do one lesson of the SQL course.', 'One lesson is small enough to start tonight.'),
  step('Write down the dashboard question you most want answered.', 'A clear question makes the next query obvious.'),
  step('Tell Jordan at your next session where you got stuck.', 'Naming the block is the first step past it.'),
];
const label = (item: { text: string; why: string }) => `${item.text} / ${item.why}`;

describe('a stream whose result differs from its pieces', () => {
  it('shows each piece as it arrives, then only the result, and never anything else', async () => {
    const page = await test.newPage();
    const mentee = await openMentee(page, stub.baseUrl);
    const seen = await watch(mentee);
    const shownPieces = mentee.locator('[part=step] .lead');

    await mentee.getByLabel('Your question (optional)').fill('How do I find time?');
    await mentee.getByRole('button', { name: 'What should I do next?' }).click();
    const stream = await stub.stream();
    expect(JSON.parse(stream.body)).toEqual({ question: 'How do I find time?' });

    // Words from an older server and an event nobody knows: neither reaches the screen.
    stream.write(frame('token', { text: 'RAW MODEL WORDS {"steps":[' }));
    stream.write(': keep-alive\n\n');
    stream.write(frame('progress', { text: 'UNKNOWN EVENT TEXT' }));
    stream.write(frame('step', pieces[0]));
    await expect.poll(() => shownPieces.allTextContents()).toEqual([pieces[0]!.text]);
    // A piece is not the answer yet: nothing announced, no thumbs.
    expect(await mentee.locator('[aria-live=polite]').textContent()).toBe('');
    expect(await mentee.locator('.answer').count()).toBe(0);
    expect(await mentee.locator('[part=feedback]').count()).toBe(0);

    // The next piece arrives cut in three, with CRLF line ends split across writes.
    const second = frame('step', pieces[1]).replaceAll('\n', '\r\n');
    stream.write(second.slice(0, 9));
    stream.write(second.slice(9, second.length - 3));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await shownPieces.allTextContents()).toEqual([pieces[0]!.text]);
    stream.write(second.slice(second.length - 3));
    await expect.poll(() => shownPieces.allTextContents()).toEqual(pieces.map((piece) => piece.text));

    stream.write(frame('result', { steps: offline, engine: 'offline', fallbackReason: 'refused', ...common }));
    stream.end();
    const answer = mentee.locator('.answer [part=step] .lead');
    await expect.poll(() => answer.allTextContents()).toEqual(offline.map((item) => item.text));
    expect(await shownPieces.allTextContents()).toEqual(offline.map((item) => item.text));
    await expect.poll(() => mentee.locator('[aria-live=polite]').textContent()).toBe('3 next steps are ready.');

    const { steps: shown, texts, live } = await seen();
    // Every step ever on screen was a piece or in the result, and each of them was.
    expect(shown.filter((item) => ![...pieces, ...offline].map(label).includes(item))).toEqual([]);
    expect(shown).toEqual(expect.arrayContaining([...pieces, ...offline].map(label)));
    for (const forbidden of ['RAW MODEL WORDS', 'UNKNOWN EVENT TEXT', '{']) {
      expect(texts.filter((text) => text.includes(forbidden))).toEqual([]);
    }
    expect(live.filter(Boolean)).toEqual(['3 next steps are ready.']);
    expect(await recordedEvents(page)).toEqual([{ type: 'mc-answer', detail: { target: 'next-steps', engine: 'offline', flagged: false } }]);
    expect(test.problems).toEqual({ csp: [], exceptions: [], errors: [] });
  });

  it('replaces the pieces with a safety answer that has none', async () => {
    const page = await test.newPage();
    const mentee = await openMentee(page, stub.baseUrl);
    await mentee.getByRole('button', { name: 'What should I do next?' }).click();
    const stream = await stub.stream();
    stream.write(frame('step', pieces[0]));
    await expect.poll(() => mentee.locator('[part=step] .lead').allTextContents()).toEqual([pieces[0]!.text]);

    const message = 'It sounds like things are hard right now. You do not have to handle this alone.';
    const contacts = [{ name: 'Sam Rivera', role: 'Safeguarding lead', phone: '+1 555 0100' }];
    stream.write(frame('result', { steps: [], engine: 'offline', ...common, safety: { flagged: true, category: 'self-harm', message, contacts } }));
    stream.end();
    const safety = mentee.locator('[part=safety]');
    await safety.waitFor();
    expect(await safety.locator('p').first().textContent()).toBe(message);
    expect(await safety.getByRole('link', { name: '+1 555 0100' }).count()).toBe(1);
    expect(await mentee.locator('[part=step]').count()).toBe(0);
    await expect.poll(async () => (await recordedEvents(page)).map((event) => event.type)).toEqual(['mc-answer', 'mc-safety-flag']);
    expect(test.problems).toEqual({ csp: [], exceptions: [], errors: [] });
  });

  it('says the answer was cut off when the stream ends before its result, and drops the pieces', async () => {
    const page = await test.newPage();
    const mentee = await openMentee(page, stub.baseUrl);
    await mentee.getByRole('button', { name: 'What should I do next?' }).click();
    const stream = await stub.stream();
    stream.write(frame('step', pieces[0]));
    await expect.poll(() => mentee.locator('[part=step] .lead').allTextContents()).toEqual([pieces[0]!.text]);
    // The result's frame begins, but the connection closes before its blank line.
    stream.write(`event: result\ndata: ${JSON.stringify({ steps: offline, engine: 'offline', ...common })}\n`);
    stream.end();
    await expect
      .poll(() => mentee.locator('section[aria-labelledby=next-heading] [role=alert]').first().textContent())
      .toBe('The answer was cut off. Please try again.');
    expect(await mentee.locator('[part=step]').count()).toBe(0);
    expect(await recordedEvents(page)).toEqual([{ type: 'mc-error', detail: { code: 'incomplete', message: 'The answer was cut off. Please try again.' } }]);
  });
});
