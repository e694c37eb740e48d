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
  then: string;
  within: number;
}

export type Phrase = string | Near;

export class PhraseRules {
  private readonly plain?: RegExp;
  private readonly pairs: Array<{ first: RegExp; then: RegExp; within: number }>;

  constructor(readonly parts: readonly Phrase[]) {
    const plain = parts.filter((part): part is string => typeof part === 'string');
    if (plain.length) this.plain = new RegExp(plain.join('|'), 'i');
    this.pairs = parts.filter((part): part is Near => typeof part !== 'string')
      .map((pair) => ({ first: new RegExp(pair.first, 'gi'), then: new RegExp(pair.then, 'i'), within: pair.within }));
  }

  test(text: string): boolean {
    return this.find(text) !== undefined;
  }

  /** Where the first phrasing that matches stands in `text`. */
  find(text: string): { start: number; end: number } | undefined {
    const plain = this.plain?.exec(text);
    if (plain) return { start: plain.index, end: plain.index + plain[0].length };
    for (const { first, then, within } of this.pairs) {
      for (const match of text.matchAll(first)) {
        const after = match.index + match[0].length;
        const next = then.exec(text.slice(after, after + within));
        if (next) return { start: match.index, end: after + next.index + next[0].length };
      }
    }
    return undefined;
  }
}

export const phrases = (...parts: Phrase[]) => new PhraseRules(parts);

/** `first`, then `then` found whole in the `within` characters after it. */
export const near = (first: string, within: number, then: string): Near => ({ first, then, within });
