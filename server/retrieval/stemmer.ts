/**
 * Porter's stemming algorithm (M. F. Porter, 1980), so that "mentoring", "mentored" and
 * "mentors" meet at "mentor" in the in-memory full-text search, as they do in LanceDB's
 * English stemmer. Written from the published description: a word is a sequence of
 * consonant groups (C) and vowel groups (V), [C](VC)^m[V], and each step strips or swaps a
 * suffix when the stem left behind has a large enough m.
 */

function isConsonant(word: string, at: number): boolean {
  const letter = word[at]!;
  if ('aeiou'.includes(letter)) return false;
  // A y after a consonant sounds as a vowel (in "happy"), at the start as a consonant.
  if (letter === 'y') return at === 0 || !isConsonant(word, at - 1);
  return true;
}

/** m: how many vowel-consonant sequences the stem has. */
function measure(stem: string): number {
  let count = 0;
  let at = 0;
  while (at < stem.length && isConsonant(stem, at)) at++;
  while (at < stem.length) {
    while (at < stem.length && !isConsonant(stem, at)) at++;
    if (at >= stem.length) break;
    while (at < stem.length && isConsonant(stem, at)) at++;
    count++;
  }
  return count;
}

function hasVowel(stem: string): boolean {
  for (let at = 0; at < stem.length; at++) if (!isConsonant(stem, at)) return true;
  return false;
}

function endsInDoubleConsonant(word: string): boolean {
  const last = word.length - 1;
  return last > 0 && word[last] === word[last - 1] && isConsonant(word, last);
}

/** *o: the stem ends consonant-vowel-consonant, the last not w, x or y ("hop", not "snow"). */
function endsConsonantVowelConsonant(word: string): boolean {
  const last = word.length - 1;
  if (last < 2) return false;
  return isConsonant(word, last - 2) && !isConsonant(word, last - 1) && isConsonant(word, last) && !'wxy'.includes(word[last]!);
}

/** Replaces the first matching suffix whose stem meets `condition`; one rule per step at most. */
function swap(word: string, rules: Array<[string, string]>, condition: (stem: string) => boolean): string {
  for (const [suffix, replacement] of rules) {
    if (!word.endsWith(suffix)) continue;
    const stem = word.slice(0, -suffix.length);
    return condition(stem) ? stem + replacement : word;
  }
  return word;
}

const step2: Array<[string, string]> = [
  ['ational', 'ate'], ['tional', 'tion'], ['enci', 'ence'], ['anci', 'ance'], ['izer', 'ize'], ['bli', 'ble'],
  ['alli', 'al'], ['entli', 'ent'], ['eli', 'e'], ['ousli', 'ous'], ['ization', 'ize'], ['ation', 'ate'],
  ['ator', 'ate'], ['alism', 'al'], ['iveness', 'ive'], ['fulness', 'ful'], ['ousness', 'ous'], ['aliti', 'al'],
  ['iviti', 'ive'], ['biliti', 'ble'], ['logi', 'log'],
];
const step3: Array<[string, string]> = [
  ['icate', 'ic'], ['ative', ''], ['alize', 'al'], ['iciti', 'ic'], ['ical', 'ic'], ['ful', ''], ['ness', ''],
];
const step4 = ['al', 'ance', 'ence', 'er', 'ic', 'able', 'ible', 'ant', 'ement', 'ment', 'ent', 'ion', 'ou', 'ism', 'ate', 'iti', 'ous', 'ive', 'ize'];

// Longest suffix first within each list, so that "ational" is tried before "tional".
for (const rules of [step2, step3]) rules.sort((left, right) => right[0].length - left[0].length);
step4.sort((left, right) => right.length - left.length);

export function stem(input: string): string {
  let word = input;
  if (word.length <= 2) return word;

  // Step 1a: plurals.
  if (word.endsWith('sses')) word = word.slice(0, -2);
  else if (word.endsWith('ies')) word = word.slice(0, -2);
  else if (word.endsWith('s') && !word.endsWith('ss')) word = word.slice(0, -1);

  // Step 1b: -eed, -ed, -ing, then tidy what is left ("hopping" → "hop", "filing" → "file").
  if (word.endsWith('eed')) {
    if (measure(word.slice(0, -3)) > 0) word = word.slice(0, -1);
  } else {
    const suffix = word.endsWith('ed') ? 'ed' : word.endsWith('ing') ? 'ing' : '';
    if (suffix && hasVowel(word.slice(0, -suffix.length))) {
      word = word.slice(0, -suffix.length);
      if (word.endsWith('at') || word.endsWith('bl') || word.endsWith('iz')) word += 'e';
      else if (endsInDoubleConsonant(word) && !'lsz'.includes(word.at(-1)!)) word = word.slice(0, -1);
      else if (measure(word) === 1 && endsConsonantVowelConsonant(word)) word += 'e';
    }
  }

  // Step 1c: a final y after a vowel-bearing stem becomes i ("happy" → "happi").
  if (word.endsWith('y') && hasVowel(word.slice(0, -1))) word = `${word.slice(0, -1)}i`;

  word = swap(word, step2, (stem) => measure(stem) > 0);
  word = swap(word, step3, (stem) => measure(stem) > 0);

  // Step 4: drop a suffix from a stem of m > 1 (-ion only after s or t).
  for (const suffix of step4) {
    if (!word.endsWith(suffix)) continue;
    const stem = word.slice(0, -suffix.length);
    if (measure(stem) > 1 && (suffix !== 'ion' || /[st]$/.test(stem))) word = stem;
    break;
  }

  // Step 5: a final e, and a final double l.
  if (word.endsWith('e')) {
    const stem = word.slice(0, -1);
    const m = measure(stem);
    if (m > 1 || (m === 1 && !endsConsonantVowelConsonant(stem))) word = stem;
  }
  if (measure(word) > 1 && endsInDoubleConsonant(word) && word.endsWith('l')) word = word.slice(0, -1);
  return word;
}
