import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_SITE_ID } from '../../server/demo/seed.ts';
import { projectRoot } from '../../server/paths.ts';
import { useBrowser } from '../support/browser.ts';

/**
 * The ways a host embeds the widget, in real Chromium against a real server: the classic
 * script from another origin, both builds on one page, another language, the host's own
 * phrases, the compact layout, a style nonce, and the manifest that documents it all.
 */

const test = useBrowser();
const noProblems = { csp: [], exceptions: [], errors: [] };

/** A host page: the widget's script(s), the demo's token provider, and `body`. */
function hostHtml(body: string, options: { scripts?: string; lang?: string } = {}): string {
  const scripts = options.scripts ?? '<script type="module" src="/widget/mentor-coach.js"></script>';
  return `<!doctype html>
<html lang="${options.lang ?? 'en'}"><head><meta charset="utf-8"><title>Host</title>
${scripts}
<script type="module" src="/demo/demo.js"></script>
</head><body><main><h1>Host</h1>${body}</main></body></html>`;
}

/**
 * A host site of its own on loopback (another port is another origin): a strict page that
 * loads the classic script from the coach, and a script that gets demo tokens from it.
 */
async function startHostSite(coach: string): Promise<{ origin: string; close(): Promise<void> }> {
  const policy = `default-src 'none'; script-src 'self' ${coach}; connect-src ${coach}; style-src 'self'`;
  const files: Record<string, [string, string]> = {
    '/host.html': [
      'text/html; charset=utf-8',
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host</title>
<script src="${coach}/widget/mentor-coach.iife.js"></script><script src="/host.js" defer></script>
</head><body><main><h1>Host</h1><mentor-coach mode="mentee"></mentor-coach></main></body></html>`,
    ],
    '/host.js': [
      'text/javascript',
      `document.querySelector('mentor-coach').tokenProvider = async () => {
  const response = await fetch('${coach}/v1/demo/participant-token', {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ role: 'mentee' }),
  });
  return (await response.json()).token;
};`,
    ],
  };
  const server = createServer((request, response) => {
    const file = files[request.url ?? ''];
    if (!file) return void response.writeHead(404).end();
    response.writeHead(200, { 'content-type': file[0], 'content-security-policy': policy }).end(file[1]);
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((closed) => server.close(() => closed())),
  };
}

const liveRegion = (widget: Locator) => widget.locator('[aria-live=polite]');

async function search(widget: Locator, label: string | RegExp, query: string): Promise<void> {
  await widget.getByLabel(label).fill(query);
  await widget.locator('[part=button]').click();
  await widget.locator('[part=result]').first().waitFor();
}

describe('the classic script', () => {
  it('runs from a plain <script> tag on another origin and finds its server from its own address', async () => {
    const page = await test.newPage();
    const coach = test.server.baseUrl;
    const host = await startHostSite(coach);
    test.server.services.origins.set(DEMO_SITE_ID, [host.origin]);
    try {
      const apiOrigins = new Set<string>();
      page.on('request', (request) => {
        if (new URL(request.url()).pathname.startsWith('/v1/')) apiOrigins.add(new URL(request.url()).origin);
      });
      await page.goto(`${host.origin}/host.html`);
      const widget = page.locator('mentor-coach');
      await widget.locator('[part=goal]').first().waitFor();
      expect([...apiOrigins]).toEqual([coach]);
      expect(await page.evaluate(() => typeof (window as unknown as { MentorCoach?: unknown }).MentorCoach)).toBe('object');
      expect(test.problems).toEqual(noProblems);
    } finally {
      test.server.services.origins.set(DEMO_SITE_ID, []);
      await host.close();
    }
  });

  it('defines the element once when a page loads both the module and the classic script', async () => {
    const page = await test.newPage();
    await test.hostPage(
      '/both.html',
      hostHtml('<mentor-coach mode="library"></mentor-coach>', {
        scripts: '<script src="/widget/mentor-coach.iife.js"></script><script type="module" src="/widget/mentor-coach.js"></script>',
      }),
    );
    await page.goto(`${test.server.baseUrl}/both.html`);
    const widget = page.locator('mentor-coach');
    await search(widget, 'What would you like help with?', 'planning our first session');
    expect(await widget.locator('[part=result]').count()).toBeGreaterThan(0);
    expect(test.problems).toEqual(noProblems);
  });
});

describe('languages and phrases', () => {
  it('speaks French with locale="fr": its words, its announcements and its lang', async () => {
    const page = await test.newPage();
    await test.hostPage('/fr.html', hostHtml('<mentor-coach mode="library" locale="fr"></mentor-coach>'));
    await page.goto(`${test.server.baseUrl}/fr.html`);
    const widget = page.locator('mentor-coach');
    await expect.poll(() => widget.locator('[part=heading]').textContent()).toBe('Trouver des conseils de mentorat');
    expect(await widget.locator('section').getAttribute('lang')).toBe('fr');
    await search(widget, 'Sur quoi voulez-vous de l’aide ?', 'préparer notre première séance');
    const count = await widget.locator('[part=result]').count();
    await expect.poll(() => liveRegion(widget).textContent()).toBe(count === 1 ? '1 ressource trouvée' : `${count} ressources trouvées`);
    expect(await widget.locator('[part=button]').textContent()).toContain('Rechercher');
    expect(test.problems).toEqual(noProblems);
  });

  it("follows the page's lang when no locale is set, falling back from fr-CA to French", async () => {
    const page = await test.newPage();
    await test.hostPage('/fr-ca.html', hostHtml('<mentor-coach mode="library"></mentor-coach>', { lang: 'fr-CA' }));
    const translation = page.waitForResponse((response) => response.url().endsWith('/widget/locales/fr-CA.json'));
    await page.goto(`${test.server.baseUrl}/fr-ca.html`);
    expect((await translation).status()).toBe(200);
    await expect.poll(() => page.locator('mentor-coach [part=heading]').textContent()).toBe('Trouver des conseils de mentorat');
    expect(test.problems).toEqual(noProblems);
  });

  it("takes the host's phrases from the strings attribute, over the translation, and shrugs off broken JSON", async () => {
    const page = await test.newPage();
    const phrases = JSON.stringify({
      heading: 'Bibliothèque du programme',
      found: { one: '{count} fiche', other: '{count} fiches' },
      searchButton: 42,
      nothing: 'x',
    });
    await test.hostPage(
      '/phrases.html',
      hostHtml(`
      <mentor-coach id="own" mode="library" locale="fr" strings='${phrases}'></mentor-coach>
      <mentor-coach id="broken" mode="library" strings='{"heading": '></mentor-coach>`),
    );
    const warnings: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'warning') warnings.push(message.text());
    });
    await page.goto(`${test.server.baseUrl}/phrases.html`);
    const own = page.locator('#own');
    await expect.poll(() => own.locator('[part=heading]').textContent()).toBe('Bibliothèque du programme');
    await search(own, 'Sur quoi voulez-vous de l’aide ?', 'préparer notre première séance');
    const count = await own.locator('[part=result]').count();
    await expect.poll(() => liveRegion(own).textContent()).toBe(count === 1 ? '1 fiche' : `${count} fiches`);
    // A number where words belong is ignored: the translation's word stays.
    expect(await own.locator('[part=button]').textContent()).toContain('Rechercher');
    expect(await page.locator('#broken [part=heading]').textContent()).toBe('Find mentoring guidance');
    expect(warnings).toEqual(['mentor-coach: the strings attribute is not JSON; using the built-in phrases.']);
    expect(test.problems).toEqual(noProblems);
  });
});

describe('the compact layout', () => {
  it("is tighter than the full one, without hints, and keeps the hint as the field's description", async () => {
    const page = await test.newPage({ viewport: { width: 420, height: 900 } });
    await test.hostPage(
      '/layouts.html',
      hostHtml(`
      <mentor-coach id="full" mode="mentee"></mentor-coach>
      <mentor-coach id="compact" mode="mentee" layout="compact"></mentor-coach>`),
    );
    await page.goto(`${test.server.baseUrl}/layouts.html`);
    const full = page.locator('#full');
    const compact = page.locator('#compact');
    await full.locator('[part=goal]').first().waitFor();
    await compact.locator('[part=goal]').first().waitFor();
    const height = async (widget: Locator) => (await widget.boundingBox())!.height;
    expect(await height(compact)).toBeLessThan((await height(full)) * 0.9);
    expect(await full.locator('#question-hint').isVisible()).toBe(true);
    expect(await compact.locator('#question-hint').isVisible()).toBe(false);
    const description = (widget: Locator) =>
      widget.locator('#question').evaluate((input) => {
        const id = input.getAttribute('aria-describedby')!;
        return (input.getRootNode() as ShadowRoot).getElementById(id)?.textContent;
      });
    expect(await description(compact)).toBe(await description(full));
    // Touch targets keep their size.
    expect((await compact.locator('[part=button]').first().boundingBox())!.height).toBeGreaterThanOrEqual(44);
    expect(test.problems).toEqual(noProblems);
  });
});

describe('a style nonce', () => {
  // Browsers without constructable stylesheets get <style> elements from Lit; here Chromium is
  // made one of them, under a policy that allows styles only with the page's nonce.
  const policy = "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'nonce-c29tZS1ub25jZQ'";

  async function openWithoutAdoptedStyles(attributes: string) {
    const page = await test.newPage();
    await page.addInitScript(() => {
      delete (Document.prototype as { adoptedStyleSheets?: unknown }).adoptedStyleSheets;
      delete (ShadowRoot.prototype as { adoptedStyleSheets?: unknown }).adoptedStyleSheets;
    });
    await test.hostPage('/nonce.html', hostHtml(`<mentor-coach mode="library" ${attributes}></mentor-coach>`), { policy });
    await page.goto(`${test.server.baseUrl}/nonce.html`);
    const widget = page.locator('mentor-coach');
    await widget.locator('[part=heading]').waitFor();
    return { widget, background: () => widget.locator('[part=button]').evaluate((button) => getComputedStyle(button).backgroundColor) };
  }

  it('styles the widget through <style> elements that carry the nonce', async () => {
    const { widget, background } = await openWithoutAdoptedStyles('nonce="c29tZS1ub25jZQ"');
    expect(await widget.evaluate((element) => element.shadowRoot!.querySelectorAll('style').length)).toBeGreaterThan(0);
    expect(await background()).toBe('rgb(31, 95, 191)');
    expect(test.problems).toEqual(noProblems);
  });

  it('is refused by that policy without the nonce, which is why it is there', async () => {
    const { background } = await openWithoutAdoptedStyles('');
    expect(await background()).not.toBe('rgb(31, 95, 191)');
    expect(test.problems.csp.length).toBeGreaterThan(0);
  });
});

describe('the custom-elements manifest', () => {
  it('documents every attribute the element observes and every event it fires', async () => {
    const page = await test.newPage();
    await test.hostPage('/manifest.html', hostHtml(''));
    await page.goto(`${test.server.baseUrl}/manifest.html`);
    const observed = await page.evaluate(async () => {
      await customElements.whenDefined('mentor-coach');
      return [...(customElements.get('mentor-coach') as unknown as { observedAttributes: string[] }).observedAttributes];
    });
    const manifest = (await (await fetch(`${test.server.baseUrl}/widget/custom-elements.json`)).json()) as {
      modules: Array<{ declarations?: Array<{ tagName?: string; attributes?: Array<{ name: string }>; events?: Array<{ name: string }> }> }>;
    };
    const element = manifest.modules.flatMap((module) => module.declarations ?? []).find((declaration) => declaration.tagName === 'mentor-coach')!;
    // `nonce` is the browser's own attribute, which the element reads rather than observes.
    expect(
      element
        .attributes!.map((attribute) => attribute.name)
        .filter((name) => name !== 'nonce')
        .sort(),
    ).toEqual(observed.sort());
    // The events the source dispatches, read from every emit('mc-…') call.
    const sources = readdirSync(join(projectRoot, 'widget'), { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));
    const fired = new Set(
      sources.flatMap((file) => [...readFileSync(join(projectRoot, 'widget', file), 'utf8').matchAll(/emit\('(mc-[a-z-]+)'/g)].map((match) => match[1]!)),
    );
    expect(fired.size).toBeGreaterThanOrEqual(7);
    expect(element.events!.map((event) => event.name).sort()).toEqual([...fired].sort());
  });
});
