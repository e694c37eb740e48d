import { readFileSync } from 'node:fs';
import MiniSearch from 'minisearch';
import { parseCorpusDocument } from '../../server/corpus/document.ts';
import { corpusDir } from '../../server/paths.ts';
import type { SearchMode } from '../../server/retrieval/index.ts';
import { markdownFiles } from '../../server/retrieval/ingest.ts';
import { buildCorpusIndex } from '../support/corpus-index.ts';
import { removeTempDirs } from '../support/temp-dir.ts';
import { readJsonl } from './eval-sets.ts';
import { type RetrievalCase, scoreRanking, scoreRetrieval } from './retrieval-metrics.ts';

/**
 * npm run eval, retrieval part: hit@3 and MRR for each search mode, on the copy in memory and
 * through LanceDB queries, with and without the asker's role, beside a plain BM25 library
 * (MiniSearch with its defaults, over each document's title and body) measured in the same run.
 * The dev questions chose every setting (tuning figures). The test questions (authors X and Y,
 * then RA and RB, then RC, who never saw the corpus) were each scored once when first written;
 * since then, with W's, they chose how a document sums its chunks (tuning figures now). RD1 and
 * RD2 were written after that and scored once, then chose the role weight with the rest; RE1 and
 * RE2, written after that, and RF1 and RF2, written last, each scored once, give the held-out
 * figures. `-- --dev` scores dev alone.
 */
const sets = [
  { name: 'dev questions (tuning figures)', cases: readJsonl<RetrievalCase>('retrieval-dev.jsonl') },
  { name: 'dev questions of author W, written without sight of the corpus (tuning figures)', cases: readJsonl<RetrievalCase>('retrieval-dev-w.jsonl') },
  ...(process.argv.includes('--dev')
    ? []
    : [
        {
          name: 'held-out test questions (authors X and Y; held out until the chunk sum was chosen on them)',
          cases: [...readJsonl<RetrievalCase>('retrieval-test-x.jsonl'), ...readJsonl<RetrievalCase>('retrieval-test-y.jsonl')],
        },
        {
          name: 'second held-out test questions (authors RA and RB; held out until the chunk sum was chosen on them)',
          cases: [...readJsonl<RetrievalCase>('retrieval-test-ra.jsonl'), ...readJsonl<RetrievalCase>('retrieval-test-rb.jsonl')],
        },
        {
          name: 'third held-out test questions (author RC; written and scored once, with the 100th document added; since used to choose the chunk sum)',
          cases: readJsonl<RetrievalCase>('retrieval-test-rc.jsonl'),
        },
        {
          name: 'fourth held-out test questions (authors RD1 and RD2; written and scored once, after the second round of document questions and the chunk sum; since used to choose the role weight)',
          cases: [...readJsonl<RetrievalCase>('retrieval-test-rd1.jsonl'), ...readJsonl<RetrievalCase>('retrieval-test-rd2.jsonl')],
        },
        {
          name: 'fifth held-out test questions (authors RE1 and RE2; written and scored once, after the role weight)',
          cases: [...readJsonl<RetrievalCase>('retrieval-test-re1.jsonl'), ...readJsonl<RetrievalCase>('retrieval-test-re2.jsonl')],
        },
        {
          name: 'sixth held-out test questions (authors RF1 and RF2; written and scored once, on the code of the README)',
          cases: [...readJsonl<RetrievalCase>('retrieval-test-rf1.jsonl'), ...readJsonl<RetrievalCase>('retrieval-test-rf2.jsonl')],
        },
      ]),
];

function plainBm25(): (query: string) => string[][] {
  const documents = markdownFiles(corpusDir).map((file) => parseCorpusDocument(file, readFileSync(file, 'utf8')));
  const search = new MiniSearch({ fields: ['title', 'body'] });
  search.addAll(documents.map((document) => ({ id: document.id, title: document.title, body: document.body })));
  const topics = new Map(documents.map((document) => [document.id, document.topics]));
  return (query) =>
    search
      .search(query)
      .slice(0, 10)
      .map((result) => topics.get(String(result.id))!);
}

const f = (value: number) => value.toFixed(3);
const memoryIndex = await buildCorpusIndex();
const lanceIndex = await buildCorpusIndex({ memoryMaxChunks: 0 });
const baseline = plainBm25();
for (const set of sets) {
  const lines = [`### ${set.name}: ${set.cases.length} questions`, '', '| search | hit@3 | MRR |', '| --- | --- | --- |'];
  for (const [path, index] of [
    ['in memory', memoryIndex],
    ['LanceDB queries', lanceIndex],
  ] as const) {
    for (const mode of ['hybrid', 'fts', 'vector'] as SearchMode[]) {
      for (const useRole of [false, true]) {
        const score = await scoreRetrieval(index, set.cases, mode, useRole);
        lines.push(`| ${path}, ${mode}${useRole ? ', with the role' : ''} | ${f(score.hitAt3)} | ${f(score.mrr)} |`);
      }
    }
  }
  const plain = scoreRanking(set.cases, (item) => baseline(item.query));
  lines.push(`| plain BM25 library (MiniSearch, defaults) | ${f(plain.hitAt3)} | ${f(plain.mrr)} |`);
  console.log(`${lines.join('\n')}\n`);
}
removeTempDirs();
