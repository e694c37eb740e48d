import stem from 'wink-porter2-stemmer';

/**
 * The terms BM25 counts, made as LanceDB's English full-text analyser makes them, so that the
 * copy in memory ranks exactly as a LanceDB query does. Its steps and their order were read off
 * LanceDB itself (test/server/retrieval/search-terms.test.ts checks them against it): split at
 * anything but a letter or digit, drop tokens of 40 bytes or more, lower-case, stem with
 * Snowball English (Porter2, from wink-porter2-stemmer), drop stems on the stop list, fold to ASCII.
 * The stop list is matched after stemming, so "having" goes (as "have") but "because"
 * stays (as "becaus").
 */

/** The English stop words of LanceDB's analyser (the common NLTK list, split at apostrophes). */
const STOP_WORDS = new Set(
  `i me my myself we our ours ourselves you re ve ll d your yours yourself yourselves he him his himself she s her hers
  herself it its itself they them their theirs themselves what which who whom this that these those am is are was were be
  been being have has had having do does did doing a an the and but if or because as until while of at by for with about
  against between into through during before after above below to from up down in out on off over under again further
  then once here there when where why how all any both each few more most other some such no nor not only own same so
  than too very t can will just don should now m o y ain aren couldn didn doesn hadn hasn haven isn ma mightn mustn
  needn shan shouldn wasn weren won wouldn`.split(/\s+/),
);

const MAX_TOKEN_BYTES = 40;

/** Letters that have no decomposition to a base letter, folded as LanceDB folds them. */
const UNDECOMPOSED: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i' };

/** Each maximal run of letters and digits: a linear scan, with no backtracking to fear. */
const WORD = /[\p{L}\p{N}]+/gu;

export function searchTerms(text: string): string[] {
  const terms: string[] = [];
  for (const [token] of text.matchAll(WORD)) {
    if (Buffer.byteLength(token) >= MAX_TOKEN_BYTES) continue;
    const stemmed = stemOf(token.toLowerCase());
    if (STOP_WORDS.has(stemmed)) continue;
    terms.push(foldToAscii(stemmed));
  }
  return terms;
}

/**
 * Stems remembered: the same words come back in every query and every text read, and a Porter2
 * stem costs microseconds each (it showed in the next-steps profile). Bounded, and emptied when
 * full rather than kept in order: the words that matter come back at once.
 */
const stems = new Map<string, string>();
const MAX_STEMS = 50_000;

function stemOf(word: string): string {
  let found = stems.get(word);
  if (found === undefined) {
    if (stems.size >= MAX_STEMS) stems.clear();
    stems.set(word, (found = stem(word)));
  }
  return found;
}

function foldToAscii(word: string): string {
  if (/^\p{ASCII}*$/u.test(word)) return word;
  return word
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[ßæœøłđðþı]/g, (letter) => UNDECOMPOSED[letter]!);
}
