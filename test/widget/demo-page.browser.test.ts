import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { seedDemo } from '../../server/demo/seed.ts';
import { buildCorpusIndex } from '../support/corpus-index.ts';
import { createTestServices, createTestSite } from '../support/services.ts';
import { removeTempDirs } from '../support/temp-dir.ts';

/**
 * The demo page in real Chromium against a real server on loopback: the built widget under
 * the page's strict CSP, talking to the real routes over the real index of the corpus.
 * Set MC_SCREENSHOT=some/file.png to also save a picture of the page after a search.
 */

const chromiumFlags = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic',
];

let server: ServerType;
let baseUrl: string;
let auth: Record<string, string>;
let browser: Browser;

beforeAll(async () => {
  const services = createTestServices({ index: await buildCorpusIndex() });
  services.demo = await seedDemo(services.store);
  auth = (await createTestSite(services)).headers;
  const app = createApp(services);
  const port = await new Promise<number>((resolvePort) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (address: AddressInfo) => resolvePort(address.port));
  });
  baseUrl = `http://127.0.0.1:${port}`;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: chromiumFlags });
});

afterAll(async () => {
  await browser?.close();
  if (server) await new Promise<void>((done) => server.close(() => done()));
  removeTempDirs();
});

interface PageProblems {
  /** Console errors that name the Content Security Policy: something the page tried was blocked. */
  csp: string[];
  /** Uncaught exceptions in the page. */
  exceptions: string[];
  /** Every other console error. */
  errors: string[];
}

let context: BrowserContext;
let page: Page;
let problems: PageProblems;

beforeEach(async () => {
  context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  page = await context.newPage();
  problems = { csp: [], exceptions: [], errors: [] };
  page.on('console', (message) => {
    const text = message.text();
    if (/Content Security Policy/i.test(text)) problems.csp.push(text);
    else if (message.type() === 'error') problems.errors.push(`${text} (${message.location().url})`);
  });
  page.on('pageerror', (error) => problems.exceptions.push(error.stack ?? error.message));
});

afterEach(async () => {
  await context?.close();
});

async function openDemo(): Promise<void> {
  const response = await page.goto(`${baseUrl}/`);
  expect(response?.status()).toBe(200);
  // The page must really be under the strict policy, or passing here would prove nothing.
  expect(response?.headers()['content-security-policy']).toContain("style-src 'self'");
  await page.locator('mentor-coach[audience=mentee] input').waitFor();
  // Runs through DevTools, which the page's CSP does not govern: it only listens.
  await page.evaluate(() => {
    const record: Array<{ type: string; detail: unknown }> = [];
    (window as unknown as { mcEvents: typeof record }).mcEvents = record;
    for (const type of ['mc-results', 'mc-error']) {
      document.addEventListener(type, (event) => record.push({ type, detail: (event as CustomEvent).detail }));
    }
  });
}

function recordedEvents(): Promise<Array<{ type: string; detail: unknown }>> {
  return page.evaluate(() => (window as unknown as { mcEvents: Array<{ type: string; detail: unknown }> }).mcEvents);
}

describe('the demo page', () => {
  it('searches the library, announces the count and opens a document, all under the strict CSP', async () => {
    await openDemo();
    const mentee = page.locator('mentor-coach[audience=mentee]');
    expect(await page.locator('mentor-coach').count()).toBe(2);
    // Styles reached the shadow root as adopted stylesheets (a <style> tag would be blocked).
    expect(await mentee.evaluate((element) => element.shadowRoot?.adoptedStyleSheets.length)).toBeGreaterThan(0);

    const input = mentee.locator('input');
    await input.fill('my mentor keeps cancelling our sessions');
    await input.press('Enter');

    const results = mentee.locator('[part=result]');
    await results.first().waitFor();
    const count = await results.count();
    expect(count).toBeGreaterThanOrEqual(1);
    expect(count).toBeLessThanOrEqual(5);
    const firstTitle = mentee.locator('[part=result] h3 button').first();
    expect((await firstTitle.textContent())?.trim()).not.toBe('');
    await expect.poll(() => mentee.locator('[aria-live=polite]').textContent()).toBe(
      count === 1 ? '1 resource found' : `${count} resources found`,
    );
    expect(await mentee.locator('.content').getAttribute('aria-busy')).toBe('false');
    expect(await recordedEvents()).toEqual([{ type: 'mc-results', detail: { count } }]);

    if (process.env.MC_SCREENSHOT) await page.screenshot({ path: resolve(process.env.MC_SCREENSHOT), fullPage: false });

    const id = await firstTitle.getAttribute('data-id');
    const { resource } = (await (await fetch(`${baseUrl}/v1/resources/${id}`, { headers: auth })).json()) as {
      resource: { title: string; body: string };
    };
    const firstHeading = /^##\s+(.+)$/m.exec(resource.body)?.[1]?.trim();
    expect(firstHeading, 'the first result has a ## heading to look for').toBeTruthy();

    await firstTitle.click();
    const document = mentee.locator('[part=document]');
    await document.waitFor();
    expect((await document.locator('h3').textContent())?.trim()).toBe(resource.title);
    await document.locator('h4', { hasText: firstHeading! }).first().waitFor();
    // Focus follows the reader into the document, and back to the result they came from.
    expect(await mentee.evaluate((element) => element.shadowRoot?.activeElement?.id)).toBe('document-title');
    await document.getByRole('button', { name: 'Back to results' }).click();
    await results.first().waitFor();
    expect(await mentee.evaluate((element) => (element.shadowRoot?.activeElement as HTMLElement | null)?.dataset.id)).toBe(id);

    expect(problems).toEqual({ csp: [], exceptions: [], errors: [] });
  });

  it('shows the server\'s message for a rejected search and keeps what the reader typed', async () => {
    await openDemo();
    const mentor = page.locator('mentor-coach[audience=mentor]');
    // Longer than the 2000 characters the search accepts.
    const question = 'how do I keep a mentee engaged when sessions keep slipping '.repeat(40).trim();
    expect(question.length).toBeGreaterThan(2000);
    const expected = await fetch(`${baseUrl}/v1/resources/search`, {
      method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ q: question, audience: 'mentor', limit: 5 }),
    });
    expect(expected.status).toBe(400);
    const { error } = (await expected.json()) as { error: { code: string; message: string } };

    const input = mentor.locator('input');
    await input.fill(question);
    await input.press('Enter');
    const alert = mentor.locator('[role=alert]');
    await expect.poll(() => alert.textContent()).toBe(error.message);
    expect(await input.inputValue()).toBe(question);
    expect(await mentor.locator('[part=result]').count()).toBe(0);
    expect(await recordedEvents()).toEqual([{ type: 'mc-error', detail: { code: error.code, message: error.message } }]);

    // The browser logs the failed request itself; that one error is expected.
    const otherErrors = problems.errors.filter((text) => !/status of 400/.test(text));
    expect({ ...problems, errors: otherErrors }).toEqual({ csp: [], exceptions: [], errors: [] });
  });

  it('survives the script being loaded twice, as a host with two bundles would', async () => {
    await openDemo();
    // A different URL makes the browser evaluate the module a second time.
    await page.addScriptTag({ url: '/widget/mentor-coach.js?loaded=twice', type: 'module' });
    await expect.poll(() => page.evaluate(() => performance.getEntriesByType('resource').filter((entry) => entry.name.includes('mentor-coach.js')).length)).toBe(2);
    const mentee = page.locator('mentor-coach[audience=mentee]');
    await mentee.locator('input').fill('ending a mentorship well');
    await mentee.locator('input').press('Enter');
    await mentee.locator('[part=result]').first().waitFor();
    expect(problems).toEqual({ csp: [], exceptions: [], errors: [] });
  });
});
