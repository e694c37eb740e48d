import { readFileSync } from 'node:fs';
import { corpusDir } from '../server/paths.ts';
import { type CorpusDocument, chunkDocument, parseCorpusDocument } from '../server/retrieval/index.ts';
import { markdownFiles } from '../server/retrieval/ingest.ts';
import { seededRandom } from '../server/seeded-random.ts';
import { taxonomy } from '../server/taxonomy.ts';

// Seeded, so every run builds the same synthetic corpus.
export { seededRandom };

/** Sentences of the real corpus: synthetic chunks reuse them so word statistics stay realistic. */
export function corpusSentences(): string[] {
  return markdownFiles(corpusDir).flatMap((file) => {
    const document = parseCorpusDocument(file, readFileSync(file, 'utf8'));
    return chunkDocument(document)
      .flatMap((chunk) => chunk.text.split(/(?<=[.?!])\s+/))
      .filter((sentence) => sentence.split(' ').length >= 5);
  });
}

/**
 * `documents` synthetic documents of `chunksPerDocument` sections each, every section three
 * sentences drawn from the real corpus, with random topics, audience and stage.
 */
export function syntheticDocuments(documents: number, chunksPerDocument: number, random = seededRandom()): CorpusDocument[] {
  const sentences = corpusSentences();
  const pick = <T>(values: readonly T[]) => values[Math.floor(random() * values.length)]!;
  return Array.from({ length: documents }, (_, index) => {
    const sections = Array.from(
      { length: chunksPerDocument },
      (_, section) => `## Part ${section + 1}\n${pick(sentences)} ${pick(sentences)} ${pick(sentences)}`,
    );
    const topics = [...new Set([pick(taxonomy.topics), pick(taxonomy.topics)])];
    return {
      id: `synthetic-${index}`,
      title: `Synthetic ${index}: ${pick(sentences).split(' ').slice(0, 6).join(' ')}`,
      summary: pick(sentences),
      topics,
      audience: pick(taxonomy.audience),
      stage: pick(taxonomy.stage),
      format: pick(taxonomy.format),
      models: ['any'],
      readingMinutes: 2,
      body: sections.join('\n\n'),
      hash: String(index),
    };
  });
}
