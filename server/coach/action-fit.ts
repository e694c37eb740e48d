import type { Action } from '../corpus/material.ts';
import { wordVectorsFile } from '../paths.ts';
import { sentenceVector } from '../retrieval/local-embedder.ts';
import { searchTerms } from '../retrieval/search-terms.ts';
import { WordVectors } from '../retrieval/word-vectors.ts';
import type { Library, Sourced } from './library.ts';

/**
 * How well an action answers what a person wrote (a goal, a blocker, a question): the meaning
 * the two share plus the share of the person's words the action uses (stemmed as search stems
 * them). A finishing step is then chosen for the goal it finishes, an unblocking step for the
 * blocker named, not for whichever document ranked first. (Taking the mean of the library's
 * actions out of both vectors before the cosine was tried, and chose worse on the dev scenarios.)
 */
const SHARED_WORDS_WEIGHT = 0.5;
/** A page speaks of what someone wrote when it shares this share of their words (and at least two). */
const SPEAKS_OF_SHARE = 0.4;
/**
 * A word in more than this share of the library's actions ("week", "time", "mentor", "ask") is
 * how steps are written, not what one is about: sharing it says nothing of fit.
 */
const COMMON_WORD_SHARE = 0.05;

/** Words that make an action about the mentoring relationship itself: its meetings, its people. */
const ABOUT_THE_MENTORING = /\b(mentors?|mentoring|mentee|sessions?|meetings?|calls?|partner)\b/i;

interface Read {
  vector: Float32Array;
  terms: Set<string>;
}

const fits = new WeakMap<Library, ActionFit>();
const aboutMentoring = new WeakMap<Action, boolean>();

export class ActionFit {
  private readonly words = WordVectors.shared(wordVectorsFile);
  private readonly actions = new Map<Action, Read>();
  private readonly common = new Set<string>();

  private constructor(entries: Sourced<Action>[]) {
    // The action is read with the title of its document, which names what it is for ("Two weeks left to finish a goal").
    const actionsWith = new Map<string, number>();
    for (const entry of entries) {
      const text = `${entry.item.text} ${entry.item.when} ${entry.source.title}`;
      const terms = new Set(searchTerms(text));
      this.actions.set(entry.item, { vector: sentenceVector(this.words, text), terms });
      for (const term of terms) actionsWith.set(term, (actionsWith.get(term) ?? 0) + 1);
    }
    for (const [term, count] of actionsWith) if (count > COMMON_WORD_SHARE * entries.length) this.common.add(term);
  }

  /** One per library: made with it, gone with it. */
  static of(library: Library): ActionFit {
    let fit = fits.get(library);
    if (!fit) fits.set(library, (fit = new ActionFit(library.actions)));
    return fit;
  }

  /** What a person wrote, read once for scoring many actions against it. */
  read(wrote: string): Read {
    return { vector: sentenceVector(this.words, wrote), terms: new Set(searchTerms(wrote)) };
  }

  /** How many of the person's words (stemmed, and not common to many actions) the action, with its document's title, uses. */
  sharedWords(wrote: Read, action: Action): number {
    const own = this.actions.get(action);
    return own ? this.shared(wrote.terms, own.terms) : 0;
  }

  /** How many of the person's words (stemmed) are their own, not words common to many actions. */
  ownWords(wrote: Read): number {
    let own = 0;
    for (const term of wrote.terms) if (!this.common.has(term)) own++;
    return own;
  }

  /** The same between two texts of the person's (an agreed action item and a goal's words). */
  sharedBetween(left: string, right: string): number {
    return this.shared(new Set(searchTerms(left)), new Set(searchTerms(right)));
  }

  private shared(theirs: Set<string>, ours: Set<string>): number {
    let shared = 0;
    for (const term of theirs) if (ours.has(term) && !this.common.has(term)) shared++;
    return shared;
  }

  /** From 0 (nothing shared) up to 1.5 (same meaning and same words). */
  score(wrote: Read, action: Action): number {
    const own = this.actions.get(action);
    if (!own || wrote.terms.size === 0) return 0;
    return dot(wrote.vector, own.vector) + (SHARED_WORDS_WEIGHT * this.sharedWords(wrote, action)) / wrote.terms.size;
  }

  /**
   * Whether a page (its title and snippet) speaks of what the person wrote: it shares at least two
   * of their words (stemmed, not common to many actions) and a good share of them. (Word-vector
   * cosine cannot tell here: any two texts' sums point much the same way.)
   */
  speaksOf(wrote: string, page: string): boolean {
    const theirs = new Set(searchTerms(wrote).filter((term) => !this.common.has(term)));
    const shared = this.shared(theirs, new Set(searchTerms(page)));
    return shared >= 2 && shared >= SPEAKS_OF_SHARE * theirs.size;
  }

  /**
   * Whether a text is about the mentoring relationship itself (its meetings, its people). An
   * action about meetings with one's mentor answers a problem only if the problem is about them:
   * "evenings are taken by family" asks for practice time, not a fallback for meetings.
   */
  static aboutTheMentoring(text: string): boolean {
    return ABOUT_THE_MENTORING.test(text);
  }

  /** The same of an action, read once per action. */
  static actionAboutTheMentoring(action: Action): boolean {
    let about = aboutMentoring.get(action);
    if (about === undefined) aboutMentoring.set(action, (about = ABOUT_THE_MENTORING.test(action.text)));
    return about;
  }
}

function dot(left: Float32Array, right: Float32Array): number {
  let sum = 0;
  for (let at = 0; at < left.length; at++) sum += left[at]! * right[at]!;
  return sum;
}
