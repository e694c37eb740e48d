import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The evaluation sets live in the repository (test/eval/data), so that a fresh clone tests
 * with nothing beside it: the dev sets copied from the project's shared folder, and the
 * held-out sets written by separate authors.
 */
const dataDir = fileURLToPath(new URL('./data/', import.meta.url));

export function readJsonl<T>(name: string): T[] {
  return readFileSync(`${dataDir}${name}`, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as T);
}
