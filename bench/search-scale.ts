import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { chunkDocument, createLocalEmbedder, ResourceIndex, searchResources } from '../server/retrieval/index.ts';
import { makeTempDir } from '../test/support/temp-dir.ts';
import { percentile, round } from './stats.ts';
import { corpusSentences, seededRandom, syntheticDocuments } from './synthetic-corpus.ts';

/**
 * Hybrid search over `size` synthetic chunks: how long loading and indexing take, how fast
 * and how exact LanceDB queries are, how fast the copy in memory is (up to `memoryUpTo`
 * chunks), and what each costs in memory and on disk.
 */

export interface Timing {
  p50: number;
  p95: number;
}

export interface ScaleRow {
  chunks: number;
  vectorIndex: string;
  loadMs: number;
  chunksPerSecond: number;
  indexMs: number;
  diskMb: number;
  lance: Timing & { recallAt10: number; rssMb: number };
  memory?: Timing & { loadMs: number; rssMb: number };
}

function folderMegabytes(path: string): number {
  let bytes = 0;
  for (const entry of readdirSync(path, { recursive: true, encoding: 'utf8' })) {
    const stats = statSync(join(path, entry));
    if (stats.isFile()) bytes += stats.size;
  }
  return bytes / 2 ** 20;
}

/** Resident memory after a collection, when node runs with --expose-gc. */
function residentMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().rss / 2 ** 20;
}

function queries(): string[] {
  const random = seededRandom(7);
  const sentences = corpusSentences();
  const dev = readFileSync(new URL('../test/eval/data/retrieval-dev.jsonl', import.meta.url), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line).query as string);
  return [...dev, ...Array.from({ length: 100 - dev.length }, () => sentences[Math.floor(random() * sentences.length)]!)];
}

async function time(index: ResourceIndex, list: string[]): Promise<Timing> {
  for (const query of list.slice(0, 10)) await searchResources(index, { query: `${query} (warm-up)`, limit: 10 });
  const samples: number[] = [];
  for (const query of list) {
    const begin = performance.now();
    await searchResources(index, { query, limit: 10 });
    samples.push(performance.now() - begin);
  }
  return { p50: round(percentile(samples, 0.5), 2), p95: round(percentile(samples, 0.95), 2) };
}

export async function measureSearchScale(size: number, options: { memoryUpTo: number }): Promise<ScaleRow> {
  const embedder = createLocalEmbedder();
  const directory = join(makeTempDir('mentor-coach-scale-'), 'index');
  const writer = await ResourceIndex.open({ directory, embedder, memoryMaxChunks: 0 });
  const documents = syntheticDocuments(size / 10, 10);
  const started = performance.now();
  for (let start = 0; start < documents.length; start += 2000) {
    const batch = documents
      .slice(start, start + 2000)
      .map((document) => ({ document: { ...document, source: 'synthetic', path: '' }, chunks: chunkDocument(document) }));
    const vectors = await embedder.embed(batch.flatMap(({ document, chunks }) => chunks.map((chunk) => `${document.title}. ${chunk.heading}. ${chunk.text}`)));
    let offset = 0;
    await writer.add(
      batch.map((entry) => {
        const slice = vectors.slice(offset, offset + entry.chunks.length);
        offset += entry.chunks.length;
        return { ...entry, vectors: slice };
      }),
    );
  }
  const loadMs = performance.now() - started;
  const indexStarted = performance.now();
  await writer.commit();
  const indexMs = performance.now() - indexStarted;
  const chunks = await writer.countChunks();
  writer.close();
  documents.length = 0;

  const list = queries();
  const before = residentMb();
  const lanceIndex = await ResourceIndex.open({ directory, embedder, memoryMaxChunks: 0 });
  const lance = await time(lanceIndex, list);
  let recall = 0;
  for (const query of list) {
    // A space apart from the timed query, so that the 10-second search cache does not answer.
    const approximate = await searchResources(lanceIndex, { query: `${query} `, limit: 10 });
    const exact = await searchResources(lanceIndex, { query, limit: 10, exact: true });
    const wanted = new Set(exact.map((result) => result.id));
    recall += exact.length ? approximate.filter((result) => wanted.has(result.id)).length / exact.length : 1;
  }
  const lanceRss = residentMb() - before;
  const probes = lanceIndex.vectorProbes;
  lanceIndex.close();

  let memory: ScaleRow['memory'];
  if (chunks <= options.memoryUpTo) {
    const beforeMemory = residentMb();
    const memoryIndex = await ResourceIndex.open({ directory, embedder, memoryMaxChunks: chunks });
    const loadBegin = performance.now();
    await memoryIndex.memoryChunks();
    const memoryLoadMs = performance.now() - loadBegin;
    memory = { ...(await time(memoryIndex, list)), loadMs: round(memoryLoadMs, 0), rssMb: round(residentMb() - beforeMemory, 0) };
    memoryIndex.close();
  }
  return {
    chunks,
    vectorIndex: chunks >= 10_000 ? `IVF_FLAT, ${probes} probes` : 'none (exact)',
    loadMs: round(loadMs, 0),
    chunksPerSecond: round(chunks / (loadMs / 1000), 0),
    indexMs: round(indexMs, 0),
    diskMb: round(folderMegabytes(directory), 0),
    lance: { ...lance, recallAt10: round(recall / list.length, 3), rssMb: round(lanceRss, 0) },
    memory,
  };
}
