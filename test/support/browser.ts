import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createApp } from '../../server/app.ts';
import { Library } from '../../server/coach/library.ts';
import { createLlmEngine } from '../../server/coach/llm/engine.ts';
import { loadPrompts } from '../../server/coach/llm/prompts.ts';
import { createOfflineEngine } from '../../server/coach/offline/index.ts';
import { seedDemo } from '../../server/demo/seed.ts';
import type { Services } from '../../server/services.ts';
import { buildCorpusIndex } from './corpus-index.ts';
import { createTestServices } from './services.ts';

/**
 * Browser tests: real Chromium (Debian's, never a download) against a real server on
 * loopback, with the demo program seeded and the built widget served.
 */

export const chromiumFlags = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic',
];

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
    services.modelEngine = createLlmEngine({
      call: { client: new OpenAI({ apiKey: 'test-key', baseURL: options.modelBaseURL }), model: 'test-model', timeoutMs: 5000, budgetMs: 10_000 },
      prompts: loadPrompts(), offline: createOfflineEngine(() => library), library: () => library, logger: services.logger,
    });
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

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: chromiumFlags });
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
