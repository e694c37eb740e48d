import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type PageProblems, recordEvents, recordedEvents, useBrowser } from '../support/browser.ts';
import { createTestSite } from '../support/services.ts';

/**
 * The library mode in real Chromium against a real server on loopback: the built widget on a
 * host page under the demo page's strict CSP, talking to the real routes over the real index
 * of the corpus. The demo page itself shows the coaching modes (coach-modes.browser.test.ts).
 * Set MC_SCREENSHOT=some/file.png to also save a picture of the page after a search.
 */

const test = useBrowser();
let baseUrl: string;
let auth: Record<string, string>;

beforeAll(async () => {
  baseUrl = test.server.baseUrl;
  auth = (await createTestSite(test.server.services)).headers;
});

let page: Page;
let problems: PageProblems;

beforeEach(async () => {
  page = await test.newPage({ viewport: { width: 1280, height: 800 } });
  problems = test.problems;
});

/**
 * A host page with two library widgets, served from the coach's origin with the demo page's
 * policy. Its one inline script must be blocked, or the policy would not be in force.
 */
const libraryPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Library</title>
<script type="module" src="/widget/mentor-coach.js"></script>
<script type="module" src="/demo/demo.js"></script>
<script>window.inlineScriptRan = true;</script>
</head><body><main>
<mentor-coach mode="library" audience="mentee" heading="For mentees"></mentor-coach>
<mentor-coach mode="library" audience="mentor" heading="For mentors"></mentor-coach>
</main></body></html>`;

async function openDemo(): Promise<void> {
  await test.hostPage('/library.html', libraryPage);
  const response = await page.goto(`${baseUrl}/library.html`);
  expect(response?.status()).toBe(200);
  // The page must really be under the strict policy, or passing here would prove nothing.
  expect(response?.headers()['content-security-policy']).toContain("style-src 'self'");
  await page.locator('mentor-coach[audience=mentee] input').waitFor();
  expect(await page.evaluate(() => (window as unknown as { inlineScriptRan?: boolean }).inlineScriptRan)).toBeUndefined();
  expect(problems.csp).toHaveLength(1);
  problems.csp = [];
  await recordEvents(page, ['mc-results', 'mc-error']);
}

describe('the library mode', () => {
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
    await expect.poll(() => mentee.locator('[aria-live=polite]').textContent()).toBe(count === 1 ? '1 resource found' : `${count} resources found`);
    expect(await mentee.locator('.content').getAttribute('aria-busy')).toBe('false');
    expect(await recordedEvents(page)).toEqual([{ type: 'mc-results', detail: { count } }]);

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

  it("shows the server's message for a rejected search and keeps what the reader typed", async () => {
    await openDemo();
    const mentor = page.locator('mentor-coach[audience=mentor]');
    // Longer than the 2000 characters the search accepts.
    const question = 'how do I keep a mentee engaged when sessions keep slipping '.repeat(40).trim();
    expect(question.length).toBeGreaterThan(2000);
    const expected = await fetch(`${baseUrl}/v1/resources/search`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ q: question, audience: 'mentor', limit: 5 }),
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
    expect(await recordedEvents(page)).toEqual([{ type: 'mc-error', detail: { code: error.code, message: error.message } }]);

    // The browser logs the failed request itself; that one error is expected.
    const otherErrors = problems.errors.filter((text) => !/status of 400/.test(text));
    expect({ ...problems, errors: otherErrors }).toEqual({ csp: [], exceptions: [], errors: [] });
  });

  it('survives the script being loaded twice, as a host with two bundles would', async () => {
    await openDemo();
    // A different URL makes the browser evaluate the module a second time.
    await page.addScriptTag({ url: '/widget/mentor-coach.js?loaded=twice', type: 'module' });
    await expect
      .poll(() => page.evaluate(() => performance.getEntriesByType('resource').filter((entry) => entry.name.includes('mentor-coach.js')).length))
      .toBe(2);
    const mentee = page.locator('mentor-coach[audience=mentee]');
    await mentee.locator('input').fill('ending a mentorship well');
    await mentee.locator('input').press('Enter');
    await mentee.locator('[part=result]').first().waitFor();
    expect(problems).toEqual({ csp: [], exceptions: [], errors: [] });
  });
});
