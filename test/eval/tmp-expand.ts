import { readFileSync } from 'node:fs';
import { buildCorpusIndex } from '../support/corpus-index.ts';
import { searchResources } from '../../server/retrieval/index.ts';
import { readJsonl } from './eval-sets.ts';
import type { RetrievalCase } from './retrieval-metrics.ts';
import { WordVectors } from '../../server/retrieval/word-vectors.ts';
import { wordVectorsFile, corpusDir } from '../../server/paths.ts';
import { tokenize } from '../../server/retrieval/tokenize.ts';
import { searchTerms } from '../../server/retrieval/search-terms.ts';
import { markdownFiles } from '../../server/retrieval/ingest.ts';
const index = await buildCorpusIndex();
const words = WordVectors.shared(wordVectorsFile);
const vec = (row: number) => { const v = new Float32Array(words.dimensions); words.addTo(v, row, 1); return v; };
const df = new Map<string, number>();
for (const file of markdownFiles(corpusDir)) for (const t of new Set(tokenize(readFileSync(file, 'utf8')))) df.set(t, (df.get(t) ?? 0) + 1);
const vocab = [...df].filter(([t, n]) => n >= 2 && n <= 60 && searchTerms(t).length === 1 && words.row(t) !== undefined).map(([t]) => t);
const mat = vocab.map((t) => vec(words.row(t)!));
const stemOf = (t: string) => searchTerms(t)[0];
function neighbours(t: string, k: number, min: number): string[] {
  const row = words.row(t); if (row === undefined || searchTerms(t).length === 0) return [];
  const q = vec(row); const stem = stemOf(t);
  const scored = mat.map((m, i) => { let s = 0; for (let d = 0; d < q.length; d++) s += q[d]! * m[d]!; return [s, vocab[i]!] as const; });
  return scored.filter(([s, w]) => s >= min && stemOf(w) !== stem).sort((a, b) => b[0] - a[0]).slice(0, k).map(([, w]) => w);
}
const K = Number(process.env.K ?? 2), MIN = Number(process.env.MIN ?? 0.6), REP = Number(process.env.REP ?? 2);
function expand(query: string): string {
  const extra = [...new Set(tokenize(query))].flatMap((t) => neighbours(t, K, MIN));
  return `${Array(REP).fill(query).join(' ')} ${extra.join(' ')}`;
}
for (const file of ['retrieval-dev.jsonl', 'retrieval-dev-w.jsonl']) {
  const cases = readJsonl<RetrievalCase>(file);
  for (const mode of ['hybrid', 'fts'] as const) {
    let base = 0, exp = 0;
    for (const item of cases) {
      const hit = async (q: string) => (await searchResources(index, { query: q, role: item.role, limit: 3, mode })).some((r) => r.topics.some((t) => item.topics.includes(t)));
      if (await hit(item.query)) base++;
      if (await hit(expand(item.query))) exp++;
    }
    console.log(file, mode, (base / cases.length).toFixed(3), '->', (exp / cases.length).toFixed(3));
  }
}
console.log(expand('mentor and me just dont click. is it bad to ask for a diffrent one'));
console.log(expand('lost my job last month n my mentor wants to keep meeting but im so ashamed'));
process.exit(0);
