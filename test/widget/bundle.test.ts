import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { widgetDistDir } from '../../server/paths.ts';

/** The bundle global setup built: what every host page downloads. */
const bundle = readFileSync(join(widgetDistDir, 'mentor-coach.js'), 'utf8');

describe('the widget bundle', () => {
  it('stays well under 20 KB gzip with Lit inside', () => {
    expect(gzipSync(bundle).length).toBeLessThan(20 * 1024);
  });

  it('carries none of the server: the typed client is imported as a type only', () => {
    // Matches are listed rather than the whole bundle printed when this fails.
    expect(bundle.match(/\$?Zod[A-Z]\w+|zod|lancedb|["'`]node:\w+/gi) ?? []).toEqual([]);
  });

  it('registers the element only once, whoever loads it twice', () => {
    expect(/customElements\.get\(["'`]mentor-coach["'`]\)/.test(bundle)).toBe(true);
  });
});
