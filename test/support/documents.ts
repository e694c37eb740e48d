import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface FixtureDocument {
  id: string;
  title?: string;
  topics?: string[];
  audience?: string;
  stage?: string;
  format?: string;
  models?: string[];
  body: string;
  /** Extra frontmatter lines, verbatim (for invalid-input tests). */
  extra?: string;
}

/** Writes a Markdown document with frontmatter the way a host would, and returns its path. */
export function writeDocument(folder: string, document: FixtureDocument, fileName = `${document.id}.md`): string {
  const path = join(folder, fileName);
  const lines = [
    '---',
    `id: ${document.id}`,
    `title: ${document.title ?? `About ${document.id}`}`,
    `topics: [${(document.topics ?? ['goal-setting']).join(', ')}]`,
    `audience: ${document.audience ?? 'all'}`,
    `stage: ${document.stage ?? 'any'}`,
    `format: ${document.format ?? 'guide'}`,
    `models: [${(document.models ?? ['any']).join(', ')}]`,
    ...(document.extra ? [document.extra] : []),
    '---',
    document.body,
  ];
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}
