import { describe, expect, it } from 'vitest';
import { wordVectorsFile } from '../../../server/paths.ts';
import { encodeWordVectors, WordVectors } from '../../../server/retrieval/word-vectors.ts';

const source = {
  dimensions: 3,
  totalWords: 50,
  words: ['goal', 'mentor', 'goals', "don't", 'meeting', 'a'],
  ranks: [3, 7, 9, 12, 20, 40],
  vectors: [
    [1, 0, 0],
    [0, 2, 0],
    [0.6, 0.8, 0],
    [0, 0, -5],
    [1, 1, 1],
    [-1, 0, 1],
  ],
};

function vectorOf(words: WordVectors, word: string): number[] {
  const target = new Float32Array(words.dimensions);
  words.addTo(target, words.row(word)!, 1);
  return [...target];
}

describe('word vectors file', () => {
  const words = new WordVectors(encodeWordVectors(source));

  it('finds every word at its row, with its rank, and no word it lacks', () => {
    expect(words.size).toBe(6);
    expect(words.totalWords).toBe(50);
    source.words.forEach((word, row) => {
      expect(words.row(word)).toBe(row);
      expect(words.rank(row)).toBe(source.ranks[row]);
    });
    for (const missing of ['goa', 'goalz', 'mentors', '', 'Goal', 'café', 'dont']) expect(words.row(missing)).toBeUndefined();
  });

  it('keeps each vector as a unit vector in the same direction', () => {
    const close = (actual: number[], expected: number[]) => {
      for (const [index, value] of actual.entries()) expect(value).toBeCloseTo(expected[index]!, 2);
    };
    close(vectorOf(words, 'mentor'), [0, 1, 0]);
    close(vectorOf(words, 'goals'), [0.6, 0.8, 0]);
    close(vectorOf(words, "don't"), [0, 0, -1]);
    close(vectorOf(words, 'meeting'), [1 / Math.sqrt(3), 1 / Math.sqrt(3), 1 / Math.sqrt(3)]);
  });

  it('reads a file held at an offset that typed arrays cannot view in place', () => {
    const bytes = encodeWordVectors(source);
    const shifted = Buffer.alloc(bytes.length + 1);
    bytes.copy(shifted, 1);
    const moved = new WordVectors(shifted.subarray(1));
    expect(moved.row('meeting')).toBe(4);
    expect(vectorOf(moved, 'goals')).toEqual(vectorOf(words, 'goals'));
  });

  it('refuses a file of another format or one cut short, saying how to rebuild it', () => {
    const bytes = encodeWordVectors(source);
    const old = Buffer.from(bytes);
    old.write('MCWV1', 0);
    expect(() => new WordVectors(old)).toThrow(/npm install/);
    expect(() => new WordVectors(bytes.subarray(0, bytes.length - 10))).toThrow(/truncated/);
  });

  it('refuses to write words that are not ASCII', () => {
    expect(() => encodeWordVectors({ ...source, words: ['café', ...source.words.slice(1)] })).toThrow(/ASCII/);
  });

  it('the installed file holds the vocabulary the build keeps', () => {
    const installed = WordVectors.load(wordVectorsFile);
    expect(installed.size).toBe(100_000);
    for (const word of ['mentor', 'deadline', 'confidence', 'procrastinate']) expect(installed.row(word)).toBeTypeOf('number');
    expect(installed.row('qqqzzzx')).toBeUndefined();
  });
});
