import { tokenize } from '../retrieval/tokenize.ts';

export interface SharedRun {
  first: string;
  second: string;
  /** The shared words, for the report. */
  run: string;
}

/**
 * Pairs of documents that share a run of `length` or more identical words. Each document is
 * a list of separate text segments (title, summary, body, each structured item), and no run
 * crosses from one segment into the next.
 */
export function sharedRuns(documents: Map<string, string[]>, length = 12): SharedRun[] {
  const owners = new Map<string, string>();
  const found = new Map<string, SharedRun>();
  for (const [id, segments] of documents) {
    const seen = new Set<string>();
    for (const segment of segments) {
      // Case, punctuation and Markdown markup ignored, as search reads words.
      const tokens = tokenize(segment);
      for (let start = 0; start + length <= tokens.length; start++) {
        const run = tokens.slice(start, start + length).join(' ');
        if (seen.has(run)) continue;
        seen.add(run);
        const owner = owners.get(run);
        if (owner === undefined) owners.set(run, id);
        else if (owner !== id) {
          const key = [owner, id].sort().join(' ');
          if (!found.has(key)) found.set(key, { first: owner, second: id, run });
        }
      }
    }
  }
  return [...found.values()];
}
