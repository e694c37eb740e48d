import type { Table as ArrowTable } from 'apache-arrow';
import { searchTerms } from './search-terms.ts';

/**
 * A copy in memory of a small chunks table, searched without a LanceDB query. Profiling
 * showed each LanceDB query costing 4 to 5 ms of CPU even on 666 rows (planning and reading
 * its files), most of every coaching answer; a scan of the same rows here costs a tenth of a
 * millisecond. LanceDB stays the store and answers for large indexes, where its vector index
 * beats a scan. The text ranking is BM25 over the terms of LanceDB's English full-text analyser
 * (search-terms.ts); the vector ranking is exact cosine similarity.
 */

/** The filters a search can carry: one topic, and the audiences or stages a chunk may have. */
export interface ChunkFilter {
  topic?: string;
  audiences?: string[];
  stages?: string[];
}

export interface ChunkFields {
  id: string;
  documentId: string;
  title: string;
  text: string;
  topics: string[];
  audience: string;
  stage: string;
  format: string;
  url?: string;
}

export interface MemoryHit {
  row: number;
  score: number;
}

// BM25's usual constants (LanceDB's and tantivy's defaults).
const K1 = 1.2;
const B = 0.75;

interface Postings {
  rows: number[];
  counts: number[];
}

export class MemoryChunks {
  private constructor(
    private readonly fields: ChunkFields[],
    /** Unit-length vectors, one after another, so cosine similarity is a dot product. */
    private readonly vectors: Float32Array,
    private readonly dimensions: number,
    private readonly postings: Map<string, Postings>,
    private readonly lengths: Uint32Array,
    private readonly averageLength: number,
  ) {}

  get size(): number {
    return this.fields.length;
  }

  /** From the whole chunks table: its display columns, `searchText` and `vector`. */
  static fromArrow(table: ArrowTable): MemoryChunks {
    const size = table.numRows;
    // Whole columns at once: reading row by row took seconds at 10,000 chunks.
    const column = <T>(name: string) => table.getChild(name)!.toArray() as unknown as T[];
    const [ids, documentIds, titles, texts, searchTexts] = ['id', 'documentId', 'title', 'text', 'searchText'].map((name) => column<string>(name));
    const [audiences, stages, formats] = ['audience', 'stage', 'format'].map((name) => column<string>(name));
    const urls = column<string | null>('url');
    const topics = column<Iterable<string>>('topics');
    const fields: ChunkFields[] = [];
    for (let row = 0; row < size; row++) {
      const url = urls[row];
      fields.push({
        id: ids![row]!,
        documentId: documentIds![row]!,
        title: titles![row]!,
        text: texts![row]!,
        topics: [...topics[row]!],
        audience: audiences![row]!,
        stage: stages![row]!,
        format: formats![row]!,
        ...(url ? { url } : {}),
      });
    }

    // The vectors straight from Arrow's buffers, one record batch after another, made unit length.
    const vectorColumn = table.getChild('vector')!;
    const dimensions = size ? (vectorColumn.type as { listSize: number }).listSize : 0;
    const vectors = new Float32Array(size * dimensions);
    let row = 0;
    for (const batch of vectorColumn.data) {
      const child = batch.children[0]!;
      const values = child.values as Float32Array;
      for (let at = 0; at < batch.length; at++, row++) {
        const start = child.offset + (batch.offset + at) * dimensions;
        let norm = 0;
        for (let d = 0; d < dimensions; d++) norm += values[start + d]! * values[start + d]!;
        const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
        for (let d = 0; d < dimensions; d++) vectors[row * dimensions + d] = values[start + d]! * scale;
      }
    }

    const postings = new Map<string, Postings>();
    const lengths = new Uint32Array(size);
    let totalLength = 0;
    for (let at = 0; at < size; at++) {
      const counts = new Map<string, number>();
      const words = searchTerms(searchTexts![at]!);
      for (const word of words) counts.set(word, (counts.get(word) ?? 0) + 1);
      for (const [word, count] of counts) {
        let list = postings.get(word);
        if (!list) postings.set(word, (list = { rows: [], counts: [] }));
        list.rows.push(at);
        list.counts.push(count);
      }
      lengths[at] = words.length;
      totalLength += words.length;
    }
    return new MemoryChunks(fields, vectors, dimensions, postings, lengths, size ? totalLength / size : 0);
  }

  get(row: number): ChunkFields {
    return this.fields[row]!;
  }

  /** The `limit` chunks nearest `vector` by cosine similarity, among those the filter lets through. */
  nearest(vector: Float32Array, filter: ChunkFilter | undefined, limit: number): MemoryHit[] {
    const { dimensions, vectors } = this;
    let norm = 0;
    for (let at = 0; at < dimensions; at++) norm += vector[at]! * vector[at]!;
    if (norm === 0) return [];
    const scale = 1 / Math.sqrt(norm);
    const top = new TopList(limit);
    // Four running sums: the loop is the scan's whole cost, and V8 keeps them in registers
    // (about 1.7 times as fast as one sum here, measured with `npm run bench`).
    const whole = dimensions - (dimensions % 4);
    for (let row = 0, offset = 0; row < this.fields.length; row++, offset += dimensions) {
      if (filter && !this.passes(row, filter)) continue;
      let sum0 = 0;
      let sum1 = 0;
      let sum2 = 0;
      let sum3 = 0;
      let at = 0;
      for (; at < whole; at += 4) {
        sum0 += vector[at]! * vectors[offset + at]!;
        sum1 += vector[at + 1]! * vectors[offset + at + 1]!;
        sum2 += vector[at + 2]! * vectors[offset + at + 2]!;
        sum3 += vector[at + 3]! * vectors[offset + at + 3]!;
      }
      for (; at < dimensions; at++) sum0 += vector[at]! * vectors[offset + at]!;
      top.offer(row, (sum0 + sum1 + sum2 + sum3) * scale);
    }
    return top.hits();
  }

  /** The `limit` best chunks by BM25 for the words of `text`, among those the filter lets through. */
  bm25(text: string, filter: ChunkFilter | undefined, limit: number): MemoryHit[] {
    const scores = new Map<number, number>();
    const size = this.fields.length;
    // Each occurrence of a query term counts, as in LanceDB's scoring ("end ... the end" counts "end" twice).
    for (const word of searchTerms(text)) {
      const list = this.postings.get(word);
      if (!list) continue;
      const idf = Math.log(1 + (size - list.rows.length + 0.5) / (list.rows.length + 0.5));
      for (let at = 0; at < list.rows.length; at++) {
        const row = list.rows[at]!;
        const count = list.counts[at]!;
        const norm = K1 * (1 - B + (B * this.lengths[row]!) / this.averageLength);
        scores.set(row, (scores.get(row) ?? 0) + (idf * count * (K1 + 1)) / (count + norm));
      }
    }
    const top = new TopList(limit);
    // Rounded to 32 bits as LanceDB's scores are, so that equal scores there are equal here.
    for (const [row, score] of scores) if (!filter || this.passes(row, filter)) top.offer(row, Math.fround(score));
    return top.hits();
  }

  private passes(row: number, filter: ChunkFilter): boolean {
    const chunk = this.fields[row]!;
    if (filter.topic && !chunk.topics.includes(filter.topic)) return false;
    if (filter.audiences && !filter.audiences.includes(chunk.audience)) return false;
    if (filter.stages && !filter.stages.includes(chunk.stage)) return false;
    return true;
  }
}

/** The best `limit` rows seen, best first; ties keep the earlier row, as a stable sort would. */
class TopList {
  private readonly rows: number[] = [];
  private readonly scores: number[] = [];

  constructor(private readonly limit: number) {}

  offer(row: number, score: number): void {
    const { rows, scores, limit } = this;
    if (limit <= 0 || (rows.length === limit && score <= scores[limit - 1]!)) return;
    let at = rows.length === limit ? limit - 1 : rows.length;
    while (at > 0 && scores[at - 1]! < score) {
      if (at < limit) {
        rows[at] = rows[at - 1]!;
        scores[at] = scores[at - 1]!;
      }
      at--;
    }
    rows[at] = row;
    scores[at] = score;
  }

  hits(): MemoryHit[] {
    return this.rows.map((row, at) => ({ row, score: this.scores[at]! }));
  }
}
