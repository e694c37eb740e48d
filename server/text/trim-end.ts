/**
 * `text` without the run of `characters` at its end. A loop rather than `/[…]+$/`: a regex
 * anchored only at the end retries from every position of a long run that is not at the end
 * (quadratic on hostile text), and these trims run on what people and hosts write.
 */
export function trimEnd(text: string, characters: string): string {
  let end = text.length;
  while (end > 0 && characters.includes(text[end - 1]!)) end--;
  return text.slice(0, end);
}

/** Punctuation and spaces that should not stand before an ellipsis. */
export const BEFORE_ELLIPSIS = ',;:.- \t\n\r\f\v\u00a0';
