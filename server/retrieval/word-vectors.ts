import { readFileSync } from 'node:fs';

/** How many of the most frequent words the compact file keeps (measured: see README). */
export const WORD_VECTORS_VOCABULARY = 100_000;

const MAGIC = 'MCWV1';

export interface WordVectorsSource {
  dimensions: number;
  /** Size of the original vocabulary, which sets the word-frequency estimate. */
  totalWords: number;
  words: string[];
  /** Rank of each word in the original frequency-ordered vocabulary (0 = most frequent). */
  ranks: number[];
  vectors: number[][];
}

/**
 * File layout: MAGIC, uint32 header length, JSON header {dimensions, totalWords, words, ranks},
 * padding to 4 bytes, float32 scale per word, int8 unit vector per word.
 */
export function encodeWordVectors(source: WordVectorsSource): Buffer {
  const { dimensions, words, vectors } = source;
  const header = Buffer.from(JSON.stringify({ dimensions, totalWords: source.totalWords, words, ranks: source.ranks }));
  const prefix = MAGIC.length + 4 + header.length;
  const padding = (4 - (prefix % 4)) % 4;
  const scales = new Float32Array(words.length);
  const values = new Int8Array(words.length * dimensions);
  vectors.forEach((vector, row) => {
    const norm = Math.hypot(...vector) || 1;
    const largest = Math.max(...vector.map((value) => Math.abs(value / norm))) || 1;
    scales[row] = largest / 127;
    for (let column = 0; column < dimensions; column++) {
      values[row * dimensions + column] = Math.round((vector[column]! / norm / largest) * 127);
    }
  });
  const length = Buffer.alloc(4);
  length.writeUInt32LE(header.length);
  return Buffer.concat([Buffer.from(MAGIC), length, header, Buffer.alloc(padding), Buffer.from(scales.buffer), Buffer.from(values.buffer)]);
}

const loaded = new Map<string, WordVectors>();

/** Word vectors loaded from the compact file: a lookup from word to a unit vector and a rank. */
export class WordVectors {
  readonly dimensions: number;
  readonly totalWords: number;
  private readonly rows: Map<string, number>;
  private readonly ranks: number[];
  private readonly scales: Float32Array;
  private readonly values: Int8Array;

  constructor(bytes: Buffer) {
    if (bytes.subarray(0, MAGIC.length).toString() !== MAGIC) throw new Error('not a word-vectors file');
    const headerLength = bytes.readUInt32LE(MAGIC.length);
    const headerStart = MAGIC.length + 4;
    const header = JSON.parse(bytes.subarray(headerStart, headerStart + headerLength).toString()) as {
      dimensions: number;
      totalWords: number;
      words: string[];
      ranks: number[];
    };
    this.dimensions = header.dimensions;
    this.totalWords = header.totalWords;
    this.ranks = header.ranks;
    this.rows = new Map(header.words.map((word, row) => [word, row]));
    let offset = headerStart + headerLength;
    offset += (4 - (offset % 4)) % 4;
    // Copy into aligned typed arrays: a Buffer from readFileSync may sit at any byte offset.
    const count = header.words.length;
    this.scales = new Float32Array(bytes.buffer.slice(bytes.byteOffset + offset, bytes.byteOffset + offset + count * 4));
    offset += count * 4;
    this.values = new Int8Array(bytes.buffer.slice(bytes.byteOffset + offset, bytes.byteOffset + offset + count * this.dimensions));
  }

  static load(path: string): WordVectors {
    return new WordVectors(readFileSync(path));
  }

  /**
   * One copy per file for the whole process: the search embedder and the learned screen read
   * the same vectors, and each copy is tens of megabytes.
   */
  static shared(path: string): WordVectors {
    let found = loaded.get(path);
    if (!found) {
      found = WordVectors.load(path);
      loaded.set(path, found);
    }
    return found;
  }

  get size(): number {
    return this.rows.size;
  }

  /** Row of a word, or undefined when the word is not in the vocabulary. */
  row(word: string): number | undefined {
    return this.rows.get(word);
  }

  rank(row: number): number {
    return this.ranks[row]!;
  }

  /** Adds `weight` times the word's unit vector into `target`. */
  addTo(target: Float32Array, row: number, weight: number): void {
    const scale = this.scales[row]! * weight;
    const start = row * this.dimensions;
    for (let column = 0; column < this.dimensions; column++) {
      target[column]! += this.values[start + column]! * scale;
    }
  }
}
