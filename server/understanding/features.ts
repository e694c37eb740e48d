/**
 * What the learned screen and pattern detector see of a text: hashed sparse features (words,
 * word pairs, character n-grams inside words, and cues for negation and for who is speaking)
 * and a dense meaning vector (the local word vectors). Each sparse feature remembers the
 * tokens it came from, so a prediction can name the words that carried it.
 *
 * Hashing (FNV-1a into 2^15 buckets) keeps the model a fixed size whatever the vocabulary,
 * and lets typos and text-speak share character n-grams with the words they stand for.
 * Everything here is one pass over the text: no regex that can backtrack.
 */
export const HASH_BITS = 15;
export const BUCKETS = 1 << HASH_BITS;

const NEGATORS = new Set(['not', 'no', 'never', "don't", 'dont', "can't", 'cant', "won't", 'wont', "didn't", 'didnt', "isn't", 'isnt',
  "aren't", "wasn't", "doesn't", 'doesnt', 'nobody', 'nothing', 'nowhere', 'without', "couldn't", "shouldn't", 'hardly']);
const FIRST_PERSON = new Set(['i', "i'm", 'im', "i've", 'ive', "i'll", "i'd", 'me', 'my', 'myself', 'mine']);
const SOMEONE_ELSE = new Set(['he', 'she', 'they', 'him', 'her', 'them', 'his', 'their', "he's", "she's", "they're", 'friend', 'mentee',
  'sister', 'brother', 'son', 'daughter', 'mum', 'mom', 'dad', 'student', 'colleague', 'cousin', 'partner', 'boyfriend', 'girlfriend']);
/** How many tokens after a negator or a pronoun carry its cue. */
const CUE_REACH = 3;

export interface Token {
  text: string;
  start: number;
  end: number;
}

/** Lower-case word tokens with where they stand in the text (curly apostrophes made straight). */
export function tokens(text: string): Token[] {
  const found: Token[] = [];
  let start = -1;
  const lower = text.toLowerCase();
  for (let index = 0; index <= lower.length; index++) {
    const character = index < lower.length ? lower[index]! : ' ';
    const apostrophe = character === "'" || character === '\u2019' || character === '\u2018';
    const word = (character >= 'a' && character <= 'z') || (character >= '0' && character <= '9');
    // An apostrophe belongs to a word only between letters ("don't", "i'm").
    const inside = word || (apostrophe && start >= 0 && index + 1 < lower.length && /[a-z]/.test(lower[index + 1]!));
    if (inside && start < 0) start = index;
    if (!inside && start >= 0) {
      found.push({ text: lower.slice(start, index).replace(/[\u2018\u2019]/g, "'"), start, end: index });
      start = -1;
    }
  }
  return found;
}

/** FNV-1a, 32 bits, of a feature's name. */
function hash(name: string): number {
  let value = 0x811c9dc5;
  for (let index = 0; index < name.length; index++) {
    value ^= name.charCodeAt(index);
    value = Math.imul(value, 0x01000193);
  }
  return value >>> 0;
}

/** Mixes two 32-bit hashes into one (a murmur3-style finaliser): word pairs and cues without building strings. */
function mix(left: number, right: number): number {
  let value = Math.imul(left ^ (right + 0x9e3779b9 + (left << 6) + (left >>> 2)), 0x85ebca6b);
  value ^= value >>> 13;
  value = Math.imul(value, 0xc2b2ae35);
  return (value ^ (value >>> 16)) >>> 0;
}

const BIGRAM = hash('b:');
const TRIGRAM = hash('t:');
const NEGATED = hash('n:');
const SAID_BY_ME = hash('p1:');
const ABOUT_SOMEONE = hash('p3:');

interface WordHashes {
  /** The word's own hash, for the pairs and cues it takes part in. */
  word: number;
  /** The buckets of the word and its character n-grams. */
  buckets: Uint32Array;
}

/**
 * Most of the hashing is a word's own (the word and its character n-grams), the same in every
 * text the word is in, so it is kept. Bounded: past the limit the cache starts again, which
 * costs only the hashing it saved.
 */
const WORD_CACHE_LIMIT = 50_000;
const wordHashes = new Map<string, WordHashes>();

function hashesOf(word: string): WordHashes {
  let found = wordHashes.get(word);
  if (found) return found;
  const names = [`w:${word}`];
  const bounded = `<${word}>`;
  for (let size = 3; size <= 5; size++) {
    for (let at = 0; at + size <= bounded.length; at++) names.push(`c:${bounded.slice(at, at + size)}`);
  }
  found = { word: hash(word), buckets: Uint32Array.from(names, (name) => hash(name) & (BUCKETS - 1)) };
  if (wordHashes.size >= WORD_CACHE_LIMIT) wordHashes.clear();
  wordHashes.set(word, found);
  return found;
}

/** Occurrence counts per bucket, reused between calls (one text at a time: the server is single-threaded). */
const counts = new Uint16Array(BUCKETS);

export interface SparseFeatures {
  /** Bucket of each feature occurrence. */
  buckets: Uint32Array;
  /** The first and one past the last token of each occurrence. */
  from: Uint16Array;
  to: Uint16Array;
  /** Weight of each occurrence: the vector is normalised to unit length over buckets. */
  weights: Float32Array;
  tokens: Token[];
}

/** The sparse features of a text (its first 65,535 tokens, far beyond any field's limit). */
export function sparseFeatures(text: string): SparseFeatures {
  const words = tokens(text).slice(0, 65_535);
  const hashes = words.map((token) => hashesOf(token.text));
  const buckets: number[] = [];
  const from: number[] = [];
  const to: number[] = [];
  const add = (value: number, first: number, last: number) => {
    buckets.push(value & (BUCKETS - 1));
    from.push(first);
    to.push(last);
  };
  let negatedUntil = -1;
  let firstPersonUntil = -1;
  let someoneElseUntil = -1;
  words.forEach((token, index) => {
    const own = hashes[index]!;
    for (const bucket of own.buckets) {
      buckets.push(bucket);
      from.push(index);
      to.push(index + 1);
    }
    if (index > 0) add(mix(mix(BIGRAM, hashes[index - 1]!.word), own.word), index - 1, index + 1);
    if (index > 1) add(mix(mix(mix(TRIGRAM, hashes[index - 2]!.word), hashes[index - 1]!.word), own.word), index - 2, index + 1);
    if (index <= negatedUntil) add(mix(NEGATED, own.word), index, index + 1);
    if (index <= firstPersonUntil) add(mix(SAID_BY_ME, own.word), index, index + 1);
    if (index <= someoneElseUntil) add(mix(ABOUT_SOMEONE, own.word), index, index + 1);
    const word = token.text;
    if (NEGATORS.has(word)) negatedUntil = index + CUE_REACH;
    if (FIRST_PERSON.has(word)) firstPersonUntil = index + CUE_REACH;
    if (SOMEONE_ELSE.has(word)) someoneElseUntil = index + CUE_REACH;
  });
  // Sublinear counts per bucket, then unit length: long texts do not outweigh short ones.
  for (const bucket of buckets) if (counts[bucket]! < 65_535) counts[bucket]!++;
  let norm = 0;
  for (const bucket of buckets) {
    const count = counts[bucket]!;
    // Each occurrence adds its share, so a bucket adds (1 + log count)^2 once in all.
    norm += (1 + Math.log(count)) ** 2 / count;
  }
  norm = Math.sqrt(norm) || 1;
  const weights = Float32Array.from(buckets, (bucket) => (1 + Math.log(counts[bucket]!)) / counts[bucket]! / norm);
  for (const bucket of buckets) counts[bucket] = 0;
  return { buckets: Uint32Array.from(buckets), from: Uint16Array.from(from), to: Uint16Array.from(to), weights, tokens: words };
}

