import { describe, expect, it } from 'vitest';
import { JsonPieces } from '../../../server/coach/llm/json-pieces.ts';

const answer = JSON.stringify({
  title: 'A "steps" word [in] {a} string',
  steps: [
    { text: 'Say "}]" and \\ then {go}', citations: [{ id: 'a', title: 'x' }] },
    { text: 'second', citations: [] },
  ],
  after: [{ not: 'this' }],
});

describe('JsonPieces', () => {
  it('yields each element of the named array once it closes, whatever the chunk size', () => {
    for (const size of [1, 2, 5, 24, answer.length]) {
      const pieces = new JsonPieces('steps');
      const found: unknown[] = [];
      for (let at = 0; at < answer.length; at += size) found.push(...pieces.push(answer.slice(at, at + size)).map((text) => JSON.parse(text)));
      expect(found, `chunks of ${size}`).toEqual(JSON.parse(answer).steps);
    }
  });

  it('yields an element before the rest of the answer has arrived, and nothing half-written', () => {
    const pieces = new JsonPieces('steps');
    const firstEnds = answer.indexOf('}]}') + 3;
    expect(pieces.push(answer.slice(0, firstEnds - 1))).toEqual([]);
    expect(pieces.push(answer.slice(firstEnds - 1, firstEnds)).map((text) => JSON.parse(text))).toEqual([JSON.parse(answer).steps[0]]);
  });

  it('ignores a key of the same name inside an element or a string, and a fenced answer still works', () => {
    const nested = '```json\n{"other": {"steps": [{"no": 1}]}, "steps": [{"yes": 2}]}\n```';
    expect(new JsonPieces('steps').push(nested).map((text) => JSON.parse(text))).toEqual([{ yes: 2 }]);
  });
});
