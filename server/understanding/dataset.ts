import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../paths.ts';
import type { LabelledText } from './labels.ts';

export const dataDir = join(projectRoot, 'server/understanding/data');

/** The labelled files whose names start with `prefix` (`train-`, `dev-`), each one author's. */
export function readSplit(prefix: string, folder = dataDir): { examples: Array<LabelledText & { author: string }>; sha256: string } {
  const files = readdirSync(folder)
    .filter((name) => name.startsWith(prefix) && name.endsWith('.jsonl'))
    .sort();
  const hash = createHash('sha256');
  const examples = files.flatMap((name) => {
    const text = readFileSync(join(folder, name), 'utf8');
    hash.update(name).update(text);
    const author = name.slice(prefix.length, -'.jsonl'.length);
    return text
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => ({ ...(JSON.parse(line) as LabelledText), author }));
  });
  return { examples, sha256: hash.digest('hex') };
}
