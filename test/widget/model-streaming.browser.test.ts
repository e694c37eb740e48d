import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordEvents, recordedEvents, useBrowser } from '../support/browser.ts';
import { passageIds, startOpenAICompatibleServer, type OpenAICompatibleServer } from '../support/openai-compatible-server.ts';

/**
 * The demo page with a language model configured (a loopback OpenAI-compatible server that
 * writes its answer a few characters at a time): the model's words reach the widget as
 * `token` events while it writes, shown quietly and never announced; the live region speaks
 * once, when the answer is complete; and feedback names the engine and prompt version.
 */

let model: OpenAICompatibleServer;

const steps = [
  'Put two 25-minute practice slots for the SQL course in your calendar, on Tuesday and Thursday evenings.',
  'Write the one query your dashboard still needs and run it on Saturday morning, before the family is up.',
  'Tell Jordan which part of the course felt slowest, and ask how they learned it when they started out.',
];

beforeAll(async () => {
  model = await startOpenAICompatibleServer();
  model.defaultChat = (body) => {
    const [first] = passageIds(body);
    return {
      content: JSON.stringify({
        steps: steps.map((text, index) => ({
          text, why: 'Evenings are taken by family, so short fixed slots are the ones that will happen this week.',
          kind: index === 1 ? 'finish' : 'unblock', citations: first ? [{ id: first, title: 'x' }] : [],
        })),
      }),
    };
  };
});

afterAll(async () => {
  await model?.close();
});

const test = useBrowser({ modelBaseURL: () => model.baseURL });

describe('a streamed model answer', () => {
  it('shows the words as they come, announces the answer once, and sends feedback with its engine and prompt', async () => {
    const page = await test.newPage();
    await page.goto(`${test.server.baseUrl}/`);
    const mentee = page.locator('mentor-coach[mode=mentee]');
    await mentee.locator('[part=goal]').first().waitFor();
    await recordEvents(page, ['mc-answer', 'mc-feedback', 'mc-error']);
    // Every state of the writing area and of the live region, as the page renders them.
    await mentee.evaluate((element) => {
      const root = element.shadowRoot!;
      const seen = { writing: [] as string[], live: [] as string[] };
      (window as unknown as { seen: typeof seen }).seen = seen;
      const note = (list: string[], text: string | null | undefined) => {
        if (text !== null && text !== undefined && list.at(-1) !== text) list.push(text);
      };
      new MutationObserver(() => {
        note(seen.writing, root.querySelector('[part=writing]')?.textContent?.trim());
        note(seen.live, root.querySelector('[aria-live=polite]')?.textContent);
      }).observe(root, { subtree: true, childList: true, characterData: true });
    });

    await mentee.getByRole('button', { name: 'What should I do next?' }).click();
    const found = mentee.locator('.answer [part=step] .lead');
    await found.first().waitFor();
    expect(await found.allTextContents()).toEqual(steps);
    await expect.poll(() => mentee.locator('[aria-live=polite]').textContent()).toBe('3 next steps are ready.');

    const seen = await page.evaluate(() => (window as unknown as { seen: { writing: string[]; live: string[] } }).seen);
    // The JSON the model wrote, growing a piece at a time in the quiet area, before the steps.
    const written = seen.writing.filter((text) => text.includes('{'));
    expect(written.length).toBeGreaterThan(1);
    expect(written.at(-1)).toContain(steps[0]!.slice(0, 20));
    // Not a live region, and nothing said while the model wrote: once emptied, then the answer.
    expect(await mentee.locator('[part=writing]').count()).toBe(0);
    expect(seen.live.filter(Boolean)).toEqual(['3 next steps are ready.']);

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
