import { BEFORE_ELLIPSIS, trimEnd } from '../text/trim-end.ts';

/** A participant's words, shortened for a sentence: whole words, an ellipsis when cut. */
export function quote(text: string, max = 90): string {
  // A closing full stop would double up with the sentence around the quote.
  const flat = trimEnd(text.replace(/\s+/g, ' ').trim(), '.');
  if (flat.length <= max) return `"${flat}"`;
  const cut = flat.slice(0, max);
  return `"${trimEnd(cut.slice(0, cut.lastIndexOf(' ')), BEFORE_ELLIPSIS)}..."`;
}

export function whenDue(days: number): string {
  if (days < 0) return `was due ${-days} day${days === -1 ? '' : 's'} ago`;
  if (days === 0) return 'is due today';
  if (days === 1) return 'is due tomorrow';
  return `is due in ${days} days`;
}
