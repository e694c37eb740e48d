import { wordVectorsFile } from '../paths.ts';
import type { Embedder } from './embedder.ts';
import { tokenize } from './tokenize.ts';
import { WordVectors } from './word-vectors.ts';

export interface LocalEmbedderOptions {
  /** Defaults to the compact file written at install time. */
  wordVectors?: WordVectors;
  /**
   * Smooth inverse frequency weight a/(a + p(word)): frequent words ("the", "my") count for
   * little, rare and specific ones ("rescheduling", "imposter") for almost one.
   */
  smoothing?: number;
}

/**
 * A sentence vector with no network and no model download: the SIF-weighted mean of
 * unit word vectors, normalised. Word frequency p(word) follows Zipf's law from the
 * word's rank in the frequency-ordered vocabulary.
 */
export function createLocalEmbedder(options: LocalEmbedderOptions = {}): Embedder {
  const words = options.wordVectors ?? WordVectors.shared(wordVectorsFile);
  const smoothing = options.smoothing ?? SIF_SMOOTHING;
  const embedOne = (text: string) => sentenceVector(words, text, smoothing);
  return {
    id: `local:wink-sg-100d:${words.size}:sif-${smoothing}`,
    dimensions: words.dimensions,
    embed: async (texts) => texts.map(embedOne),
  };
}

export const SIF_SMOOTHING = 1e-3;

/** The unit SIF-weighted sum of a text's word vectors, at once (the embedder's, for callers that need it now). */
export function sentenceVector(words: WordVectors, text: string, smoothing = SIF_SMOOTHING): Float32Array {
  const sum = new Float32Array(words.dimensions);
  for (const token of tokenize(text)) {
    const row = words.row(token);
    if (row !== undefined) words.addTo(sum, row, sifWeight(words, row, smoothing));
  }
  return unitLength(sum);
}

/**
 * A word's smooth inverse frequency weight a/(a + p(word)), with p(word) from Zipf's law on
 * its rank. Shared with the learned screen's meaning vector (server/understanding/meaning.ts).
 */
export function sifWeight(words: WordVectors, row: number, smoothing = SIF_SMOOTHING): number {
  const probability = 1 / ((words.rank(row) + 1) * (Math.log(words.totalWords) + 0.5772));
  return smoothing / (smoothing + probability);
}

/** The vector scaled to length one (in place); all zeros stays all zeros. */
export function unitLength(vector: Float32Array): Float32Array {
  let squares = 0;
  for (const value of vector) squares += value * value;
  const norm = Math.sqrt(squares);
  if (norm > 0) for (let index = 0; index < vector.length; index++) vector[index]! /= norm;
  return vector;
}
