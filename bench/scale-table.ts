import type { ScaleRow } from './search-scale.ts';

/** The scale measurements as the Markdown table both reports print. */
export function scaleTable(rows: ScaleRow[]): string[] {
  return [
    '\n## Hybrid search at scale (synthetic chunks from corpus sentences, local embeddings, limit 10, 100 queries)\n',
    'LanceDB queries: what answers above `COACH_SEARCH_MEMORY_CHUNKS` (10,000 by default). In memory: the copy that answers below it, measured here at every size it was asked for. Memory is the growth of the resident set while that path was used.\n',
    '| chunks | load (embed + write) | index build | on disk | LanceDB: vector index | LanceDB p50 / p95 | recall@10 vs exact | LanceDB memory | in memory p50 / p95 | copy read in | copy memory |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map(
      (row) =>
        `| ${row.chunks} | ${row.loadMs} ms (${row.chunksPerSecond}/s) | ${row.indexMs} ms | ${row.diskMb} MB | ${row.vectorIndex} | ${row.lance.p50} / ${row.lance.p95} ms | ${row.lance.recallAt10} | ${row.lance.rssMb} MB | ` +
        (row.memory ? `${row.memory.p50} / ${row.memory.p95} ms | ${row.memory.loadMs} ms | ${row.memory.rssMb} MB |` : '— | — | — |'),
    ),
  ];
}
