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
  const smoothing = options.smoothing ?? 1e-3;
  const embedOne = sentenceVectors({ wordVectors: words, smoothing });
  return {
    id: `local:wink-sg-100d:${words.size}:sif-${smoothing}`,
    dimensions: words.dimensions,
    embed: async (texts) => texts.map(embedOne),
  };
}

/** The same sentence vector, synchronously, for code that needs it inline (the learned screen). */
export function sentenceVectors(options: LocalEmbedderOptions = {}): (text: string) => Float32Array {
  const sum = weightedSums(options);
  return (text: string) => unitLength(sum(text));
}

/** The SIF-weighted sum of a text's word vectors, before it is made unit length. */
function weightedSums(options: LocalEmbedderOptions = {}): (text: string) => Float32Array {
  const words = options.wordVectors ?? WordVectors.shared(wordVectorsFile);
  const smoothing = options.smoothing ?? 1e-3;
  const harmonic = Math.log(words.totalWords) + 0.5772;
  return (text: string): Float32Array => {
    const sum = new Float32Array(words.dimensions);
    for (const token of tokenize(text)) {
      const row = words.row(token);
      if (row === undefined) continue;
      const probability = 1 / ((words.rank(row) + 1) * harmonic);
      words.addTo(sum, row, smoothing / (smoothing + probability));
    }
    return sum;
  };
}

/** The vector scaled to length one (in place); all zeros stays all zeros. */
export function unitLength(vector: Float32Array): Float32Array {
  let squares = 0;
  for (const value of vector) squares += value * value;
  const norm = Math.sqrt(squares);
  if (norm > 0) for (let index = 0; index < vector.length; index++) vector[index]! /= norm;
  return vector;
}
