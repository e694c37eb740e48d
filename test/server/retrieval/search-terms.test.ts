import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusDir } from '../../../server/paths.ts';
import { type ResourceIndex, searchResources } from '../../../server/retrieval/index.ts';
import { markdownFiles } from '../../../server/retrieval/ingest.ts';
import { loadLanceDb } from '../../../server/retrieval/lancedb-module.ts';
import { FULL_TEXT_OPTIONS } from '../../../server/retrieval/resource-index.ts';
import { searchTerms } from '../../../server/retrieval/search-terms.ts';
import { readJsonl } from '../../eval/eval-sets.ts';
import { buildCorpusIndex } from '../../support/corpus-index.ts';
import { makeTempDir, removeTempDirs } from '../../support/temp-dir.ts';

afterAll(removeTempDirs);

/** Words where an analyser could go wrong: stop words before and after stemming, folding, long tokens, apostrophes. */
const TRICKY = [
  'having',
  'because',
  'does',
  'ourselves',
  'yours',
  'only',
  'very',
  'ifs',
  'owning',
  'others',
  'mostly',
  'café',
  'naïve',
  'résumé',
  'straße',
  'ærø',
  'łódź',
  'e-mail',
  'co-worker',
  'don’t',
  "mentee's",
  '3pm',
  '10x',
  'snake_case',
  'b'.repeat(39),
  'b'.repeat(40),
  `${'é'.repeat(19)}b`,
  `${'é'.repeat(20)}b`,
  'generously',
  'dying',
  'skies',
  'news',
  'procrastinating',
];

describe("the search terms, against LanceDB's English analyser", () => {
  it('match the rows LanceDB matches, word by word, over the corpus words and the tricky ones', async () => {
    const words = new Set(TRICKY);
    // Every fourth word of the corpus keeps the run short while covering its forms.
    const corpusWords = [
      ...new Set(
        markdownFiles(corpusDir).flatMap(
          (file) =>
            readFileSync(file, 'utf8')
              .toLowerCase()
              .match(/[a-z]+/g) ?? [],
        ),
      ),
    ].sort();
    for (const word of corpusWords.filter((_word, at) => at % 4 === 0)) words.add(word);
    const rows = [...words];
    const lance = await loadLanceDb();
    const db = await lance.connect(join(makeTempDir(), 'analyser'));
    const table = await db.createTable(
      'words',
      rows.map((text, id) => ({ id, text })),
    );
    await table.createIndex('text', { config: lance.Index.fts(FULL_TEXT_OPTIONS) });
    const termsOf = rows.map((row) => searchTerms(row));
    const disagreements: string[] = [];
    for (const [at, word] of rows.entries()) {
      const found = (await table.query().fullTextSearch(word).select(['id']).limit(200).toArray())
        .map((row: { id: number }) => row.id)
        .sort((left, right) => left - right);
      // Ours: the rows whose terms meet the word's terms (none when the word is only a stop word).
      const mine = rows.map((_row, other) => other).filter((other) => termsOf[other]!.some((term) => termsOf[at]!.includes(term)));
      if (JSON.stringify(found) !== JSON.stringify(mine))
        disagreements.push(`${word}: LanceDB ${found.map((id) => rows[id]).join(',')} ours ${mine.map((id) => rows[id]).join(',')}`);
    }
    expect(disagreements).toEqual([]);
    expect(rows.length).toBeGreaterThan(900);
  }, 60_000);
});

describe('one ranking wherever it runs', () => {
  const indexes: Record<string, ResourceIndex> = {};
  beforeAll(async () => {
    indexes.memory = await buildCorpusIndex();
    indexes.lance = await buildCorpusIndex({ memoryMaxChunks: 0 });
  });
  const queries = [...readJsonl<{ query: string }>('retrieval-dev.jsonl'), ...readJsonl<{ query: string }>('retrieval-dev-w.jsonl')].map((item) => item.query);

  it("gives BM25 scores equal to LanceDB's, chunk by chunk", async () => {
    const memory = (await indexes.memory!.memoryChunks())!;
    let compared = 0;
    for (const query of queries) {
      const ours = new Map(memory.bm25(query, undefined, 20).map((hit) => [memory.get(hit.row).id, hit.score]));
      const theirs = await indexes.lance!.chunks.query().fullTextSearch(query).select(['id', '_score']).limit(20).toArray();
      for (const row of theirs.slice(0, 10)) {
        expect(ours.get(row.id), `${query}: ${row.id}`).toBeCloseTo(row._score, 3);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it.each(['fts', 'vector', 'hybrid'] as const)('ranks documents alike in memory and through LanceDB queries (%s)', async (mode) => {
    const differing: string[] = [];
    for (const query of queries) {
      const [ours, theirs] = await Promise.all(
        [indexes.memory!, indexes.lance!].map(async (index) =>
          (await searchResources(index, { query, mode, limit: 5, exact: true })).map((result) => result.id).join(' '),
        ),
      );
      if (ours !== theirs) differing.push(`${query}\n  memory ${ours}\n  LanceDB ${theirs}`);
    }
    expect(differing).toEqual([]);
  });
});
