import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createApp } from '../../server/app.ts';
import { Library } from '../../server/coach/library.ts';
import { seedDemo } from '../../server/demo/seed.ts';
import { demoContentSecurityPolicy } from '../../server/routes/index.ts';
import type { Services } from '../../server/services.ts';
import { launchChromium } from './chromium.ts';
import { buildCorpusIndex } from './corpus-index.ts';
import { testModelEngine } from './model-engine.ts';
import { createTestServices } from './services.ts';
import { removeTempDirs } from './temp-dir.ts';

export { launchChromium } from './chromium.ts';

/**
 * Browser tests: real Chromium (Debian's, never a download) against a real server on
 * loopback, with the demo program seeded and the built widget served.
 */

export interface DemoServer {
  baseUrl: string;
  services: Services;
  close(): Promise<void>;
}

/** `modelBaseURL`: an OpenAI-compatible server for the language-model engine; offline without it. */
export async function startDemoServer(options: { modelBaseURL?: string } = {}): Promise<DemoServer> {
  const index = await buildCorpusIndex();
  const library = await Library.load(index);
  const services = createTestServices({ index, library });
  if (options.modelBaseURL) {
    services.modelEngine = testModelEngine(services, library, options.modelBaseURL, { timeoutMs: 5000, budgetMs: 10_000 });
  }
  services.demo = await seedDemo(services.store);
  const app = createApp(services);
  let server: ServerType;
  const port = await new Promise<number>((resolvePort) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (address: AddressInfo) => resolvePort(address.port));
  });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    services,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

export interface PageProblems {
  /** Console errors that name the Content Security Policy: something the page tried was blocked. */
  csp: string[];
  /** Uncaught exceptions in the page. */
  exceptions: string[];
  /** Every other console error. */
  errors: string[];
}

export function watchProblems(page: Page): PageProblems {
  const problems: PageProblems = { csp: [], exceptions: [], errors: [] };
  page.on('console', (message) => {
    const text = message.text();
    if (/Content Security Policy/i.test(text)) problems.csp.push(text);
    else if (message.type() === 'error') problems.errors.push(`${text} (${message.location().url})`);
  });
  page.on('pageerror', (error) => problems.exceptions.push(error.stack ?? error.message));
  return problems;
}

export interface RecordedEvent {
  type: string;
  detail: unknown;
}

/** Listens for the widget's events on the document (through DevTools, which the page's CSP does not govern). */
export async function recordEvents(page: Page, types: string[]): Promise<void> {
  await page.evaluate((names) => {
    const record: Array<{ type: string; detail: unknown }> = [];
    (window as unknown as { mcEvents: typeof record }).mcEvents = record;
    for (const type of names) {
      document.addEventListener(type, (event) => record.push({ type, detail: (event as CustomEvent).detail }));
    }
  }, types);
}

export function recordedEvents(page: Page): Promise<RecordedEvent[]> {
  return page.evaluate(() => (window as unknown as { mcEvents: Array<{ type: string; detail: unknown }> }).mcEvents);
}

/** The focused element, looked for through open shadow roots. */
export function focused(page: Page): Promise<{ tag: string; text: string; id: string; data: Record<string, string> } | undefined> {
  return page.evaluate(() => {
    let active = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    if (!(active instanceof HTMLElement)) return undefined;
    return { tag: active.tagName.toLowerCase(), text: active.textContent?.trim() ?? '', id: active.id, data: { ...active.dataset } as Record<string, string> };
  });
}

export interface BrowserTest {
  readonly server: DemoServer;
  readonly browser: Browser;
  /** The page of the current test, and what went wrong in it. */
  readonly page: Page;
  readonly context: BrowserContext;
  readonly problems: PageProblems;
  /** A fresh browser context and page, closed after the test. */
  newPage(options?: { viewport?: { width: number; height: number }; deviceScaleFactor?: number; colorScheme?: 'light' | 'dark' }): Promise<Page>;
  /**
   * Serves `body` at `path` on the coach's origin, under `policy` (the demo page's strict CSP
   * unless told otherwise), as a host page on the same server would be.
   */
  hostPage(path: string, body: string, options?: { policy?: string; contentType?: string }): Promise<void>;
}

/**
 * The hooks a browser test file needs, registered once: a demo server and Chromium for the
 * file, a new context for each page, all closed after. `modelBaseURL` is read when the hooks
 * run, so a model server started in an earlier beforeAll can be named.
 */
export function useBrowser(options: { modelBaseURL?: () => string } = {}): BrowserTest {
  let server: DemoServer | undefined;
  let browser: Browser | undefined;
  let current: { context: BrowserContext; page: Page; problems: PageProblems } | undefined;
  beforeAll(async () => {
    server = await startDemoServer({ modelBaseURL: options.modelBaseURL?.() });
    browser = await launchChromium();
  });
  afterEach(async () => {
    await current?.context.close();
    current = undefined;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    removeTempDirs();
  });
  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is only there inside a test`);
    return value;
  };
  return {
    get server() {
      return need(server, 'the server');
    },
    get browser() {
      return need(browser, 'the browser');
    },
    get page() {
      return need(current, 'a page').page;
    },
    get context() {
      return need(current, 'a page').context;
    },
    get problems() {
      return need(current, 'a page').problems;
    },
    async newPage(pageOptions = {}) {
      await current?.context.close();
      const context = await need(browser, 'the browser').newContext({
        viewport: pageOptions.viewport ?? { width: 1280, height: 900 },
        deviceScaleFactor: pageOptions.deviceScaleFactor,
        colorScheme: pageOptions.colorScheme,
      });
      const page = await context.newPage();
      current = { context, page, problems: watchProblems(page) };
      return page;
    },
    async hostPage(path, body, { policy = demoContentSecurityPolicy, contentType = 'text/html; charset=utf-8' } = {}) {
      const { page } = need(current, 'a page');
      const base = need(server, 'the server').baseUrl;
      await page.route(`${base}${path}`, (route) =>
        route.fulfill({
          status: 200,
          contentType,
          body,
          headers: { 'content-security-policy': policy },
        }),
      );
    },
  };
}
