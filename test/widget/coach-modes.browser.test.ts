import type { BrowserContext, Locator, Page } from 'playwright-core';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { newSiteKey } from '../../server/auth/index.ts';
import { DEMO_SITE_ID } from '../../server/demo/seed.ts';
import { type DemoServer, focused, type PageProblems, recordEvents, recordedEvents, useBrowser } from '../support/browser.ts';

/**
 * The demo page's two coaching widgets, Amara the mentee and Jordan her mentor, in real
 * Chromium against a real server: every answer streamed over Server-Sent Events, under the
 * page's strict CSP, and compared with what the API itself answers.
 */

const test = useBrowser();
/** A key for the demo site, made here (nobody is given the seeded one), to read its feedback. */
let demoSiteKey: string;
let server: DemoServer;

beforeAll(async () => {
  server = test.server;
  const { store } = server.services;
  const secrets = (await store.sites.secrets(DEMO_SITE_ID))!;
  const { apiKey, keyHash } = newSiteKey(DEMO_SITE_ID);
  await store.sites.replaceSecrets(DEMO_SITE_ID, { ...secrets, keyHash });
  demoSiteKey = apiKey;
});

let context: BrowserContext;
let page: Page;
let problems: PageProblems;
let mentee: Locator;
let mentor: Locator;

async function openPage(viewport = { width: 1280, height: 900 }): Promise<void> {
  page = await test.newPage({ viewport });
  // Chromium's DevTools keep no body of a `Cache-Control: no-store` answer (which every /v1
  // answer is), so the page keeps a copy of each coaching answer's bytes as it received them.
  await page.addInitScript(() => {
    const original = window.fetch.bind(window);
    const bodies: Array<{ url: string; text: string }> = [];
    Object.assign(window, { coachBodies: bodies });
    window.fetch = async (input, init) => {
      const response = await original(input, init);
      const url = input instanceof Request ? input.url : String(input);
      if (url.includes('/v1/coach/'))
        void response
          .clone()
          .text()
          .then((text) => bodies.push({ url, text }));
      return response;
    };
  });
  context = test.context;
  problems = test.problems;
  const response = await page.goto(`${server.baseUrl}/`);
  expect(response?.headers()['content-security-policy']).toContain("style-src 'self'");
  mentee = page.locator('mentor-coach[mode=mentee]');
  mentor = page.locator('mentor-coach[mode=mentor]');
  await mentee.locator('[part=goal]').first().waitFor();
  await mentor.locator('#plan-mentee').waitFor();
  await recordEvents(page, ['mc-answer', 'mc-checkin-saved', 'mc-feedback', 'mc-safety-flag', 'mc-error']);
}

beforeEach(async () => {
  await openPage();
});

/** The API as the demo page's people: a token for them, then a JSON call. */
async function asDemo(role: 'mentee' | 'mentor', path: string, body?: object): Promise<any> {
  const minted = await fetch(`${server.baseUrl}/v1/demo/participant-token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ role }),
  });
  const { token, participantId } = (await minted.json()) as { token: string; participantId: string };
  const response = await fetch(`${server.baseUrl}${path.replace(':me', participantId)}`, {
    method: body ? 'POST' : 'GET',
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  expect(response.status, path).toBeLessThan(300);
  return response.json();
}

const texts = async (locator: Locator) => (await locator.allTextContents()).map((text) => text.replace(/\s+/g, ' ').trim());
const liveRegion = (widget: Locator) => widget.locator('[aria-live=polite]');
const noProblems = { csp: [], exceptions: [], errors: [] };

/** Waits for the coach route's response and checks that it was streamed, with parts before the result. */
async function streamed(route: string, part: string): Promise<void> {
  const response = await page.waitForResponse((candidate) => candidate.url().endsWith(`/v1/coach/${route}`));
  expect(response.request().headers().accept).toBe('text/event-stream');
  expect(response.headers()['content-type']).toContain('text/event-stream');
  const handle = await page.waitForFunction(
    (path) => (window as unknown as { coachBodies: Array<{ url: string; text: string }> }).coachBodies.findLast((body) => body.url.endsWith(path))?.text,
    `/v1/coach/${route}`,
  );
  const body = (await handle.jsonValue()) as string;
  expect(body.indexOf(`event: ${part}`)).toBeGreaterThanOrEqual(0);
  expect(body.indexOf(`event: ${part}`)).toBeLessThan(body.indexOf('event: result'));
}

describe('the mentee', () => {
  it('sees their goals, asks what to do next, gets the streamed steps, announced once, and opens a cited document', async () => {
    const goals = mentee.locator('[part=goal]');
    expect(await goals.count()).toBe(3);
    const course = mentee.getByRole('progressbar', { name: 'Finish the SQL course and build my first dashboard' });
    expect(await course.getAttribute('value')).toBe('55');

    const question = 'How do I find time to practise?';
    await mentee.getByLabel('Your question (optional)').fill(question);
    const answered = streamed('next-steps', 'step');
    await mentee.getByRole('button', { name: 'What should I do next?' }).click();
    await answered;

    const expected = await asDemo('mentee', '/v1/coach/next-steps', { question });
    const steps = mentee.locator('.answer [part=step]');
    await steps.first().waitFor();
    expect(await texts(steps.locator('.lead'))).toEqual(expected.steps.map((step: { text: string }) => step.text));
    expect(expected.steps.length).toBeGreaterThanOrEqual(3);
    await expect.poll(() => liveRegion(mentee).textContent()).toBe(`${expected.steps.length} next steps are ready.`);
    expect(await mentee.locator('[part=writing]').count()).toBe(0);
    expect(await recordedEvents(page)).toEqual([{ type: 'mc-answer', detail: { target: 'next-steps', engine: 'offline', flagged: false } }]);

    // A cited document opens inside the widget, and focus comes back to the citation.
    const citation = steps.first().locator('.sources button').first();
    const id = await citation.getAttribute('data-id');
    await citation.click();
    const document = mentee.locator('[part=document]');
    await document.waitFor();
    expect((await document.locator('h3').textContent())?.trim()).toBe(expected.steps[0].citations[0].title);
    expect((await focused(page))?.id).toBe('document-title');
    await document.getByRole('button', { name: 'Back' }).click();
    expect((await focused(page))?.data.id).toBe(id);
    expect(await steps.count()).toBe(expected.steps.length);
    expect(problems).toEqual(noProblems);
  });

  it('saves a check-in and sees the new progress', async () => {
    const goal = mentee.locator('[part=goal]', { hasText: 'Finish the SQL course' });
    const toggle = goal.getByRole('button', { name: 'Check in' });
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    expect((await focused(page))?.id).toBe('ci-progress');
    await goal.getByLabel('Progress (0 to 100)').fill('70');
    await goal.getByLabel('Confidence').selectOption('3');
    await goal.getByLabel('Wins').fill('Wrote three practice queries on Sunday morning.');
    await goal.getByRole('button', { name: 'Save check-in' }).click();

    const bar = mentee.getByRole('progressbar', { name: 'Finish the SQL course and build my first dashboard' });
    await expect.poll(() => bar.getAttribute('value')).toBe('70');
    expect((await goal.locator('.percent').textContent())?.trim()).toBe('70% done');
    expect(await goal.locator('form').count()).toBe(0);
    expect((await focused(page))?.text).toBe('Check in');
    await expect.poll(() => liveRegion(mentee).textContent()).toBe('Check-in saved for “Finish the SQL course and build my first dashboard”, now 70% done.');

    const [event] = (await recordedEvents(page)) as Array<{ type: string; detail: { goalId: string; checkIn: Record<string, unknown> } }>;
    expect(event?.type).toBe('mc-checkin-saved');
    expect(event?.detail.checkIn).toMatchObject({
      goalId: event?.detail.goalId,
      progress: 70,
      confidence: 3,
      wins: 'Wrote three practice queries on Sunday morning.',
    });
    const { goals } = await asDemo('mentee', '/v1/participants/:me/goals');
    expect(goals.find((stored: { id: string }) => stored.id === event?.detail.goalId).progress).toBe(70);
    expect(problems).toEqual(noProblems);
  });

  it('reframes a thought it is stuck on: patterns, reframes, questions and one small step', async () => {
    const statement = "Everyone else in the course gets it faster than me. I'll never be good at this.";
    await mentee.getByLabel('Write the thought down as it comes').fill(statement);
    const answered = streamed('reframe', 'reframe');
    await mentee.getByRole('button', { name: 'Help me see it differently' }).click();
    await answered;

    const expected = await asDemo('mentee', '/v1/coach/reframe', { statement });
    expect(expected.patterns.length).toBeGreaterThan(0);
    const answer = mentee.locator('.answer', { has: page.locator('[part=reframe]') });
    await answer.waitFor();
    expect(await texts(answer.locator('.tags li'))).toEqual(expected.patterns.map((pattern: string) => pattern.replaceAll('-', ' ')));
    // The words that showed the trap, quoted back from what the mentee wrote.
    const quote = expected.evidence.find((entry: { quote: string }) => entry.quote).quote;
    expect(statement).toContain(quote);
    expect(await answer.getByText(`You wrote “${quote}”`).count()).toBe(1);
    expect(await texts(answer.locator('[part=reframe] .lead'))).toEqual(expected.reframes.map((reframe: { text: string }) => reframe.text));
    expect(await texts(answer.locator('[part=reframe] em'))).toEqual(expected.reframes.map((reframe: { question: string }) => reframe.question));
    expect(await answer.locator('.next-action').textContent()).toContain(expected.nextAction.text);
    await expect.poll(() => liveRegion(mentee).textContent()).toBe('Some other ways to see it are ready.');
    expect(problems).toEqual(noProblems);
  });

  it('gets only the safety message and the contacts for a flagged thought', async () => {
    const statement = "I've started cutting myself again";
    await mentee.getByLabel('Write the thought down as it comes').fill(statement);
    await mentee.getByRole('button', { name: 'Help me see it differently' }).click();

    const expected = await asDemo('mentee', '/v1/coach/reframe', { statement });
    expect(expected.safety.flagged).toBe(true);
    const safety = mentee.locator('[part=safety]');
    await safety.waitFor();
    expect(await safety.getAttribute('role')).toBe('alert');
    expect(await safety.textContent()).toContain(expected.safety.message);
    expect(await safety.textContent()).toContain('Sam Rivera');
    expect(await safety.locator('a[href="tel:+15550100"]').count()).toBe(1);
    expect(await mentee.locator('[part=reframe], .tags, .next-action').count()).toBe(0);
    const events = await recordedEvents(page);
    expect(events).toContainEqual({ type: 'mc-safety-flag', detail: { target: 'reframe', category: 'self-harm' } });
    expect(events).toContainEqual({ type: 'mc-answer', detail: { target: 'reframe', engine: 'offline', flagged: true } });
    // The alert speaks for itself; the polite region does not repeat it as an ordinary answer.
    expect(await liveRegion(mentee).textContent()).toBe('');
    expect(problems).toEqual(noProblems);
  });

  it('reaches "What should I do next?" with Tab and runs it with Enter', async () => {
    let stops = 0;
    while ((await focused(page))?.text !== 'What should I do next?') {
      expect(++stops, 'Tab presses before the next-steps button').toBeLessThan(30);
      await page.keyboard.press('Tab');
    }
    await page.keyboard.press('Enter');
    await mentee.locator('.answer [part=step]').first().waitFor();
    await expect.poll(() => liveRegion(mentee).textContent()).toMatch(/next steps? (is|are) ready/);
    // Focus stayed where the person left it, so the next Tab goes on from there.
    expect((await focused(page))?.text).toBe('What should I do next?');
    await page.keyboard.press('Tab');
    expect((await focused(page))?.tag).toBe('button');
    expect(
      await mentee
        .locator('.answer')
        .first()
        .evaluate((answer) => answer.contains((answer.getRootNode() as ShadowRoot).activeElement)),
    ).toBe(true);
    expect(problems).toEqual(noProblems);
  });

  it('says what a person can do when a request fails, and keeps what they typed', async () => {
    const question = 'How do I keep going when work gets busy?';
    const field = mentee.getByLabel('Your question (optional)');
    const ask = mentee.getByRole('button', { name: 'What should I do next?' });
    const alert = mentee.locator('section[aria-labelledby=next-heading] .alert');
    const fail = (status: number, headers: Record<string, string> = {}) =>
      page.route('**/v1/coach/next-steps', (route) =>
        route.fulfill({
          status,
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify({ error: { code: 'test', message: 'Not for people.' } }),
        }),
      );
    await field.fill(question);

    await fail(429, { 'retry-after': '7' });
    await ask.click();
    await expect.poll(() => alert.textContent()).toBe('Too many requests. Try again in 7 seconds.');
    expect(await field.inputValue()).toBe(question);

    await page.unroute('**/v1/coach/next-steps');
    await fail(503);
    await ask.click();
    await expect.poll(() => alert.textContent()).toBe('The coach had a problem on its side. Try again in a moment.');

    // A 401 makes the widget ask the host for a fresh token and try once more before giving up.
    await page.unroute('**/v1/coach/next-steps');
    await fail(401);
    const tokenRequests: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/v1/demo/participant-token')) tokenRequests.push(request.url());
    });
    await ask.click();
    await expect.poll(() => alert.textContent()).toBe('Your session has ended. Reload the page to continue.');
    expect(tokenRequests).toHaveLength(1);

    await page.unroute('**/v1/coach/next-steps');
    await context.setOffline(true);
    await ask.click();
    await expect.poll(() => alert.textContent()).toBe('You are offline. Reconnect, then try again.');
    await context.setOffline(false);
    expect(await field.inputValue()).toBe(question);

    const codes = ((await recordedEvents(page)) as Array<{ type: string; detail: { code: string } }>).map((event) => `${event.type} ${event.detail.code}`);
    expect(codes).toEqual(['mc-error test', 'mc-error test', 'mc-error test', 'mc-error network']);
    const unexpected = problems.errors.filter((text) => !/Failed to load resource/.test(text));
    expect({ ...problems, errors: unexpected }).toEqual(noProblems);
  });

  it('fits a 320 px wide phone screen', async () => {
    await openPage({ width: 320, height: 640 });
    await mentee.getByRole('button', { name: 'What should I do next?' }).click();
    await mentee.locator('.answer [part=step]').first().waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    expect(problems).toEqual(noProblems);
  });
});

describe('the mentor', () => {
  it('plans a 45-minute session whose items add up to 45 minutes, and copies, prints and sends it', async () => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.baseUrl });
    // Through DevTools: the page's CSP does not govern it, and no print dialog opens.
    await page.evaluate(() => {
      const counted = window as unknown as { prints: number };
      counted.prints = 0;
      window.print = () => void counted.prints++;
    });
    expect(await texts(mentor.locator('#plan-mentee option'))).toEqual(['Amara']);
    await mentor.getByLabel('Length').selectOption('45');
    await mentor.getByLabel('Kind of session').selectOption('regular');
    const answered = streamed('agenda', 'item');
    await mentor.getByRole('button', { name: 'Plan the session' }).click();
    await answered;

    const agenda = mentor.locator('[part=agenda]');
    await agenda.waitFor();
    const minutes = await agenda.locator('[data-minutes]').evaluateAll((nodes) => nodes.map((node) => Number((node as HTMLElement).dataset.minutes)));
    expect(minutes.reduce((sum, value) => sum + value, 0)).toBe(45);
    const { pairings } = await asDemo('mentor', '/v1/pairings');
    const expected = await asDemo('mentor', '/v1/coach/agenda', { pairingId: pairings[0].id, durationMinutes: 45, stage: 'regular' });
    expect(minutes).toEqual(expected.items.map((item: { minutes: number }) => item.minutes));
    expect(await agenda.locator('h4').textContent()).toBe(expected.title);
    expect(await agenda.locator('h5').allTextContents()).toEqual(['Before the session', 'After the session']);
    await expect.poll(() => liveRegion(mentor).textContent()).toBe(`Agenda ready: ${expected.title}, in ${expected.items.length} parts.`);

    await agenda.getByRole('button', { name: 'Copy' }).click();
    await expect.poll(() => liveRegion(mentor).textContent()).toBe('Agenda copied.');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied.startsWith(`${expected.title} (45 min)`)).toBe(true);
    for (const item of expected.items) expect(copied).toContain(`${item.minutes} min  ${item.title}`);
    await agenda.getByRole('button', { name: 'Print' }).click();
    expect(await page.evaluate(() => (window as unknown as { prints: number }).prints)).toBe(1);

    // Send: an email with the agenda where there is no share sheet, the share sheet where there is one.
    const send = agenda.getByRole('link', { name: 'Send' });
    const mailto = new URL((await send.getAttribute('href'))!);
    expect(mailto.protocol).toBe('mailto:');
    expect(mailto.searchParams.get('subject')).toBe(expected.title);
    expect(mailto.searchParams.get('body')).toBe(copied);
    await page.evaluate(() => {
      const sharing = window as unknown as { shared: ShareData[] };
      sharing.shared = [];
      Object.defineProperty(navigator, 'share', { configurable: true, value: async (data: ShareData) => void sharing.shared.push(data) });
    });
    await send.click();
    await expect.poll(() => liveRegion(mentor).textContent()).toBe('Agenda shared.');
    expect(await page.evaluate(() => (window as unknown as { shared: ShareData[] }).shared)).toEqual([{ title: expected.title, text: copied }]);
    expect(page.url()).toBe(`${server.baseUrl}/`);
    expect(await recordedEvents(page)).toEqual([{ type: 'mc-answer', detail: { target: 'agenda', engine: 'offline', flagged: false } }]);
    expect(problems).toEqual(noProblems);
  });

  it('sends thumbs up on an answer to /v1/feedback, where the site finds it', async () => {
    await mentor.getByRole('button', { name: 'Plan the session' }).click();
    const feedback = mentor.locator('[part=feedback]');
    await feedback.waitFor();
    const up = feedback.getByRole('button', { name: 'Helpful', exact: true });
    expect(await up.getAttribute('aria-pressed')).toBe('false');
    const posted = page.waitForResponse((response) => response.url().endsWith('/v1/feedback'));
    await up.click();
    expect((await posted).status()).toBe(201);
    await expect.poll(() => up.getAttribute('aria-pressed')).toBe('true');
    expect(await feedback.getByRole('button', { name: 'Not helpful' }).getAttribute('aria-pressed')).toBe('false');
    expect(await recordedEvents(page)).toContainEqual({ type: 'mc-feedback', detail: { target: 'agenda', rating: 'up', engine: 'offline' } });

    const stored = await fetch(`${server.baseUrl}/v1/feedback?limit=100`, { headers: { authorization: `Bearer ${demoSiteKey}` } });
    expect(stored.status).toBe(200);
    const { feedback: items } = (await stored.json()) as { feedback: Array<Record<string, unknown>> };
    expect(items.at(-1)).toMatchObject({ target: 'agenda', rating: 'up', engine: 'offline', participantId: server.services.demo!.mentorId });
    expect(problems).toEqual(noProblems);
  });
});

describe('choosing the mode', () => {
  it('follows the role in the token when no mode is set, and is the library without a token', async () => {
    // Added through DevTools, which the page's CSP does not govern, as a host's own script would.
    await page.evaluate(() => {
      const main = document.querySelector('main')!;
      const mentorWidget = document.querySelector('mentor-coach[mode=mentor]') as HTMLElement & { tokenProvider: unknown };
      const byToken = Object.assign(document.createElement('mentor-coach'), { id: 'by-token', tokenProvider: mentorWidget.tokenProvider });
      const noToken = Object.assign(document.createElement('mentor-coach'), { id: 'no-token' });
      main.append(byToken, noToken);
    });
    const byToken = page.locator('#by-token');
    await byToken.locator('#plan-mentee').waitFor();
    expect(await byToken.locator('h2').textContent()).toBe('Plan your next session');
    const noToken = page.locator('#no-token');
    await noToken.locator('input[type=search]').waitFor();
    expect(await noToken.locator('h2').textContent()).toBe('Find mentoring guidance');

    // A mode set later wins over the token.
    await byToken.evaluate((element) => element.setAttribute('mode', 'library'));
    await byToken.locator('input[type=search]').waitFor();
    expect(await byToken.locator('#plan-mentee').count()).toBe(0);
    expect(problems).toEqual(noProblems);
  });
});
