import { readFileSync } from 'node:fs';

/** How many of the most frequent words the compact file keeps (measured: see README). */
export const WORD_VECTORS_VOCABULARY = 100_000;

/** The format's name and version; a file of another version is rebuilt at install. */
export const WORD_VECTORS_MAGIC = 'MCWV2';

export interface WordVectorsSource {
  dimensions: number;
  /** Size of the original vocabulary, which sets the word-frequency estimate. */
  totalWords: number;
  /** Lowercase ASCII words (the build keeps only those). */
  words: string[];
  /** Rank of each word in the original frequency-ordered vocabulary (0 = most frequent). */
  ranks: number[];
  vectors: number[][];
}

/** FNV-1a over a word's character codes: the slot where a lookup starts. */
function hashWord(word: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < word.length; index++) hash = Math.imul(hash ^ word.charCodeAt(index), 0x01000193);
  return hash >>> 0;
}

/** Slots in the lookup table: a power of two at least twice the word count, so probes stay short. */
function tableSizeFor(count: number): number {
  let size = 1;
  while (size < count * 2) size *= 2;
  return size;
}

interface Layout {
  count: number;
  wordBytes: number;
  tableSize: number;
}

/** Byte length of each section, in file order; every section starts on a 4-byte boundary. */
function sections(layout: Layout, dimensions: number) {
  return [
    ['ranks', layout.count * 4],
    ['offsets', (layout.count + 1) * 4],
    ['table', layout.tableSize * 4],
    ['scales', layout.count * 4],
    ['characters', layout.wordBytes],
    ['values', layout.count * dimensions],
  ] as const;
}

const align4 = (offset: number) => offset + ((4 - (offset % 4)) % 4);

/**
 * File layout: MAGIC, uint32 header length, JSON header {dimensions, totalWords, count,
 * wordBytes, tableSize}, then, each on a 4-byte boundary: uint32 rank per word, uint32 offset of
 * each word in the characters (count + 1), an int32 open-addressing table of row + 1 (0 = empty),
 * float32 scale per word, the words' ASCII characters, int8 unit vector per word.
 *
 * Why not a JSON list of words and a Map: 100,000 strings and Map entries cost about 35 MB of
 * heap and a second of parsing at start-up; this layout is read in place, with no copy.
 */
export function encodeWordVectors(source: WordVectorsSource): Buffer {
  const { dimensions, words, vectors } = source;
  const count = words.length;
  const joined = words.join('');
  // One byte per character, so a lookup compares char codes with bytes.
  if (!/^[\x20-\x7e]*$/.test(joined)) throw new Error('word vectors: words must be printable ASCII');
  const characters = Buffer.from(joined, 'latin1');
  const layout: Layout = { count, wordBytes: characters.length, tableSize: tableSizeFor(count) };
  const header = Buffer.from(JSON.stringify({ dimensions, totalWords: source.totalWords, ...layout }));
  const parts: Buffer[] = [Buffer.from(WORD_VECTORS_MAGIC), Buffer.alloc(4), header];
  parts[1]!.writeUInt32LE(header.length);
  let length = WORD_VECTORS_MAGIC.length + 4 + header.length;

  const offsets = new Uint32Array(count + 1);
  for (const [row, word] of words.entries()) offsets[row + 1] = offsets[row]! + word.length;
  const table = new Int32Array(layout.tableSize);
  const mask = layout.tableSize - 1;
  words.forEach((word, row) => {
    let slot = hashWord(word) & mask;
    while (table[slot] !== 0) slot = (slot + 1) & mask;
    table[slot] = row + 1;
  });
  const scales = new Float32Array(count);
  const values = new Int8Array(count * dimensions);
  vectors.forEach((vector, row) => {
    const norm = Math.hypot(...vector) || 1;
    const largest = Math.max(...vector.map((value) => Math.abs(value / norm))) || 1;
    scales[row] = largest / 127;
    for (let column = 0; column < dimensions; column++) {
      values[row * dimensions + column] = Math.round((vector[column]! / norm / largest) * 127);
    }
  });
  const bodies = {
    ranks: Buffer.from(Uint32Array.from(source.ranks).buffer),
    offsets: Buffer.from(offsets.buffer),
    table: Buffer.from(table.buffer),
    scales: Buffer.from(scales.buffer),
    characters,
    values: Buffer.from(values.buffer),
  };
  for (const [name] of sections(layout, dimensions)) {
    parts.push(Buffer.alloc(align4(length) - length));
    length = align4(length);
    parts.push(bodies[name]);
    length += bodies[name].length;
  }
  return Buffer.concat(parts);
}

const loaded = new Map<string, WordVectors>();

/** Word vectors loaded from the compact file: a lookup from word to a unit vector and a rank. */
export class WordVectors {
  readonly dimensions: number;
  readonly totalWords: number;
  readonly size: number;
  private readonly ranks: Uint32Array;
  private readonly offsets: Uint32Array;
  private readonly table: Int32Array;
  private readonly mask: number;
  private readonly scales: Float32Array;
  private readonly characters: Uint8Array;
  private readonly values: Int8Array;

  constructor(file: Buffer) {
    if (!WordVectors.isCurrent(file)) {
      throw new Error(`not a ${WORD_VECTORS_MAGIC} word-vectors file (run npm install to rebuild it)`);
    }
    const headerLength = file.readUInt32LE(WORD_VECTORS_MAGIC.length);
    const headerStart = WORD_VECTORS_MAGIC.length + 4;
    const header = JSON.parse(file.subarray(headerStart, headerStart + headerLength).toString()) as Layout & { dimensions: number; totalWords: number };
    this.dimensions = header.dimensions;
    this.totalWords = header.totalWords;
    this.size = header.count;
    // Typed arrays need their element alignment: a Buffer from readFileSync of a large file owns
    // its memory from byte 0, so views work in place; a Buffer at an odd offset is copied once.
    const bytes = file.byteOffset % 4 === 0 ? file : Buffer.from(file);
    const at: Record<string, number> = {};
    let offset = headerStart + headerLength;
    for (const [name, length] of sections(header, header.dimensions)) {
      offset = align4(offset);
      at[name] = bytes.byteOffset + offset;
      offset += length;
    }
    if (offset > bytes.length) throw new Error('word-vectors file is truncated (run npm install to rebuild it)');
    const { buffer } = bytes;
    this.ranks = new Uint32Array(buffer, at.ranks, header.count);
    this.offsets = new Uint32Array(buffer, at.offsets, header.count + 1);
    this.table = new Int32Array(buffer, at.table, header.tableSize);
    this.mask = header.tableSize - 1;
    this.scales = new Float32Array(buffer, at.scales, header.count);
    this.characters = new Uint8Array(buffer, at.characters, header.wordBytes);
    this.values = new Int8Array(buffer, at.values, header.count * header.dimensions);
  }

  static load(path: string): WordVectors {
    return new WordVectors(readFileSync(path));
  }

  /** Whether a file holds word vectors in this version's format. */
  static isCurrent(file: Buffer): boolean {
    return file.subarray(0, WORD_VECTORS_MAGIC.length).toString() === WORD_VECTORS_MAGIC;
  }

  /**
   * One copy per file for the whole process: the search embedder and the learned screen read
   * the same vectors, and each copy is about 12 MB.
   */
  static shared(path: string): WordVectors {
    let found = loaded.get(path);
    if (!found) {
      found = WordVectors.load(path);
      loaded.set(path, found);
    }
    return found;
  }

  /** Row of a word, or undefined when the word is not in the vocabulary. */
  row(word: string): number | undefined {
    const { table, mask, offsets, characters } = this;
    for (let slot = hashWord(word) & mask; ; slot = (slot + 1) & mask) {
      const entry = table[slot]!;
      if (entry === 0) return undefined;
      const row = entry - 1;
      const start = offsets[row]!;
      if (offsets[row + 1]! - start !== word.length) continue;
      let index = 0;
      while (index < word.length && characters[start + index] === word.charCodeAt(index)) index++;
      if (index === word.length) return row;
    }
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
