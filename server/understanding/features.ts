import { sentenceSpans } from '../text/sentences.ts';

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

const NEGATORS = new Set([
  'not',
  'no',
  'never',
  "don't",
  'dont',
  "can't",
  'cant',
  "won't",
  'wont',
  "didn't",
  'didnt',
  "isn't",
  'isnt',
  "aren't",
  "wasn't",
  "doesn't",
  'doesnt',
  'nobody',
  'nothing',
  'nowhere',
  'without',
  "couldn't",
  "shouldn't",
  'hardly',
]);
const FIRST_PERSON = new Set(['i', "i'm", 'im', "i've", 'ive', "i'll", "i'd", 'me', 'my', 'myself', 'mine']);
const SOMEONE_ELSE = new Set([
  'he',
  'she',
  'they',
  'him',
  'her',
  'them',
  'his',
  'their',
  "he's",
  "she's",
  "they're",
  'friend',
  'mentee',
  'sister',
  'brother',
  'son',
  'daughter',
  'mum',
  'mom',
  'dad',
  'student',
  'colleague',
  'cousin',
  'partner',
  'boyfriend',
  'girlfriend',
]);
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
  let curly = false;
  const lower = text.toLowerCase();
  const isLetter = (code: number) => code >= 97 && code <= 122;
  for (let index = 0; index <= lower.length; index++) {
    const code = index < lower.length ? lower.charCodeAt(index) : 32;
    const apostrophe = code === 39 || code === 0x2019 || code === 0x2018;
    const word = isLetter(code) || (code >= 48 && code <= 57);
    // An apostrophe belongs to a word only between letters ("don't", "i'm").
    const inside = word || (apostrophe && start >= 0 && index + 1 < lower.length && isLetter(lower.charCodeAt(index + 1)));
    if (inside && start < 0) start = index;
    if (inside && apostrophe && code !== 39) curly = true;
    if (!inside && start >= 0) {
      const raw = lower.slice(start, index);
      found.push({ text: curly ? raw.replace(/[\u2018\u2019]/g, "'") : raw, start, end: index });
      start = -1;
      curly = false;
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

export interface WordHashes {
  /** The word's own hash, for the pairs and cues it takes part in. */
  word: number;
  /** The buckets of the word and its character n-grams. */
  buckets: Uint32Array;
  /** The word's row in the word vectors and its weight there, once looked up (see meaning.ts). */
  vector?: { row: number; weight: number };
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

/** One sentence of a text: its span of characters, of tokens and of feature occurrences. */
export interface SentenceUnit {
  start: number;
  end: number;
  tokens: [number, number];
  occurrences: [number, number];
}

/** A text's feature occurrences, sentence after sentence, before any weighting. */
export interface TextFeatures {
  tokens: Token[];
  /** Each token's cached hashes (shared by every text the word is in). */
  words: WordHashes[];
  buckets: Uint32Array;
  from: Uint16Array;
  to: Uint16Array;
  sentences: SentenceUnit[];
}

/** Word pair, word triple and the three cues: at most this many occurrences per token besides its own buckets. */
const PER_TOKEN_EXTRA = 5;
const MAX_TOKENS = 65_535;

/**
 * The feature occurrences of a text (its first 65,535 tokens, far beyond any field's limit).
 * Pairs, triples and cues stay inside a sentence, so the whole text's occurrences are its
 * sentences' laid end to end: one pass serves the text and each sentence (see Reader). Written
 * into typed arrays sized up front: this runs for every text a request screens, so it must take
 * microseconds, not allocate per feature.
 */
export function textFeatures(text: string): TextFeatures {
  const words = tokens(text).slice(0, MAX_TOKENS);
  const hashes = words.map((token) => hashesOf(token.text));
  let capacity = 0;
  for (const own of hashes) capacity += own.buckets.length + PER_TOKEN_EXTRA;
  const buckets = new Uint32Array(capacity);
  const from = new Uint16Array(capacity);
  const to = new Uint16Array(capacity);
  let size = 0;
  const add = (value: number, first: number, last: number) => {
    buckets[size] = value & (BUCKETS - 1);
    from[size] = first;
    to[size] = last;
    size++;
  };
  const units: SentenceUnit[] = [];
  let token = 0;
  for (const [start, end] of sentenceSpans(text)) {
    const firstToken = token;
    const firstOccurrence = size;
    let negatedUntil = -1;
    let firstPersonUntil = -1;
    let someoneElseUntil = -1;
    for (; token < words.length && words[token]!.start < end; token++) {
      const own = hashes[token]!;
      for (const bucket of own.buckets) {
        buckets[size] = bucket;
        from[size] = token;
        to[size] = token + 1;
        size++;
      }
      if (token - firstToken > 0) add(mix(mix(BIGRAM, hashes[token - 1]!.word), own.word), token - 1, token + 1);
      if (token - firstToken > 1) add(mix(mix(mix(TRIGRAM, hashes[token - 2]!.word), hashes[token - 1]!.word), own.word), token - 2, token + 1);
      if (token <= negatedUntil) add(mix(NEGATED, own.word), token, token + 1);
      if (token <= firstPersonUntil) add(mix(SAID_BY_ME, own.word), token, token + 1);
      if (token <= someoneElseUntil) add(mix(ABOUT_SOMEONE, own.word), token, token + 1);
      const word = words[token]!.text;
      if (NEGATORS.has(word)) negatedUntil = token + CUE_REACH;
      if (FIRST_PERSON.has(word)) firstPersonUntil = token + CUE_REACH;
      if (SOMEONE_ELSE.has(word)) someoneElseUntil = token + CUE_REACH;
    }
    if (token > firstToken) units.push({ start, end, tokens: [firstToken, token], occurrences: [firstOccurrence, size] });
    if (token >= words.length) break;
  }
  return { tokens: words, words: hashes, buckets: buckets.subarray(0, size), from: from.subarray(0, size), to: to.subarray(0, size), sentences: units };
}

/**
 * Weights of the occurrences [start, end): sublinear counts per bucket, then unit length, so
 * long texts do not outweigh short ones.
 */
export function unitWeights(buckets: Uint32Array, start: number, end: number): Float32Array {
  for (let index = start; index < end; index++) if (counts[buckets[index]!]! < 65_535) counts[buckets[index]!]!++;
  let norm = 0;
  // Each occurrence adds its share, so a bucket adds (1 + log count)^2 once in all.
  for (let index = start; index < end; index++) norm += shareOfSquare(counts[buckets[index]!]!);
  norm = Math.sqrt(norm) || 1;
  const weights = new Float32Array(end - start);
  for (let index = start; index < end; index++) weights[index - start] = shareOf(counts[buckets[index]!]!) / norm;
  for (let index = start; index < end; index++) counts[buckets[index]!] = 0;
  return weights;
}

/** (1 + log count) / count and its square's share, looked up for the counts a text has (nearly always small). */
const SMALL = 256;
const SHARE = Float64Array.from({ length: SMALL }, (_, count) => (count ? (1 + Math.log(count)) / count : 0));
const SQUARE_SHARE = Float64Array.from({ length: SMALL }, (_, count) => (count ? (1 + Math.log(count)) ** 2 / count : 0));
const shareOf = (count: number) => (count < SMALL ? SHARE[count]! : (1 + Math.log(count)) / count);
const shareOfSquare = (count: number) => (count < SMALL ? SQUARE_SHARE[count]! : (1 + Math.log(count)) ** 2 / count);

/** The whole text's weighted features: what the model is trained on. */
export function sparseFeatures(text: string): SparseFeatures {
  const found = textFeatures(text);
  return { buckets: found.buckets, from: found.from, to: found.to, weights: unitWeights(found.buckets, 0, found.buckets.length), tokens: found.tokens };
}
