import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { contentHash, IngestError, parseCorpusDocument } from '../corpus/document.ts';
import { chunkDocument } from './chunker.ts';
import type { ResourceIndex, StoredDocument } from './resource-index.ts';

export interface IngestOptions {
  /** Names the owner of the documents: "corpus" for the built-in one, else the folder. */
  source?: string;
  /** Called after each embedded batch with chunks done and chunks to do. */
  onProgress?: (done: number, total: number) => void;
}

export interface IngestSummary {
  added: number;
  updated: number;
  removed: number;
  unchanged: number;
  chunks: number;
  milliseconds: number;
}

const EMBED_BATCH = 64;

/** Markdown files under a folder, README files excepted (they describe the folder). */
export function markdownFiles(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.md') && entry.name.toLowerCase() !== 'readme.md')
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/**
 * Brings the index in line with a folder of Markdown documents: new and changed files (by
 * content hash) are chunked, embedded and written; files gone from the folder are removed;
 * unchanged files cost one hash each and nothing else. Every file is validated before
 * anything is written, so a bad file leaves the index as it was.
 */
export async function ingestFolder(index: ResourceIndex, folder: string, options: IngestOptions = {}): Promise<IngestSummary> {
  const started = performance.now();
  const root = resolve(folder);
  const source = options.source ?? root;
  const files = markdownFiles(root);
  const known = new Map((await index.manifest()).map((entry) => [entry.id, entry]));
  const byPath = new Map([...known.values()].filter((entry) => entry.source === source).map((entry) => [entry.path, entry]));

  const errors: string[] = [];
  const changed: StoredDocument[] = [];
  const present = new Set<string>();
  let unchanged = 0;
  for (const file of files) {
    // Name files as a person would type them: relative when under the working folder.
    const fromHere = relative(process.cwd(), file);
    const name = fromHere.startsWith('..') ? file : fromHere;
    const text = readFileSync(file, 'utf8');
    const previous = byPath.get(file);
    if (previous && previous.hash === contentHash(text)) {
      present.add(previous.id);
      unchanged++;
      continue;
    }
    try {
      const document = parseCorpusDocument(name, text);
      const owner = known.get(document.id);
      if (present.has(document.id)) throw new IngestError(`${name}: id: "${document.id}" is used by two files in ${folder}`);
      if (owner && owner.source !== source) {
        throw new IngestError(`${name}: id: "${document.id}" is already taken by ${owner.path}`);
      }
      present.add(document.id);
      changed.push({ ...document, source, path: file });
    } catch (error) {
      if (!(error instanceof IngestError)) throw error;
      errors.push(error.message);
    }
  }
  if (errors.length) throw new IngestError(errors.join('\n'));

  const removedIds = [...known.values()].filter((entry) => entry.source === source && !present.has(entry.id)).map((entry) => entry.id);
  const updated = changed.filter((document) => known.has(document.id)).length;
  const summary = { added: changed.length - updated, updated, removed: removedIds.length, unchanged, chunks: 0, milliseconds: 0 };
  if (changed.length === 0 && removedIds.length === 0) {
    return { ...summary, milliseconds: Math.round(performance.now() - started) };
  }

  const prepared = changed.map((document) => ({ document, chunks: chunkDocument(document) }));
  const total = prepared.reduce((sum, entry) => sum + entry.chunks.length, 0);
  const texts = prepared.flatMap(({ chunks }) => chunks.map((chunk) => chunk.searchText));
  const vectors: Float32Array[] = [];
  for (let start = 0; start < texts.length; start += EMBED_BATCH) {
    vectors.push(...(await index.embedder.embed(texts.slice(start, start + EMBED_BATCH))));
    options.onProgress?.(vectors.length, total);
  }
  let offset = 0;
  const entries = prepared.map((entry) => {
    const slice = vectors.slice(offset, offset + entry.chunks.length);
    offset += entry.chunks.length;
    return { ...entry, vectors: slice };
  });

  await index.remove([...changed.filter((document) => known.has(document.id)).map((document) => document.id), ...removedIds]);
  await index.add(entries);
  await index.commit();
  return { ...summary, chunks: total, milliseconds: Math.round(performance.now() - started) };
}
