import { wordVectorsFile } from '../paths.ts';
import { sifWeight, unitLength } from '../retrieval/local-embedder.ts';
import { WordVectors } from '../retrieval/word-vectors.ts';
import { type TextFeatures, textFeatures } from './features.ts';

const NOT_IN_VOCABULARY = { row: -1, weight: 0 };

/**
 * The meaning vector the learned model reads: the SIF-weighted sum of the local word vectors
 * (the ones the search uses, one copy in memory) over the model's own tokens. Each word's row
 * and weight are kept with its cached hashes, so a text costs no dictionary look-ups once its
 * words have been seen; and sums add up, so a text's vector is its sentences' added together.
 */
export class Meaning {
  readonly dimensions: number;

  constructor(private readonly vectors: WordVectors = WordVectors.shared(wordVectorsFile)) {
    this.dimensions = vectors.dimensions;
  }

  /** Adds the weighted vectors of tokens [from, to) into `into`. */
  addTokens(found: TextFeatures, from: number, to: number, into: Float32Array): void {
    for (let token = from; token < to; token++) {
      const hashes = found.words[token]!;
      let vector = hashes.vector;
      if (!vector) {
        const row = this.vectors.row(found.tokens[token]!.text);
        // Weighed as the search's local embedder weighs words.
        vector = row === undefined ? NOT_IN_VOCABULARY : { row, weight: sifWeight(this.vectors, row) };
        hashes.vector = vector;
      }
      if (vector.row >= 0) this.vectors.addTo(into, vector.row, vector.weight);
    }
  }

  /** A whole text's vector, unit length: what the model is trained on. */
  of(text: string): Float32Array {
    const found = textFeatures(text);
    const sum = new Float32Array(this.dimensions);
    this.addTokens(found, 0, found.tokens.length, sum);
    return unitLength(sum);
  }
}
