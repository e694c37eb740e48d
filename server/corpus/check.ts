import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { markdownFiles } from '../retrieval/ingest.ts';
import { coverageProblems } from './coverage.ts';
import { type CorpusDocument, IngestError, parseCorpusDocument } from './document.ts';
import { materialKeys } from './material.ts';
import { sharedRuns } from './overlap.ts';

export interface CorpusCheck {
  documents: CorpusDocument[];
  /** Every problem found, one sentence each, naming the file. */
  problems: string[];
}

/** Headings with nothing under them before the next heading of the same or a higher level. */
export function emptySections(body: string): string[] {
  const lines = body.split('\n');
  const empty: string[] = [];
  lines.forEach((line, index) => {
    const heading = /^(#{2,6})[ \t]+(\S.*)?$/.exec(line);
    if (!heading) return;
    const level = heading[1]!.length;
    for (const next of lines.slice(index + 1)) {
      const nextHeading = /^(#{2,6})\s/.exec(next);
      if (nextHeading && nextHeading[1]!.length <= level) break;
      if (nextHeading) return; // a subsection with text of its own fills this one
      if (next.trim()) return;
    }
    empty.push((heading[2] ?? '').trim());
  });
  return empty;
}

/** The text a reader sees, segment by segment, for the shared-run check. */
function segments(document: CorpusDocument): string[] {
  const material = materialKeys.flatMap((key) => {
    const value = document[key];
    return value === undefined ? [] : JSON.stringify(value).split(/","|":"|\["|"\]/);
  });
  return [document.title, document.summary, ...document.body.split(/\n\s*\n/), ...material];
}

/**
 * The whole corpus check: frontmatter schema and taxonomy values, summary and reading time
 * declared, no empty sections, no run of 12 words shared between two documents, coverage.
 */
export function checkCorpus(folder: string): CorpusCheck {
  const problems: string[] = [];
  const documents: CorpusDocument[] = [];
  for (const file of markdownFiles(folder)) {
    const name = basename(file);
    const text = readFileSync(file, 'utf8');
    try {
      const document = parseCorpusDocument(name, text);
      documents.push(document);
      const raw = parseYaml(/^---\r?\n([\s\S]*?)\r?\n---/.exec(text)![1]!) as Record<string, unknown>;
      for (const field of ['summary', 'readingMinutes']) {
        if (raw[field] === undefined) problems.push(`${name}: ${field}: missing (every corpus document declares it)`);
      }
      for (const heading of emptySections(document.body)) problems.push(`${name}: section "${heading}" is empty`);
    } catch (error) {
      if (!(error instanceof IngestError)) throw error;
      problems.push(error.message);
    }
  }
  const ids = new Set<string>();
  for (const document of documents) {
    if (ids.has(document.id)) problems.push(`${document.id}: id used twice`);
    ids.add(document.id);
  }
  for (const shared of sharedRuns(new Map(documents.map((document) => [document.id, segments(document)])))) {
    problems.push(`${shared.first}.md and ${shared.second}.md share 12 words: "${shared.run}"`);
  }
  problems.push(...coverageProblems(documents));
  return { documents, problems };
}
