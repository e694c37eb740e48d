import type { Table as ArrowTable } from 'apache-arrow';
import { BEFORE_ELLIPSIS, trimEnd } from '../text/trim-end.ts';
import { isZeroVector } from './embedder.ts';
import type { ChunkFilter, MemoryChunks, MemoryHit } from './memory-chunks.ts';
import type { ResourceIndex } from './resource-index.ts';
import { sqlList, sqlString } from './sql.ts';

export type SearchMode = 'hybrid' | 'fts' | 'vector';

export interface SearchParams {
  query?: string;
  topic?: string;
  /** Only documents for this audience and documents for everyone: a filter the reader chose. */
  audience?: string;
  /**
   * The asker's role: documents for that role and for everyone rank ahead of documents of the
   * same score for others, but nothing is hidden (a mentee's question may be answered best by
   * a page written for mentors).
   */
  role?: string;
  /** Matches documents for that stage and documents for any stage. */
  stage?: string;
  limit?: number;
  mode?: SearchMode;
  /** Bypass the ANN index (exact vector search): the reference that recall is measured against. */
  exact?: boolean;
}

export interface SearchResult {
  id: string;
  title: string;
  topics: string[];
  audience: string;
  stage: string;
  format: string;
  snippet: string;
  score: number;
  url?: string;
}

/** A chunk found by one of the searches, and how to read the rest of its fields. */
interface Hit {
  chunkId: string;
  documentId: string;
  audience: string;
  score: number;
  // biome-ignore lint/suspicious/noExplicitAny: an untyped Arrow record (LanceDB) or a row of the copy in memory; toResult types it
  fields: () => Record<string, any>;
}

const COLUMNS = ['id', 'documentId', 'title', 'text', 'topics', 'audience', 'stage', 'format', 'url'];
/**
 * Chunks fetched per wanted document: several chunks (sections, questions) of one document often
 * rank together. 12 rather than 8 since a document's BM25 score sums its chunks (OTHER_CHUNK_WEIGHT),
 * which a deeper list sees more of (pooled hit@3 0.849 at 8, 0.860 at 12).
 */
const CHUNKS_PER_RESULT = 12;
const SNIPPET_CHARACTERS = 220;
/**
 * The RRF constant: how much rank 1 of one list outweighs rank 5. The usual 60 suits long lists;
 * over about a hundred documents 10 ranked better on the dev questions (author W's and the
 * documents' own held-back questions), and so did counting the vector list at half weight:
 * averaged word vectors are the weaker ranking (npm run eval).
 */
const RRF_K = 10;
const VECTOR_WEIGHT = 0.5;
/**
 * A document written for another role keeps this share of its score: a nudge, since many a mentee
 * question is best answered by a page for mentors (0.6 and 0.8 ranked worse on the dev questions).
 * 0.95 rather than 0.9 since the chunk sum: over the 790 questions of W, X and Y, RA and RB, RC
 * and RD, 0.9 cost 0.01 of hit@3 against no role, 0.95 nothing (0.98 is no nudge at all).
 */
const OTHER_ROLE_WEIGHT = 0.95;
/**
 * A document's BM25 score is its best chunk's plus this share of each of its next few chunks'.
 * The best chunk alone let a short chunk (one of `questionsAnswered`) that shares only a common
 * word or two ("mentor", "session") outrank a document whose several sections all match; the
 * extra chunks break such ties toward the document the whole query is about. Pooled hit@3 over
 * the 630 dev and test questions went from 0.821 to 0.849 (0.2 to 0.4 and 3 to 8 chunks ranked
 * alike). Only BM25's list is summed: cosine scores of averaged word vectors sit close together,
 * so summing them rewards documents for having many chunks, and it ranked worse.
 */
const OTHER_CHUNK_WEIGHT = 0.3;
const CHUNKS_SUMMED = 4;

/** A reader's audience matches documents for everyone too, and a stage documents for any stage. */
export function chunkFilter(params: Pick<SearchParams, 'topic' | 'audience' | 'stage'>): ChunkFilter | undefined {
  const filter: ChunkFilter = {};
  if (params.topic) filter.topic = params.topic;
  if (params.audience) filter.audiences = params.audience === 'all' ? ['all'] : [params.audience, 'all'];
  if (params.stage) filter.stages = params.stage === 'any' ? ['any'] : [params.stage, 'any'];
  return Object.keys(filter).length ? filter : undefined;
}

/** The same filter as a LanceDB `where` clause. */
export function sqlFilter(filter: ChunkFilter | undefined): string | undefined {
  if (!filter) return undefined;
  const clauses: string[] = [];
  if (filter.topic) clauses.push(`array_has(topics, ${sqlString(filter.topic)})`);
  if (filter.audiences) clauses.push(`audience IN ${sqlList(filter.audiences)}`);
  if (filter.stages) clauses.push(`stage IN ${sqlList(filter.stages)}`);
  return clauses.join(' AND ');
}

/**
 * Hybrid search: BM25 over the chunks' text and cosine similarity over their vectors, run side
 * by side, filtered before ranking, fused with reciprocal rank fusion, then folded to one
 * result per document (its best chunk gives the snippet). Without a query it lists documents.
 */
export function searchResources(index: ResourceIndex, params: SearchParams): Promise<SearchResult[]> {
  // The same search (a goal's title, a blocker) recurs across one participant's requests; the
  // index keeps recent answers until it changes or they are a few seconds old.
  return index.cached(JSON.stringify(params), () => runSearch(index, params));
}

async function runSearch(index: ResourceIndex, params: SearchParams): Promise<SearchResult[]> {
  const limit = params.limit ?? 10;
  const filter = chunkFilter(params);
  const text = params.query?.trim() ?? '';
  if (!text) return browse(index, sqlFilter(filter), limit);

  const mode = params.mode ?? 'hybrid';
  // A copy that cannot be read is no reason to fail a search: LanceDB answers instead.
  const [[vector], memory] = await Promise.all([mode === 'fts' ? [] : index.embedder.embed([text]), index.memoryChunks().catch(() => undefined)]);
  const useVector = vector !== undefined && !isZeroVector(vector);
  const useText = mode !== 'vector';
  // At least as deep as for ten results: the sum over a document's chunks (OTHER_CHUNK_WEIGHT)
  // sees only the chunks fetched, so a search for three results ranks its top three as one for ten.
  const fetch = Math.max(limit, 10) * CHUNKS_PER_RESULT;
  // In memory both rankings are a scan; LanceDB runs its queries off the event loop, so the two overlap.
  const [byMeaning, byWords] = memory
    ? [useVector ? memoryHits(memory, memory.nearest(vector, filter, fetch)) : [], useText ? memoryHits(memory, memory.bm25(text, filter, fetch)) : []]
    : await Promise.all([
        useVector ? vectorHits(index, vector, sqlFilter(filter), fetch, params.exact) : [],
        useText ? textHits(index, text, sqlFilter(filter), fetch) : [],
      ]);
  // Ties fall to the chunk id, so that the copy in memory and LanceDB (whose order among equal
  // scores is its own) rank alike. Each list is then one hit per document (its best chunk).
  const meaning = bestPerDocument(byMeaning.sort(byScoreThenId));
  const words = summedPerDocument(byWords.sort(byScoreThenId), byWords.length >= fetch);
  const fused = mode === 'hybrid' ? fuseRanks([meaning, words], [VECTOR_WEIGHT, 1]) : mode === 'vector' ? meaning : words;
  const ranked = params.role ? preferRole(fused, params.role) : fused;
  return ranked.slice(0, limit).map((hit) => toResult(hit.fields(), 'text', hit.score));
}

function byScoreThenId(left: Hit, right: Hit): number {
  return right.score - left.score || (left.chunkId < right.chunkId ? -1 : left.chunkId > right.chunkId ? 1 : 0);
}

/** Reads only the two columns ranking needs; the others are read for the few results kept. */
function hits(table: ArrowTable, score: (value: number) => number, scoreColumn: string): Hit[] {
  // An empty answer comes without columns.
  if (table.numRows === 0) return [];
  const ids = table.getChild('id')!.toArray() as string[];
  const documentIds = table.getChild('documentId')!.toArray() as string[];
  const audiences = table.getChild('audience')!.toArray() as string[];
  const scores = table.getChild(scoreColumn)!.toArray() as Float32Array;
  return ids.map((chunkId, row) => ({
    chunkId,
    documentId: documentIds[row]!,
    audience: audiences[row]!,
    score: score(scores[row]!),
    fields: () => table.get(row)!.toJSON(),
  }));
}

function memoryHits(memory: MemoryChunks, found: MemoryHit[]): Hit[] {
  return found.map(({ row, score }) => {
    const fields = memory.get(row);
    return { chunkId: fields.id, documentId: fields.documentId, audience: fields.audience, score, fields: () => fields };
  });
}

async function vectorHits(index: ResourceIndex, vector: Float32Array, filter: string | undefined, fetch: number, exact?: boolean): Promise<Hit[]> {
  let query = index.chunks.query().nearestTo(vector).distanceType('cosine').nprobes(index.vectorProbes);
  if (exact) query = query.bypassVectorIndex();
  if (filter) query = query.where(filter);
  return hits(
    await query
      .select([...COLUMNS, '_distance'])
      .limit(fetch)
      .toArrow(),
    (distance) => 1 - distance,
    '_distance',
  );
}

async function textHits(index: ResourceIndex, text: string, filter: string | undefined, fetch: number): Promise<Hit[]> {
  let query = index.chunks.query().fullTextSearch(text);
  if (filter) query = query.where(filter);
  return hits(
    await query
      .select([...COLUMNS, '_score'])
      .limit(fetch)
      .toArrow(),
    (score) => score,
    '_score',
  );
}

/** Each document's best chunk, in rank order: results, and their fusion, are documents, not chunks. */
function bestPerDocument(list: Hit[]): Hit[] {
  const seen = new Set<string>();
  return list.filter((hit) => !seen.has(hit.documentId) && seen.add(hit.documentId));
}

/**
 * One hit per document, in rank order, scoring its best chunk plus OTHER_CHUNK_WEIGHT of each of
 * its next CHUNKS_SUMMED - 1 (the list comes best first); the best chunk is kept for the snippet.
 * When the list was cut at the fetch limit, the chunks tied with its last one are a pick from a
 * larger tied group, and LanceDB picks other ones than the copy in memory: they add nothing, so
 * that both rank alike.
 */
function summedPerDocument(list: Hit[], cut: boolean): Hit[] {
  const floor = cut && list.length ? list[list.length - 1]!.score : -Infinity;
  const byDocument = new Map<string, { hit: Hit; chunks: number }>();
  for (const hit of list) {
    const entry = byDocument.get(hit.documentId);
    if (!entry) byDocument.set(hit.documentId, { hit: { ...hit }, chunks: 1 });
    else if (entry.chunks < CHUNKS_SUMMED && hit.score > floor) {
      entry.hit.score += OTHER_CHUNK_WEIGHT * hit.score;
      entry.chunks++;
    }
  }
  return [...byDocument.values()].map((entry) => entry.hit).sort(byScoreThenId);
}

/**
 * Weighted reciprocal rank fusion over documents: each scores the sum of weight/(k + rank) over
 * the lists it is in, so agreement between BM25 and vectors wins without comparing their
 * incomparable scores. A document keeps the best chunk it came with, for its snippet.
 */
export function fuseRanks(lists: Hit[][], weights: number[]): Hit[] {
  const fused = new Map<string, Hit>();
  for (const [at, list] of lists.entries()) {
    list.forEach((hit, rank) => {
      const entry = fused.get(hit.documentId) ?? { ...hit, score: 0 };
      entry.score += weights[at]! / (RRF_K + rank + 1);
      fused.set(hit.documentId, entry);
    });
  }
  return [...fused.values()].sort((left, right) => right.score - left.score);
}

/** The asker's role as a boost: others' documents keep OTHER_ROLE_WEIGHT of their score. */
function preferRole(ranked: Hit[], role: string): Hit[] {
  const weighed = ranked.map((hit) => (hit.audience === role || hit.audience === 'all' ? hit : { ...hit, score: hit.score * OTHER_ROLE_WEIGHT }));
  return weighed.sort((left, right) => right.score - left.score);
}

async function browse(index: ResourceIndex, filter: string | undefined, limit: number): Promise<SearchResult[]> {
  let query = index.documents.query().select(['id', 'title', 'summary', 'topics', 'audience', 'stage', 'format', 'url']);
  if (filter) query = query.where(filter);
  const rows = (await query.toArray()).map((row) => row.toJSON());
  rows.sort((left, right) => String(left.title).localeCompare(String(right.title)));
  return rows.slice(0, limit).map((row) => toResult({ ...row, documentId: row.id }, 'summary', 0));
}

// biome-ignore lint/suspicious/noExplicitAny: see Hit.fields
function toResult(row: Record<string, any>, snippetField: 'text' | 'summary', score: number): SearchResult {
  return {
    id: row.documentId,
    title: row.title,
    topics: [...row.topics],
    audience: row.audience,
    stage: row.stage,
    format: row.format,
    snippet: snippet(row[snippetField]),
    score: Math.round(score * 10_000) / 10_000,
    ...(row.url ? { url: row.url } : {}),
  };
}

function snippet(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= SNIPPET_CHARACTERS) return flat;
  const cut = flat.slice(0, SNIPPET_CHARACTERS);
  return `${trimEnd(cut.slice(0, cut.lastIndexOf(' ')), BEFORE_ELLIPSIS)}...`;
}
