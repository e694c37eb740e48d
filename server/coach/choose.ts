import { createHash } from 'node:crypto';

/**
 * Deterministic variety: the same participant asking the same thing gets the same answer,
 * and two participants in the same situation get different (equally fitting) material.
 */
export function seededPick<T>(items: readonly T[], seed: string, count = 1): T[] {
  if (items.length <= count) return [...items];
  const scored = items.map((item, index) => ({ item, score: createHash('sha1').update(`${seed}|${index}`).digest().readUInt32BE(0) }));
  return scored
    .sort((left, right) => left.score - right.score)
    .slice(0, count)
    .map((entry) => entry.item);
}

const STOP = new Set(
  'a an and are as at be but by for from had has have i if in is it its me my of on or so than that the their them they this to was we were what when will with you your not just about all can do get got im ive dont'.split(
    ' ',
  ),
);

/** Content words, lightly stemmed, so that "writer" meets "writing" and "presentations" meets "presentation". */
function stems(text: string): Set<string> {
  const words =
    text
      .toLowerCase()
      .replace(/[\u2018\u2019']/g, '')
      .match(/[a-z]+/g) ?? [];
  return new Set(words.filter((word) => !STOP.has(word)).map((word) => word.replace(/(ing|ers|er|ed|es|s)$/, '').slice(0, 6)));
}

/**
 * The items that share most words with what the person wrote, so a reframe speaks to their
 * situation rather than to the example it was written for; ties keep the seeded variety.
 */
export function closestTo<T>(items: readonly T[], text: string, seed: string, count: number, textOf: (item: T) => string = String): T[] {
  const wanted = stems(text);
  const order = seededPick(items, seed, items.length);
  const score = (item: T) => [...stems(textOf(item))].filter((stem) => wanted.has(stem)).length;
  return [...order].sort((left, right) => score(right) - score(left)).slice(0, count);
}

/** Citations without repeats, in first-seen order. */
export function uniqueCitations<T extends { id: string }>(citations: T[]): T[] {
  const seen = new Set<string>();
  return citations.filter((citation) => !seen.has(citation.id) && seen.add(citation.id));
}
