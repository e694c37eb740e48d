import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../server/paths.ts';

/** What `npm publish` would ship for a host that installs the widget rather than loading it from a server. */
const manifest = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as {
  exports: Record<string, string>;
  customElements: string;
};

describe('the package', () => {
  it('ships every file its exports and its customElements field name, after a build', () => {
    const [packed] = JSON.parse(
      execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
        cwd: projectRoot,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }),
    ) as Array<{ files: Array<{ path: string }> }>;
    const files = new Set(packed!.files.map((file) => file.path));
    const targets = [...Object.values(manifest.exports), manifest.customElements].map((target) => target.replace(/^\.\//, ''));
    const missing = targets.filter((target) => (target.endsWith('*') ? ![...files].some((file) => file.startsWith(target.slice(0, -1))) : !files.has(target)));
    expect(missing).toEqual([]);
    expect(files.has('widget/locales/fr.json')).toBe(true);
    // No test, benchmark, data or dependency goes out with it.
    expect([...files].filter((file) => /^(test|bench|data|node_modules)\//.test(file))).toEqual([]);
  });
});
