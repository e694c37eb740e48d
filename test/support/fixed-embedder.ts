import type { Embedder } from '../../server/retrieval/index.ts';
import { tokenize } from '../../server/retrieval/tokenize.ts';

/** One axis per concept; a word counts towards the axis of its concept. */
const concepts: string[][] = [
  ['goal', 'goals', 'target', 'milestone', 'aim'],
  ['listen', 'listening', 'hear', 'question', 'questions'],
  ['feedback', 'critique', 'praise'],
  ['network', 'networking', 'introduction', 'contacts'],
  ['time', 'schedule', 'cancelled', 'reschedule', 'busy'],
  ['trust', 'rapport', 'safe'],
  ['ending', 'closure', 'goodbye', 'wrap'],
  ['worry', 'anxious', 'nervous', 'stress'],
];
const axis = new Map(concepts.flatMap((words, index) => words.map((word) => [word, index] as const)));

/**
 * A small, fixed, deterministic embedder for tests on a real LanceDB table: similarity is
 * predictable from the words alone, and every call is counted.
 */
export function createFixedEmbedder(id = 'fixed:8') {
  const calls: string[][] = [];
  const embedder: Embedder = {
    id,
    dimensions: concepts.length,
    async embed(texts) {
      calls.push(texts);
      return texts.map((text) => {
        const vector = new Float32Array(concepts.length);
        for (const token of tokenize(text)) {
          const index = axis.get(token);
          if (index !== undefined) vector[index]! += 1;
        }
        const norm = Math.hypot(...vector);
        return norm ? vector.map((value) => value / norm) : vector;
      });
    },
  };
  return { embedder, calls };
}
