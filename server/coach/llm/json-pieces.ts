/**
 * Finds, in JSON that arrives a piece at a time, each whole element of one array of the top
 * object (`{"steps": [ {...}, {...} ]}`) as soon as its closing bracket arrives, so a streamed
 * answer can show a step once it is complete and checked, never a half-written one.
 *
 * Written here rather than with a partial-JSON library: those turn a prefix into a best-guess
 * value, and cannot say whether the array's last element is finished. This scanner keeps four
 * numbers of state and reads each character once, so its work is linear in the answer.
 */
export class JsonPieces {
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** The key of the string just closed at depth 1, while its colon may follow. */
  private lastKey?: string;
  private keyStart = -1;
  private inTarget = false;
  private elementStart = -1;
  private text = '';

  constructor(private readonly key: string) {}

  /** Reads `chunk`; returns the text of each element of the array completed by it. */
  push(chunk: string): string[] {
    const done: string[] = [];
    const from = this.text.length;
    this.text += chunk;
    for (let index = from; index < this.text.length; index++) {
      const character = this.text[index]!;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (character === '\\') this.escaped = true;
        else if (character === '"') {
          this.inString = false;
          if (this.depth === 1 && this.keyStart >= 0) this.lastKey = this.text.slice(this.keyStart, index);
        }
        continue;
      }
      if (character === '"') {
        this.inString = true;
        this.keyStart = this.depth === 1 ? index + 1 : -1;
      } else if (character === '{' || character === '[') {
        this.depth++;
        if (this.depth === 2 && character === '[' && this.lastKey === this.key) this.inTarget = true;
        else if (this.depth === 3 && this.inTarget) this.elementStart = index;
      } else if (character === '}' || character === ']') {
        if (this.depth === 3 && this.inTarget && this.elementStart >= 0) {
          done.push(this.text.slice(this.elementStart, index + 1));
          this.elementStart = -1;
        }
        if (this.depth === 2) this.inTarget = false;
        this.depth--;
      } else if (character === ',' && this.depth === 1) {
        this.lastKey = undefined;
      }
    }
    return done;
  }
}
