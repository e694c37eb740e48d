import { buildCorpusIndex } from '../support/corpus-index.ts';
import { searchResources } from '../../server/retrieval/index.ts';
import { readJsonl } from './eval-sets.ts';
import type { RetrievalCase } from './retrieval-metrics.ts';
import { WordVectors } from '../../server/retrieval/word-vectors.ts';
import { wordVectorsFile } from '../../server/paths.ts';
import { tokenize } from '../../server/retrieval/tokenize.ts';
const index = await buildCorpusIndex();
const words = WordVectors.shared(wordVectorsFile);
const oov = new Map<string, number>();
for (const item of readJsonl<RetrievalCase>('retrieval-dev-w.jsonl')) {
  for (const t of tokenize(item.query)) if (words.row(t) === undefined) oov.set(t, (oov.get(t) ?? 0) + 1);
  const results = await searchResources(index, { query: item.query, role: item.role, limit: 3, mode: 'hybrid' });
  if (!results.some((r) => r.topics.some((t) => item.topics.includes(t)))) console.log(`MISS [${item.topics}] ${item.query}\n   -> ${results.map((r) => `${r.id}[${r.topics}]`).join(' | ')}`);
}
console.log('OOV', [...oov].sort((a, b) => b[1] - a[1]).slice(0, 60).map(([t, n]) => `${t}:${n}`).join(' '));
process.exit(0);
