import type { ResourceIndex, SearchMode } from '../../server/retrieval/index.ts';
import { searchResources } from '../../server/retrieval/index.ts';

export interface RetrievalCase {
  query: string;
  role: string;
  topics: string[];
}

export interface RetrievalScore {
  hitAt3: number;
  mrr: number;
  misses: string[];
}

/**
 * hit@3: an expected topic among the topics of the top 3 documents. MRR: the mean of 1/rank
 * of the first document (of 10) carrying an expected topic. The role, when used, is the
 * asker's role: a boost, not a filter.
 */
export async function scoreRetrieval(
  index: ResourceIndex,
  cases: RetrievalCase[],
  mode: SearchMode,
  useRole = true,
): Promise<RetrievalScore & { mode: SearchMode }> {
  const ranked: string[][][] = [];
  for (const item of cases) {
    const results = await searchResources(index, { query: item.query, role: useRole ? item.role : undefined, limit: 10, mode });
    ranked.push(results.map((result) => result.topics));
  }
  return { mode, ...scoreRanking(cases, (_item, at) => ranked[at]!) };
}

/** The same measures over any ranking: the topics of each ranked document, best first. */
export function scoreRanking(cases: RetrievalCase[], topicsOf: (item: RetrievalCase, at: number) => string[][]): RetrievalScore {
  let hits = 0;
  let reciprocal = 0;
  const misses: string[] = [];
  cases.forEach((item, at) => {
    const rank = topicsOf(item, at).findIndex((topics) => topics.some((topic) => item.topics.includes(topic)));
    if (rank >= 0 && rank < 3) hits++;
    else misses.push(item.query);
    if (rank >= 0) reciprocal += 1 / (rank + 1);
  });
  return { hitAt3: hits / cases.length, mrr: reciprocal / cases.length, misses };
}
