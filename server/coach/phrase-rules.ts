/**
 * A set of phrasings, each a regular expression matched case-insensitively, or two of them
 * near each other. The parts are kept so the test suite can prove each one free of
 * super-linear backtracking (test/server/regex-safety.test.ts): the plain parts run as one
 * top-level alternation, which tries its parts one after another at each position, so when
 * every part alone runs in linear time so does the whole.
 *
 * "A, then B in the N characters after it" is a pair rather than `A.{0,N}B`: a bounded gap between two
 * alternations is what a ReDoS checker cannot prove linear (and a careless edit of N to `*`
 * makes it quadratic), whereas testing B on the N characters after each A is linear by
 * construction: at most N steps per occurrence of A.
 */
export interface Near {
  first: string;
  /** A regex, or another pair (A, then B, then C). */
  then: string | Near;
  within: number;
}

interface CompiledNear {
  first: RegExp;
  next: RegExp | CompiledNear;
  within: number;
}

const compile = (pair: Near): CompiledNear => ({
  first: new RegExp(pair.first, 'gi'),
  next: typeof pair.then === 'string' ? new RegExp(pair.then, 'i') : compile(pair.then),
  within: pair.within,
});

/** Where `pair` first matches in `text`: each step is tested on its window only, so the work stays linear. */
function findPair(pair: CompiledNear, text: string): { start: number; end: number } | undefined {
  for (const match of text.matchAll(pair.first)) {
    const after = match.index + match[0].length;
    const window = text.slice(after, after + pair.within);
    let end: number | undefined;
    if (pair.next instanceof RegExp) {
      const next = pair.next.exec(window);
      if (next) end = after + next.index + next[0].length;
    } else {
      const next = findPair(pair.next, window);
      if (next) end = after + next.end;
    }
    if (end !== undefined) return { start: match.index, end };
  }
  return undefined;
}

export type Phrase = string | Near;

export class PhraseRules {
  private readonly plain?: RegExp;
  private readonly pairs: CompiledNear[];

  constructor(readonly parts: readonly Phrase[]) {
    const plain = parts.filter((part): part is string => typeof part === 'string');
    if (plain.length) this.plain = new RegExp(plain.join('|'), 'i');
    this.pairs = parts.filter((part): part is Near => typeof part !== 'string').map(compile);
  }

  test(text: string): boolean {
    return this.find(text) !== undefined;
  }

  /** Where the first phrasing that matches stands in `text`. */
  find(text: string): { start: number; end: number } | undefined {
    const plain = this.plain?.exec(text);
    if (plain) return { start: plain.index, end: plain.index + plain[0].length };
    for (const pair of this.pairs) {
      const found = findPair(pair, text);
      if (found) return found;
    }
    return undefined;
  }
}

export const phrases = (...parts: Phrase[]) => new PhraseRules(parts);

/** `first`, then `then` (a regex or another pair) found whole in the `within` characters after it. */
export const near = (first: string, within: number, then: string | Near): Near => ({ first, then, within });
