import './lancedb-log.ts';
import * as lancedb from '@lancedb/lancedb';
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

const COLUMNS = ['documentId', 'title', 'text', 'topics', 'audience', 'stage', 'format', 'url'];
/** Chunks fetched per wanted document: several chunks of one document often rank together. */
const CHUNKS_PER_RESULT = 4;
const SNIPPET_CHARACTERS = 220;

let rrf: Promise<lancedb.rerankers.RRFReranker> | undefined;

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
  let rows: Record<string, any>[];
  if (useVector) {
    let query = index.chunks.query().nearestTo(vector).distanceType('cosine').nprobes(index.vectorProbes);
    if (params.exact) query = query.bypassVectorIndex();
    if (filter) query = query.where(filter);
    if (useText) {
      rrf ??= lancedb.rerankers.RRFReranker.create();
      query = query.fullTextSearch(text).rerank(await rrf);
    }
    // Naming the score column keeps LanceDB from warning on every query; hybrid adds its own.
    rows = await query.select(useText ? COLUMNS : [...COLUMNS, '_distance']).limit(fetch).toArray();
  } else {
    let query = index.chunks.query().fullTextSearch(text);
    if (filter) query = query.where(filter);
    rows = await query.select([...COLUMNS, '_score']).limit(fetch).toArray();
  }

  const results: SearchResult[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    if (seen.has(row.documentId)) continue;
    seen.add(row.documentId);
    const score = row._relevance_score ?? row._score ?? (row._distance === undefined ? 0 : 1 - row._distance);
    results.push(toResult(row, row.text, score));
    if (results.length === limit) break;
  }
  return results;
}

async function browse(index: ResourceIndex, filter: string | undefined, limit: number): Promise<SearchResult[]> {
  let query = index.documents.query().select(['id', 'title', 'summary', 'topics', 'audience', 'stage', 'format', 'url']);
  if (filter) query = query.where(filter);
  const rows = await query.toArray();
  rows.sort((left, right) => String(left.title).localeCompare(String(right.title)));
  return rows.slice(0, limit).map((row) => toResult({ ...row, documentId: row.id }, row.summary, 0));
}

function toResult(row: Record<string, any>, text: string, score: number): SearchResult {
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
