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
  const names: string[] = [];
  const from: number[] = [];
  const to: number[] = [];
  const add = (name: string, first: number, last: number) => {
    names.push(name);
    from.push(first);
    to.push(last);
  };
  let negatedUntil = -1;
  let firstPersonUntil = -1;
  let someoneElseUntil = -1;
  words.forEach((token, index) => {
    const word = token.text;
    add(`w:${word}`, index, index + 1);
    if (index > 0) add(`b:${words[index - 1]!.text} ${word}`, index - 1, index + 1);
    if (index > 1) add(`t:${words[index - 2]!.text} ${words[index - 1]!.text} ${word}`, index - 2, index + 1);
    const bounded = `<${word}>`;
    for (let size = 3; size <= 5; size++) {
      for (let at = 0; at + size <= bounded.length; at++) add(`c:${bounded.slice(at, at + size)}`, index, index + 1);
    }
    if (index <= negatedUntil) add(`n:${word}`, index, index + 1);
    if (index <= firstPersonUntil) add(`p1:${word}`, index, index + 1);
    if (index <= someoneElseUntil) add(`p3:${word}`, index, index + 1);
    if (NEGATORS.has(word)) negatedUntil = index + CUE_REACH;
    if (FIRST_PERSON.has(word)) firstPersonUntil = index + CUE_REACH;
    if (SOMEONE_ELSE.has(word)) someoneElseUntil = index + CUE_REACH;
  });
  // Sublinear counts per bucket, then unit length: long texts do not outweigh short ones.
  const counts = new Map<number, number>();
  const buckets = names.map((name) => hash(name) & (BUCKETS - 1));
  for (const bucket of buckets) counts.set(bucket, (counts.get(bucket) ?? 0) + 1);
  let norm = 0;
  for (const count of counts.values()) norm += (1 + Math.log(count)) ** 2;
  norm = Math.sqrt(norm) || 1;
  const weights = buckets.map((bucket) => {
    const count = counts.get(bucket)!;
    return (1 + Math.log(count)) / count / norm;
  });
  return { buckets: Uint32Array.from(buckets), from: Uint16Array.from(from), to: Uint16Array.from(to), weights: Float32Array.from(weights), tokens: words };
}
