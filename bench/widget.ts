import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { widgetDistDir } from '../server/paths.ts';
import { launchChromium } from '../test/support/chromium.ts';
import { startServer } from '../test/support/server-process.ts';
import { makeTempDir } from '../test/support/temp-dir.ts';
import { percentile, round } from './stats.ts';

/** What a host page pays for the widget: bytes over the wire, and time until it is on screen. */

export interface WidgetSize {
  raw: number;
  gzip: number;
  brotli: number;
}

const kilobytes = (bytes: number) => round(bytes / 1024, 1);

export function widgetSizes(): Record<string, WidgetSize> {
  const sizes: Record<string, WidgetSize> = {};
  for (const file of ['mentor-coach.js', 'mentor-coach.iife.js']) {
    const bundle = readFileSync(join(widgetDistDir, file));
    sizes[file] = {
      raw: kilobytes(bundle.length),
      gzip: kilobytes(gzipSync(bundle, { level: 9 }).length),
      brotli: kilobytes(brotliCompressSync(bundle).length),
    };
  }
  return sizes;
}

export interface FirstRender {
  /** Navigation start to the first widget's first render (its mc-ready event). */
  readyMs: number;
  /** Navigation start to the mentee's goals on screen: script, token and first API answer. */
  goalsMs: number;
  loads: number;
}

/**
 * Runs before any of the page's scripts: notes when the first widget renders, and when goals
 * appear (looked for every 2 ms: headless Chromium gives no animation frames to a page nobody
 * looks at). A string, not a function: tsx would wrap a function's inner names in a helper
 * the page does not have.
 */
const markScript = `
  const marks = (window.marks = {});
  document.addEventListener('mc-ready', () => { marks.ready ??= performance.now(); });
  (function watch() {
    const widget = document.querySelector('mentor-coach[mode=mentee]');
    if (widget && widget.shadowRoot && widget.shadowRoot.querySelector('[part=goal]')) marks.goals = performance.now();
    else setTimeout(watch, 2);
  })();
`;

interface Marks {
  ready?: number;
  goals?: number;
}

/**
 * The demo page, loaded cold (a new browser context: no cache) `loads` times from the built
 * server, in headless Chromium. The timestamps are taken in the page, with the page's clock.
 */
export async function widgetFirstRender(loads = 15): Promise<FirstRender> {
  const server = await startServer(makeTempDir('mentor-coach-bench-'));
  const browser = await launchChromium();
  const ready: number[] = [];
  const goals: number[] = [];
  try {
    for (let load = 0; load < loads; load++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      await page.addInitScript({ content: markScript });
      await page.goto(`${server.baseURL}/`);
      const marks = await page
        .waitForFunction(() => {
          const { ready, goals: shown } = (window as unknown as { marks: Marks }).marks;
          return ready !== undefined && shown !== undefined ? { ready, goals: shown } : undefined;
        })
        .then((handle) => handle.jsonValue() as Promise<Required<Marks>>);
      // The first load warms the server's own caches; it is not what a visitor sees twice.
      if (load > 0) {
        ready.push(marks.ready);
        goals.push(marks.goals);
      }
      await context.close();
    }
  } finally {
    await browser.close();
    await server.stop();
  }
  return { readyMs: round(percentile(ready, 0.5), 0), goalsMs: round(percentile(goals, 0.5), 0), loads: ready.length };
}
