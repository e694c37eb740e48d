import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { widgetDistDir } from '../../server/paths.ts';

/** The bundle global setup built: what every host page downloads (its size is in npm run bench). */
const bundle = readFileSync(join(widgetDistDir, 'mentor-coach.js'), 'utf8');

describe('the widget bundle', () => {
  it('carries none of the server: the typed client is imported as a type only', () => {
    // Matches are listed rather than the whole bundle printed when this fails.
    expect(bundle.match(/\$?Zod[A-Z]\w+|zod|lancedb|["'`]node:\w+/gi) ?? []).toEqual([]);
  });
});
