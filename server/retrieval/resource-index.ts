import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as lancedb from '@lancedb/lancedb';
import type { CorpusDocument } from '../corpus/document.ts';
import { type MaterialKey, materialKeys } from '../corpus/material.ts';
import { CHUNKER_VERSION, type Chunk } from './chunker.ts';
import type { Embedder } from './embedder.ts';
import { chunkSchema, documentSchema } from './index-schema.ts';
import { type LanceDb, loadLanceDb } from './lancedb-module.ts';
import { MemoryChunks } from './memory-chunks.ts';
import { sqlList, sqlString } from './sql.ts';

export interface IndexOptions {
  /** Folder of the LanceDB database (created when absent). */
  directory: string;
  embedder: Embedder;
  /**
   * Seconds between checks for writes by another process (`npm run ingest` while the server
   * runs). Undefined: never check, for tools that are the only writer.
   */
  readConsistencyInterval?: number;
  /** Rows from which an IVF_FLAT vector index pays for itself; below, exact search is faster. */
  vectorIndexMinRows?: number;
  /**
   * The largest chunks table searched from a copy in memory (see memory-chunks.ts); larger
   * ones are searched by LanceDB queries. 0: always LanceDB.
   */
  memoryMaxChunks?: number;
}

/** LanceDB's English analyser, which the copy in memory repeats (search-terms.ts). */
export const FULL_TEXT_OPTIONS = { stem: true, removeStopWords: true, language: 'English', withPosition: false } as const;

/** Up to here a scan of the copy beats a LanceDB query (5.1 against 6.0 ms at 10k chunks, 41 against 8.1 at 100k: npm run bench:scale). */
export const MEMORY_MAX_CHUNKS = 10_000;

export interface StoredDocument extends CorpusDocument {
  source: string;
  path: string;
}

export interface ManifestEntry {
  id: string;
  hash: string;
  source: string;
  path: string;
}

const CACHE_SECONDS = 10;
const CACHE_ENTRIES = 2000;

interface IndexMeta {
  embedderId: string;
  dimensions: number;
  chunkerVersion: number;
}

/**
 * Partitions and probes for IVF_FLAT as the table grows. Averaged word vectors crowd together,
 * so recall needs many probes: measured recall@10 against exact search was 0.97 at 10k chunks
 * (100 partitions, 40 probes) and 0.98 at 100k (316 partitions, 79 probes); see bench/.
 */
export function vectorIndexSettings(rows: number): { partitions: number; probes: number } {
  const partitions = Math.max(16, Math.round(Math.sqrt(rows)));
  return { partitions, probes: Math.min(partitions, Math.max(40, Math.ceil(partitions / 4))) };
}

function materialOf(document: CorpusDocument): Pick<CorpusDocument, MaterialKey> {
  return Object.fromEntries(materialKeys.flatMap((key) => (document[key] ? [[key, document[key]]] : [])));
}

/**
 * The LanceDB index of resources: a `chunks` table (vector column + full-text index) that
 * search reads, and a `documents` table with whole documents and their content hashes.
 * A `meta.json` beside them records the embedder and chunker that built it; when either
 * changes, the tables are rebuilt from scratch rather than mixing vector spaces.
 */
export class ResourceIndex {
  private probes: number;
  // One cache for answers of several types: each key's answer has the type its caller asks for.
  private readonly answers = new Map<string, { at: number; value: Promise<unknown> }>();
  /** The copy in memory, the table version it was read at, and when that was last checked. */
  private memory?: { version: number; checkedAt: number; chunks: Promise<MemoryChunks | undefined> };

  private constructor(
    private readonly lance: LanceDb,
    private readonly connection: lancedb.Connection,
    readonly embedder: Embedder,
    readonly chunks: lancedb.Table,
    readonly documents: lancedb.Table,
    private readonly vectorIndexMinRows: number,
    probes: number,
    /** True when the index was created (or rebuilt) by this open, so everything must be ingested. */
    readonly fresh: boolean,
    readonly memoryMaxChunks: number,
  ) {
    this.probes = probes;
  }

  static async open(options: IndexOptions): Promise<ResourceIndex> {
    const { directory, embedder } = options;
    mkdirSync(directory, { recursive: true });
    const metaPath = join(directory, 'meta.json');
    const meta: IndexMeta = { embedderId: embedder.id, dimensions: embedder.dimensions, chunkerVersion: CHUNKER_VERSION };
    const stored = existsSync(metaPath) ? (JSON.parse(readFileSync(metaPath, 'utf8')) as IndexMeta) : undefined;
    const matches = stored && JSON.stringify(stored) === JSON.stringify(meta);
    if (!matches) {
      for (const table of ['chunks.lance', 'documents.lance']) rmSync(join(directory, table), { recursive: true, force: true });
    }
    const lance = await loadLanceDb();
    const connection = await lance.connect(directory, { readConsistencyInterval: options.readConsistencyInterval });
    const names = new Set(await connection.tableNames());
    const fresh = !matches || !names.has('chunks') || !names.has('documents');
    const chunks =
      names.has('chunks') && matches
        ? await connection.openTable('chunks')
        : await connection.createEmptyTable('chunks', chunkSchema(embedder.dimensions), { mode: 'overwrite' });
    const documents =
      names.has('documents') && matches
        ? await connection.openTable('documents')
        : await connection.createEmptyTable('documents', documentSchema(), { mode: 'overwrite' });
    writeFileSync(metaPath, JSON.stringify(meta, null, 2));
    const rows = await chunks.countRows();
    return new ResourceIndex(
      lance,
      connection,
      embedder,
      chunks,
      documents,
      options.vectorIndexMinRows ?? 10_000,
      vectorIndexSettings(rows).probes,
      fresh,
      options.memoryMaxChunks ?? MEMORY_MAX_CHUNKS,
    );
  }

  /** IVF partitions to visit per vector query (only used once a vector index exists). */
  get vectorProbes(): number {
    return this.probes;
  }

  set vectorProbes(probes: number) {
    this.probes = probes;
  }

  /**
   * A recent answer to the same question, or a fresh one. Entries last CACHE_SECONDS, so that
   * documents another process ingests (`npm run ingest`) show within seconds; this process's own
   * ingests clear the cache at once. A failed search is not kept.
   */
  cached<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const now = Date.now();
    const hit = this.answers.get(key);
    if (hit && now - hit.at < CACHE_SECONDS * 1000) return hit.value as Promise<T>;
    const value = compute();
    value.catch(() => this.answers.delete(key));
    this.answers.set(key, { at: now, value });
    if (this.answers.size > CACHE_ENTRIES) this.answers.delete(this.answers.keys().next().value!);
    return value;
  }

  /**
   * The chunks in memory, when the table is small enough; undefined otherwise. The table's
   * version is checked every CACHE_SECONDS (another process may have ingested) and the copy
   * read again when it moved; this process's own ingests drop it at once (`commit`).
   */
  async memoryChunks(): Promise<MemoryChunks | undefined> {
    if (this.memoryMaxChunks <= 0) return undefined;
    const now = Date.now();
    const current = this.memory;
    if (current && now - current.checkedAt < CACHE_SECONDS * 1000) return current.chunks;
    // Searches that come while the version is being checked use the copy there is.
    if (current) current.checkedAt = now;
    const version = await this.chunks.version();
    if (current && current.version === version && this.memory === current) return current.chunks;
    const chunks = this.loadMemory();
    this.memory = { version, checkedAt: now, chunks };
    chunks.catch(() => {
      if (this.memory?.chunks === chunks) this.memory = undefined;
    });
    return chunks;
  }

  private async loadMemory(): Promise<MemoryChunks | undefined> {
    if ((await this.chunks.countRows()) > this.memoryMaxChunks) return undefined;
    const columns = ['id', 'documentId', 'title', 'text', 'searchText', 'topics', 'audience', 'stage', 'format', 'url', 'vector'];
    return MemoryChunks.fromArrow(await this.chunks.query().select(columns).toArrow());
  }

  /** Releases the tables (before deleting their folder, or at shutdown). */
  close(): void {
    this.chunks.close();
    this.documents.close();
    this.connection.close();
  }

  async manifest(source?: string): Promise<ManifestEntry[]> {
    let query = this.documents.query().select(['id', 'hash', 'source', 'path']);
    if (source !== undefined) query = query.where(`source = ${sqlString(source)}`);
    const rows = await query.toArray();
    return rows.map((row) => ({ id: row.id, hash: row.hash, source: row.source, path: row.path }));
  }

  async getDocument(id: string): Promise<StoredDocument | undefined> {
    const [row] = await this.documents
      .query()
      .where(`id = ${sqlString(id)}`)
      .limit(1)
      .toArray();
    return row && this.toDocument(row);
  }

  // biome-ignore lint/suspicious/noExplicitAny: a LanceDB row is an untyped Arrow record; this is where it gets its type
  private toDocument(row: Record<string, any>): StoredDocument {
    return {
      id: row.id,
      title: row.title,
      summary: row.summary,
      topics: row.topics.toArray(),
      audience: row.audience,
      stage: row.stage,
      format: row.format,
      models: row.models.toArray(),
      readingMinutes: row.readingMinutes,
      url: row.url ?? undefined,
      body: row.body,
      hash: row.hash,
      source: row.source,
      path: row.path,
      ...JSON.parse(row.material),
    };
  }

  /** Every document, whole: what the coaching library loads its structured material from. */
  async allDocuments(): Promise<StoredDocument[]> {
    const rows = await this.documents.query().toArray();
    return rows.map((row) => this.toDocument(row));
  }

  async countChunks(): Promise<number> {
    return this.chunks.countRows();
  }

  /** Removes documents and their chunks; the full-text index is refreshed by `commit`. */
  async remove(documentIds: string[]): Promise<void> {
    if (documentIds.length === 0) return;
    await this.chunks.delete(`documentId IN ${sqlList(documentIds)}`);
    await this.documents.delete(`id IN ${sqlList(documentIds)}`);
  }

  /** Adds documents with their chunks and the chunks' vectors (in the same order). */
  async add(entries: Array<{ document: StoredDocument; chunks: Chunk[]; vectors: Float32Array[] }>): Promise<void> {
    if (entries.length === 0) return;
    await this.documents.add(
      entries.map(({ document }) => ({
        id: document.id,
        title: document.title,
        summary: document.summary,
        topics: document.topics,
        audience: document.audience,
        stage: document.stage,
        format: document.format,
        models: document.models,
        readingMinutes: document.readingMinutes,
        url: document.url ?? null,
        body: document.body,
        material: JSON.stringify(materialOf(document)),
        hash: document.hash,
        source: document.source,
        path: document.path,
      })),
    );
    const rows = entries.flatMap(({ document, chunks, vectors }) =>
      chunks.map((chunk, index) => ({
        id: chunk.id,
        documentId: document.id,
        ordinal: chunk.ordinal,
        title: document.title,
        heading: chunk.heading,
        text: chunk.text,
        searchText: chunk.searchText,
        topics: document.topics,
        audience: document.audience,
        stage: document.stage,
        format: document.format,
        url: document.url ?? null,
        vector: Array.from(vectors[index]!),
      })),
    );
    if (rows.length > 0) await this.chunks.add(rows);
  }

  /**
   * After a batch of changes: rebuild the full-text index, add a vector index once the table
   * is large enough, and compact the table so that old versions do not pile up on disk.
   */
  async commit(): Promise<void> {
    this.answers.clear();
    this.memory = undefined;
    const rows = await this.chunks.countRows();
    await this.chunks.createIndex('searchText', {
      config: this.lance.Index.fts(FULL_TEXT_OPTIONS),
      replace: true,
    });
    const settings = vectorIndexSettings(rows);
    const hasVectorIndex = (await this.chunks.listIndices()).some((index) => index.columns.includes('vector'));
    if (rows >= this.vectorIndexMinRows && !hasVectorIndex) {
      await this.chunks.createIndex('vector', {
        config: this.lance.Index.ivfFlat({ numPartitions: settings.partitions, distanceType: 'cosine' }),
      });
    }
    this.probes = settings.probes;
    const cleanupOlderThan = new Date();
    await this.chunks.optimize({ cleanupOlderThan });
    await this.documents.optimize({ cleanupOlderThan });
  }
}
