import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations, describeViolations } from '../support/axe.ts';
import { type PageProblems, useBrowser } from '../support/browser.ts';

/**
 * The widget as a host page meets it, in real Chromium against a real server, under the demo
 * page's strict CSP: a token that has to be refreshed, no request to any other host, theming
 * through a custom property and a part, and narrow or zoomed screens.
 */

const test = useBrowser();
let page: Page;
let problems: PageProblems;

async function newPage(options: Parameters<typeof test.newPage>[0] = {}): Promise<void> {
  page = await test.newPage(options);
  problems = test.problems;
}

const noProblems = { csp: [], exceptions: [], errors: [] };

const hostPage = (path: string, body: string, contentType?: string) => test.hostPage(path, body, { contentType });

/** A host page with the widget's script and no widget yet: the test's "host script" adds it. */
const emptyHostPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Host</title>
<script type="module" src="/widget/mentor-coach.js"></script>
</head><body><main><h1>Host</h1></main></body></html>`;

/**
 * The host's script, through DevTools (the page's CSP does not govern it): adds a mentee
 * widget whose token provider first hands out what the host had cached, `stale` (the right
 * person, but a signature the server no longer accepts, as after a key rotation or expiry)
 * or `unreadable` (a placeholder), and a fresh demo token on refresh. Records each call.
 */
async function addMenteeWidget(cached: 'stale' | 'unreadable'): Promise<void> {
  await page.evaluate(async (kind) => {
    await customElements.whenDefined('mentor-coach');
    const calls: boolean[] = [];
    const mint = async () => {
      const response = await fetch('/v1/demo/participant-token', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ role: 'mentee' }),
      });
      return ((await response.json()) as { token: string }).token;
    };
    let current = 'placeholder-until-signed-in';
    if (kind === 'stale') {
      const [header, payload, signature] = (await mint()).split('.');
      current = `${header}.${payload}.${[...signature!].reverse().join('')}x`;
    }
    const widget = Object.assign(document.createElement('mentor-coach'), {
      tokenProvider: async ({ refresh }: { refresh: boolean }) => {
        calls.push(refresh);
        if (refresh) current = await mint();
        return current;
      },
    });
    widget.setAttribute('mode', 'mentee');
    (window as unknown as { providerCalls: boolean[] }).providerCalls = calls;
    document.querySelector('main')!.append(widget);
  }, cached);
}

const providerCalls = () => page.evaluate(() => (window as unknown as { providerCalls: boolean[] }).providerCalls);

describe('the token', () => {
  it('is refreshed once after a 401, and the request then succeeds', async () => {
    await newPage();
    await hostPage('/host.html', emptyHostPage);
    await page.goto(`${test.server.baseUrl}/host.html`);
    const statuses: number[] = [];
    page.on('response', (response) => {
      if (response.url().includes('/v1/') && !response.url().includes('/v1/demo/')) statuses.push(response.status());
    });
    await addMenteeWidget('stale');
    const widget = page.locator('mentor-coach');
    await widget.locator('[part=goal]').first().waitFor();
    await widget.getByRole('button', { name: 'What should I do next?' }).click();
    await widget.locator('.answer [part=step]').first().waitFor();
    await expect.poll(() => widget.locator('[aria-live=polite]').textContent()).toMatch(/next steps? (is|are) ready/);

    const calls = await providerCalls();
    expect(calls.filter((refresh) => refresh)).toHaveLength(1);
    expect(calls.filter((refresh) => !refresh).length).toBeGreaterThanOrEqual(2);
    expect(statuses.filter((status) => status === 401)).toHaveLength(1);
    expect(statuses.filter((status) => status >= 400 && status !== 401)).toEqual([]);
    expect((await widget.locator('[role=alert]').allTextContents()).map((text) => text.trim()).filter(Boolean)).toEqual([]);
    // The browser logs the one 401 itself.
    const otherErrors = problems.errors.filter((text) => !/status of 401/.test(text));
    expect({ ...problems, errors: otherErrors }).toEqual(noProblems);
  });

  it('is asked for afresh when the first one cannot be read, so the person is still known', async () => {
    await newPage();
    await hostPage('/unreadable.html', emptyHostPage);
    await page.goto(`${test.server.baseUrl}/unreadable.html`);
    await addMenteeWidget('unreadable');
    await page.locator('mentor-coach [part=goal]').first().waitFor();
    expect((await providerCalls()).slice(0, 2)).toEqual([false, true]);
    expect(problems).toEqual(noProblems);
  });
});

describe('the network', () => {
  it('reaches no host but its server, through a whole mentee and mentor session', async () => {
    await newPage();
    const urls: string[] = [];
    page.on('request', (request) => urls.push(request.url()));
    await page.goto(`${test.server.baseUrl}/`);
    const mentee = page.locator('mentor-coach[mode=mentee]');
    const mentor = page.locator('mentor-coach[mode=mentor]');
    await mentee.locator('[part=goal]').first().waitFor();

    await mentee.getByRole('button', { name: 'What should I do next?' }).click();
    const steps = mentee.locator('.answer [part=step]');
    await steps.first().waitFor();
    await mentee.locator('[part=feedback]').first().getByRole('button', { name: 'Helpful', exact: true }).click();
    await steps.first().locator('.sources button').first().click();
    await mentee.locator('[part=document]').waitFor();
    await mentee.locator('[part=document]').getByRole('button', { name: 'Back' }).click();
    const goal = mentee.locator('[part=goal]').first();
    await goal.getByRole('button', { name: 'Check in' }).click();
    await goal.getByLabel('Progress (0 to 100)').fill('60');
    await goal.getByRole('button', { name: 'Save check-in' }).click();
    await goal.locator('form').waitFor({ state: 'detached' });
    await mentee.getByLabel('Write the thought down as it comes').fill("I'll never be good at this.");
    await mentee.getByRole('button', { name: 'Help me see it differently' }).click();
    await mentee.locator('[part=reframe]').first().waitFor();

    await mentor.getByRole('button', { name: 'Plan the session' }).click();
    await mentor.locator('[part=agenda]').waitFor();
    await mentor.locator('[part=feedback]').getByRole('button', { name: 'Not helpful' }).click();
    await expect.poll(() => urls.filter((url) => url.endsWith('/v1/feedback')).length).toBe(2);

    expect(urls.length).toBeGreaterThan(10);
    const origins = [...new Set(urls.map((url) => new URL(url).origin))];
    expect(origins).toEqual([test.server.baseUrl]);
    expect(problems).toEqual(noProblems);
  });
});

describe('theming', () => {
  it("takes the host's --mc-accent and its ::part(button) rule", async () => {
    await newPage();
    await hostPage(
      '/theme.css',
      `
mentor-coach { --mc-accent: rgb(128, 0, 64); }
mentor-coach::part(button) { border-radius: 17px; text-transform: uppercase; }
`,
      'text/css; charset=utf-8',
    );
    await hostPage(
      '/themed.html',
      `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Themed host</title>
<link rel="stylesheet" href="/theme.css">
<script type="module" src="/widget/mentor-coach.js"></script>
</head><body><main><h1>Themed host</h1>
<mentor-coach mode="library" heading="Library"></mentor-coach>
<mentor-coach class="plain" mode="library" heading="Library"></mentor-coach>
</main></body></html>`,
    );
    await page.goto(`${test.server.baseUrl}/themed.html`);
    const style = (widget: Locator) =>
      widget.locator('[part=button]').evaluate((button) => {
        const computed = getComputedStyle(button);
        return {
          background: computed.backgroundColor,
          border: computed.borderTopColor,
          radius: computed.borderTopLeftRadius,
          transform: computed.textTransform,
        };
      });
    const themed = page.locator('mentor-coach').first();
    await themed.locator('[part=button]').waitFor();
    expect(await style(themed)).toEqual({ background: 'rgb(128, 0, 64)', border: 'rgb(128, 0, 64)', radius: '17px', transform: 'uppercase' });

    // Without the host's rules, the widget's own look: proof the rules above made the change.
    await page.evaluate(() => document.querySelector('link[rel=stylesheet]')!.remove());
    const plain = await style(page.locator('mentor-coach.plain'));
    expect(plain.background).not.toBe('rgb(128, 0, 64)');
    expect(plain.radius).not.toBe('17px');
    expect(plain.transform).toBe('none');
    expect(problems).toEqual(noProblems);
  });
});

describe('small and zoomed screens', () => {
  /**
   * No horizontal scroll in the page or inside a widget, every control inside the viewport's
   * width, and every control reached by Tab.
   */
  async function checkFits(width: number): Promise<void> {
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    const report = await page.evaluate((viewportWidth) => {
      const controls: HTMLElement[] = [];
      const overflowing: string[] = [];
      for (const widget of document.querySelectorAll('mentor-coach')) {
        const root = widget.shadowRoot!;
        for (const element of root.querySelectorAll<HTMLElement>('*')) {
          if (element.scrollWidth > element.clientWidth + 1 && ['auto', 'scroll'].includes(getComputedStyle(element).overflowX)) {
            overflowing.push(`scrolls: ${element.tagName} ${element.className}`);
          }
        }
        for (const control of root.querySelectorAll<HTMLElement>('button, input, select, textarea, a[href], summary')) {
          if (control.matches(':disabled') || control.getClientRects().length === 0) continue;
          const box = control.getBoundingClientRect();
          if (box.left < -0.5 || box.right > viewportWidth + 0.5) overflowing.push(`outside: ${control.tagName} ${control.textContent?.trim() || control.id}`);
          control.dataset.fitCheck = String(controls.length);
          controls.push(control);
        }
      }
      return { count: controls.length, overflowing };
    }, width);
    expect(report.overflowing).toEqual([]);
    expect(report.count).toBeGreaterThan(10);

    const reached = new Set<string>();
    for (let presses = 0; presses < report.count * 3 && reached.size < report.count; presses++) {
      await page.keyboard.press('Tab');
      const index = await page.evaluate(() => {
        let active = document.activeElement;
        while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
        return (active as HTMLElement | null)?.dataset?.fitCheck;
      });
      if (index !== undefined) reached.add(index);
    }
    expect(reached.size).toBe(report.count);
    // axe-core at this size too (target sizes, reflowed contrast).
    expect(describeViolations(await axeViolations(page))).toEqual([]);
  }

  async function openDemoAndAnswer(): Promise<void> {
    await page.goto(`${test.server.baseUrl}/`);
    const mentee = page.locator('mentor-coach[mode=mentee]');
    const mentor = page.locator('mentor-coach[mode=mentor]');
    await mentee.locator('[part=goal]').first().waitFor();
    await mentor.locator('#plan-mentee').waitFor();
    await mentee.getByRole('button', { name: 'What should I do next?' }).click();
    await mentee.locator('.answer [part=step]').first().waitFor();
    await mentor.getByRole('button', { name: 'Plan the session' }).click();
    await mentor.locator('[part=agenda]').waitFor();
  }

  it('fits a 320 x 640 phone screen, every control reachable', async () => {
    await newPage({ viewport: { width: 320, height: 640 } });
    await openDemoAndAnswer();
    await checkFits(320);
    expect(problems).toEqual(noProblems);
  });

  it('fits at 200% zoom (a 640 px wide window at twice the pixel density), every control reachable', async () => {
    await newPage({ viewport: { width: 640, height: 800 }, deviceScaleFactor: 2 });
    await openDemoAndAnswer();
    await checkFits(640);
    expect(problems).toEqual(noProblems);
  });
});
