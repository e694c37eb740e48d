import type { Library } from './coach/library.ts';
import { ApiError } from './errors.ts';
import type { ResourceIndex } from './retrieval/index.ts';

/** The index and the library made from it, as one request reads them. */
export interface KnowledgeSnapshot {
  index: ResourceIndex;
  /** Undefined only where a test searches without coaching. */
  library?: Library;
}

const starting = (what: string) =>
  new ApiError(503, 'starting', `The coach is still starting (${what}). Try again in a few seconds.`, undefined, { 'Retry-After': '2' });

/**
 * The search index and the coaching library read from it. Start-up sets them once both are
 * ready, and a reload after an ingest replaces them in one assignment, so that no request sees
 * a library of one index beside another index.
 */
export class Knowledge {
  #current?: KnowledgeSnapshot;

  set(index: ResourceIndex, library?: Library): void {
    this.#current = { index, library };
  }

  /** A new library for the same index (the documents table changed under it). */
  reloaded(library: Library): void {
    if (this.#current) this.#current = { index: this.#current.index, library };
  }

  /** What one request reads throughout; 503 while start-up is still indexing. */
  snapshot(): KnowledgeSnapshot {
    if (!this.#current) throw starting('indexing its library');
    return this.#current;
  }

  /** The pair for a coaching answer; 503 until the library is loaded too. */
  forCoaching(): Required<KnowledgeSnapshot> {
    const snapshot = this.snapshot();
    if (!snapshot.library) throw starting('loading its library');
    return snapshot as Required<KnowledgeSnapshot>;
  }

  /** The index, if start-up has got that far (for closing it at shutdown). */
  get index(): ResourceIndex | undefined {
    return this.#current?.index;
  }
}
