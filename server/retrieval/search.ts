import './lancedb-log.ts';
import { isZeroVector } from './embedder.ts';
import type { ResourceIndex } from './resource-index.ts';
import { sqlList, sqlString } from './sql.ts';

export type SearchMode = 'hybrid' | 'fts' | 'vector';

export interface SearchParams {
  query?: string;
  topic?: string;
  /** A reader's role: matches documents for that audience and documents for everyone. */
  audience?: string;
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

const COLUMNS = ['id', 'documentId', 'title', 'text', 'topics', 'audience', 'stage', 'format', 'url'];
/** Chunks fetched per wanted document: several chunks of one document often rank together. */
const CHUNKS_PER_RESULT = 4;
const SNIPPET_CHARACTERS = 220;

/** The usual RRF constant: damps the difference between rank 1 and rank 2 of one list. */
const RRF_K = 60;

type Row = Record<string, any>;

export function filterFor(params: Pick<SearchParams, 'topic' | 'audience' | 'stage'>): string | undefined {
  const clauses: string[] = [];
  if (params.topic) clauses.push(`array_has(topics, ${sqlString(params.topic)})`);
  if (params.audience) clauses.push(`audience IN ${sqlList(params.audience === 'all' ? ['all'] : [params.audience, 'all'])}`);
  if (params.stage) clauses.push(`stage IN ${sqlList(params.stage === 'any' ? ['any'] : [params.stage, 'any'])}`);
  return clauses.length ? clauses.join(' AND ') : undefined;
}

/**
 * Hybrid search: BM25 over the chunks' text and cosine similarity over their vectors, fused
 * with reciprocal rank fusion, filtered before ranking, then folded to one result per
 * document (its best chunk gives the snippet). Without a query it lists matching documents.
 */
export async function searchResources(index: ResourceIndex, params: SearchParams): Promise<SearchResult[]> {
  const limit = params.limit ?? 10;
  const filter = filterFor(params);
  const text = params.query?.trim() ?? '';
  if (!text) return browse(index, filter, limit);

  const mode = params.mode ?? 'hybrid';
  const [vector] = mode === 'fts' ? [] : await index.embedder.embed([text]);
  const useVector = vector !== undefined && !isZeroVector(vector);
  const useText = mode !== 'vector';
  if (!useVector && !useText) return [];

  const fetch = limit * CHUNKS_PER_RESULT;
  const vectorRows = useVector ? vectorQuery(index, vector, filter, fetch, params.exact) : Promise.resolve([]);
  const textRows = useText ? textQuery(index, text, filter, fetch) : Promise.resolve([]);
  // The two searches run side by side (LanceDB works off the event loop), then fuse here.
  const [byMeaning, byWords] = await Promise.all([vectorRows, textRows]);
  const rows = mode === 'hybrid' ? fuseRanks([byMeaning, byWords]) : byMeaning.length ? byMeaning : byWords;

  const results: SearchResult[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    if (seen.has(row.documentId)) continue;
    seen.add(row.documentId);
    const score = row.fused ?? row._score ?? 1 - row._distance;
    results.push(toResult(row, row.text, score));
    if (results.length === limit) break;
  }
  return results;
}

function vectorQuery(index: ResourceIndex, vector: Float32Array, filter: string | undefined, fetch: number, exact?: boolean): Promise<Row[]> {
  let query = index.chunks.query().nearestTo(vector).distanceType('cosine').nprobes(index.vectorProbes);
  if (exact) query = query.bypassVectorIndex();
  if (filter) query = query.where(filter);
  return query.select([...COLUMNS, '_distance']).limit(fetch).toArray();
}

function textQuery(index: ResourceIndex, text: string, filter: string | undefined, fetch: number): Promise<Row[]> {
  let query = index.chunks.query().fullTextSearch(text);
  if (filter) query = query.where(filter);
  return query.select([...COLUMNS, '_score']).limit(fetch).toArray();
}

/**
 * Reciprocal rank fusion: each chunk scores the sum of 1/(k + rank) over the lists it is in,
 * so agreement between BM25 and vectors wins without comparing their incomparable scores.
 */
export function fuseRanks(lists: Row[][]): Row[] {
  const fused = new Map<string, Row>();
  for (const list of lists) {
    list.forEach((row, rank) => {
      const entry = fused.get(row.id) ?? { ...row, fused: 0 };
      entry.fused += 1 / (RRF_K + rank + 1);
      fused.set(row.id, entry);
    });
  }
  return [...fused.values()].sort((left, right) => right.fused - left.fused);
}

async function browse(index: ResourceIndex, filter: string | undefined, limit: number): Promise<SearchResult[]> {
  let query = index.documents.query().select(['id', 'title', 'summary', 'topics', 'audience', 'stage', 'format', 'url']);
  if (filter) query = query.where(filter);
  const rows = await query.toArray();
  rows.sort((left, right) => String(left.title).localeCompare(String(right.title)));
  return rows.slice(0, limit).map((row) => toResult({ ...row, documentId: row.id }, row.summary, 0));
}

function toResult(row: Row, text: string, score: number): SearchResult {
  return {
    id: row.documentId,
    title: row.title,
    topics: row.topics.toArray(),
    audience: row.audience,
    stage: row.stage,
    format: row.format,
    snippet: snippet(text),
    score: Math.round(score * 10_000) / 10_000,
    ...(row.url ? { url: row.url } : {}),
  };
}

function snippet(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= SNIPPET_CHARACTERS) return flat;
  const cut = flat.slice(0, SNIPPET_CHARACTERS);
  return `${cut.slice(0, cut.lastIndexOf(' ')).replace(/[,;:.\s-]+$/, '')}...`;
}
