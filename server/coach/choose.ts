import { createHash } from 'node:crypto';

/**
 * Deterministic variety: the same participant asking the same thing gets the same answer,
 * and two participants in the same situation get different (equally fitting) material.
 */
export function seededPick<T>(items: readonly T[], seed: string, count = 1): T[] {
  if (items.length <= count) return [...items];
  const scored = items.map((item, index) => ({ item, score: createHash('sha1').update(`${seed}|${index}`).digest().readUInt32BE(0) }));
  return scored.sort((left, right) => left.score - right.score).slice(0, count).map((entry) => entry.item);
}

/** Citations without repeats, in first-seen order. */
export function uniqueCitations<T extends { id: string }>(citations: T[]): T[] {
  const seen = new Set<string>();
  return citations.filter((citation) => !seen.has(citation.id) && seen.add(citation.id));
}
