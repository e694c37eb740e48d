import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations, describeViolations } from '../support/axe.ts';
import { type PageProblems, useBrowser } from '../support/browser.ts';

/**
 * axe-core over every view of the widget, on pages under the demo's strict CSP (axe goes in
 * through DevTools), in the light and the dark colour scheme so contrast is checked in both.
 */

const test = useBrowser();
const noProblems = { csp: [], exceptions: [], errors: [] };

async function withPage(colorScheme: 'light' | 'dark', run: (page: Page, problems: PageProblems) => Promise<void>): Promise<void> {
  const page = await test.newPage({ colorScheme });
  await run(page, test.problems);
}

async function expectAccessible(page: Page, when: string): Promise<void> {
  // Contrast is for the settled page: wait out any transition first.
  await page.evaluate(async () => {
    const roots: Array<Document | ShadowRoot> = [document];
    for (const element of document.querySelectorAll('mentor-coach')) if (element.shadowRoot) roots.push(element.shadowRoot);
    await Promise.all(roots.flatMap((root) => root.getAnimations()).map((animation) => animation.finished.catch(() => undefined)));
  });
  const violations = await axeViolations(page);
  expect(describeViolations(violations), when).toEqual([]);
  // axe must really reach inside the shadow roots, or an empty list would prove nothing.
  expect(
    await page.evaluate(async () => {
      const axe = (
        window as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ passes: Array<{ nodes: Array<{ target: unknown[] }> }> }> } }
      ).axe;
      const { passes } = await axe.run(document, { runOnly: ['color-contrast'], resultTypes: ['passes'] });
      return passes.flatMap((rule) => rule.nodes).filter((node) => Array.isArray(node.target[0])).length;
    }),
  ).toBeGreaterThan(0);
}

const libraryPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Library</title>
<script type="module" src="/widget/mentor-coach.js"></script>
<script type="module" src="/demo/demo.js"></script>
</head><body><main>
<h1>Mentoring library</h1>
<mentor-coach mode="library" audience="mentee" heading="For mentees"></mentor-coach>
</main></body></html>`;

describe.each(['light', 'dark'] as const)('axe-core in the %s colour scheme', (colorScheme) => {
  it('finds nothing in the library view, after a search and with a document open', async () => {
    await withPage(colorScheme, async (page, problems) => {
      await test.hostPage('/library.html', libraryPage);
      await page.goto(`${test.server.baseUrl}/library.html`);
      const widget = page.locator('mentor-coach');
      const input = widget.locator('input');
      await input.waitFor();
      await expectAccessible(page, 'library, empty');
      await input.fill('my mentor keeps cancelling our sessions');
      await input.press('Enter');
      await widget.locator('[part=result]').first().waitFor();
      await expectAccessible(page, 'library, results');
      await widget.locator('[part=result] h3 button').first().click();
      await widget.locator('[part=document]').waitFor();
      await expectAccessible(page, 'library, document');
      expect(problems).toEqual(noProblems);
    });
  });

  it('finds nothing in the mentee and mentor views through their flows', async () => {
    await withPage(colorScheme, async (page, problems) => {
      await page.goto(`${test.server.baseUrl}/`);
      const mentee: Locator = page.locator('mentor-coach[mode=mentee]');
      const mentor: Locator = page.locator('mentor-coach[mode=mentor]');
      await mentee.locator('[part=goal]').first().waitFor();
      await mentor.locator('#plan-mentee').waitFor();
      await expectAccessible(page, 'goals and planner');

      await mentee.getByRole('button', { name: 'What should I do next?' }).click();
      await mentee.locator('.answer [part=step]').first().waitFor();
      await mentee.locator('[part=feedback]').first().waitFor();
      await expectAccessible(page, 'next steps');

      const goal = mentee.locator('[part=goal]').first();
      await goal.getByRole('button', { name: 'Check in' }).click();
      await goal.locator('form').waitFor();
      await expectAccessible(page, 'check-in form');

      await mentee.getByLabel('Write the thought down as it comes').fill("Everyone else gets it faster than me. I'll never be good at this.");
      await mentee.getByRole('button', { name: 'Help me see it differently' }).click();
      await mentee.locator('[part=reframe]').first().waitFor();
      await expectAccessible(page, 'reframe');

      await mentee.getByLabel('Write the thought down as it comes').fill("I've started cutting myself again");
      await mentee.getByRole('button', { name: 'Help me see it differently' }).click();
      await mentee.locator('[part=safety]').waitFor();
      await expectAccessible(page, 'safety answer');

      await mentor.getByRole('button', { name: 'Plan the session' }).click();
      await mentor.locator('[part=agenda]').waitFor();
      await mentor.locator('[part=feedback]').waitFor();
      await expectAccessible(page, 'agenda');
      expect(problems).toEqual(noProblems);
    });
  });
});
