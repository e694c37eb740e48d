import { describe, expect, it } from 'vitest';
import { parseMarkdown, renderInline, renderMarkdown } from '../../widget/markdown.ts';
import * as reference from './fixtures/markdown-regex.ts';

describe('parseMarkdown', () => {
  it('reads the block kinds the corpus uses', () => {
    const blocks = parseMarkdown(
      [
        'Intro line one',
        'continues here.',
        '',
        '## Before the session',
        '',
        '- First item',
        '  wrapped onto a second line',
        '- Second item',
        '',
        '3. Third step',
        '4. Fourth step',
        '',
        '- [ ] Not yet',
        '- [x] Done',
        '',
        '> A quoted',
        '> message',
        '',
        '| Block | Minutes |',
        '|-------|---------|',
        '| Welcome | 5 |',
        '',
        '---',
      ].join('\n'),
    );
    expect(blocks).toEqual([
      { kind: 'paragraph', text: 'Intro line one continues here.' },
      { kind: 'heading', level: 2, text: 'Before the session' },
      { kind: 'list', ordered: false, start: 1, items: [{ text: 'First item wrapped onto a second line' }, { text: 'Second item' }] },
      { kind: 'list', ordered: true, start: 3, items: [{ text: 'Third step' }, { text: 'Fourth step' }] },
      {
        kind: 'list',
        ordered: false,
        start: 1,
        items: [
          { text: 'Not yet', checked: false },
          { text: 'Done', checked: true },
        ],
      },
      { kind: 'quote', text: 'A quoted message' },
      { kind: 'table', header: ['Block', 'Minutes'], rows: [['Welcome', '5']] },
      { kind: 'rule' },
    ]);
  });

  it('starts a paragraph after a list once a blank line ends it', () => {
    expect(parseMarkdown('- one\n\nAfter the list.')).toEqual([
      { kind: 'list', ordered: false, start: 1, items: [{ text: 'one' }] },
      { kind: 'paragraph', text: 'After the list.' },
    ]);
  });

  it('keeps fill-in blanks and markup as plain text', () => {
    expect(parseMarkdown('Mentor ______ Mentee ______\n<img src=x onerror=alert(1)>')).toEqual([
      { kind: 'paragraph', text: 'Mentor ______ Mentee ______ <img src=x onerror=alert(1)>' },
    ]);
  });
});

describe('renderInline', () => {
  it('formats bold, italic and code, and leaves the rest as text', () => {
    const parts = renderInline('Say **it clearly**, *gently* and `briefly`.');
    expect(parts.map((part) => (typeof part === 'string' ? part : part.strings.join('|')))).toEqual([
      'Say ',
      '<strong>|</strong>',
      ', ',
      '<em>|</em>',
      ' and ',
      '<code>|</code>',
      '.',
    ]);
  });

  it('links only to schemes that cannot run script', () => {
    const [safe] = renderInline('[guide](https://example.org/guide)');
    expect(typeof safe).not.toBe('string');
    expect(renderInline('[click](javascript:alert`1`)')).toEqual(['click']);
  });
});

/** A rendering as plain data: text as it is, a template as its markup and its values. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shape);
  if (value && typeof value === 'object' && 'strings' in value && 'values' in value) {
    const template = value as { strings: readonly string[]; values: unknown[] };
    return { html: template.strings.join('|'), values: template.values.map(shape) };
  }
  return typeof value === 'symbol' ? String(value) : value;
}

/** A small seeded generator, so that a failing case comes back on every run. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Pieces of every syntax the parser knows, and of the near misses around it.
const pieces = [
  '*',
  '**',
  '`',
  '[',
  ']',
  '(',
  ')',
  '](',
  '#',
  '# ',
  '### ',
  ' #',
  ' ',
  '  ',
  '\t',
  '-',
  '- ',
  '* ',
  '+ ',
  '1. ',
  '12) ',
  '|',
  ':',
  '-|',
  '---',
  '***',
  '___',
  '>',
  '> ',
  '[ ] ',
  '[x] ',
  '[X]',
  'a',
  'word',
  '_',
  'https://ex.org/a',
  'mailto:b@c.d',
  'javascript:x',
  '\u2028',
  '\u00a0',
  '\n',
  '\r\n',
  '\r',
];

function sample(next: () => number, length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) text += pieces[Math.floor(next() * pieces.length)];
  return text;
}

describe('the scanners that replaced the regex parser', () => {
  it('parse and render every document as the regex parser did', () => {
    const next = random(20240611);
    for (let run = 0; run < 10_000; run++) {
      const source = sample(next, Math.floor(next() * 30));
      expect(parseMarkdown(source), JSON.stringify(source)).toEqual(reference.parseMarkdown(source));
      expect(shape(renderMarkdown(source)), JSON.stringify(source)).toEqual(shape(reference.renderMarkdown(source)));
      // Inline text straight from a caller may hold line breaks, which **strong** never spans.
      expect(shape(renderInline(source)), JSON.stringify(source)).toEqual(shape(reference.renderInline(source)));
    }
  });

  it('agree with it on the cases that need care', () => {
    const cases = [
      '# Title #',
      '# Title ##  ##',
      '#  #',
      '## a\u2028b',
      '# a\u2028##',
      '####### seven',
      '#\ttab\t#',
      '# a # b',
      '- [ ]',
      '-  [x]   done',
      '-\u2028a',
      '1.  [ ] x\u2028',
      '- a\u2028b',
      '| a |\n|:-:|-|\n| 1 | 2 |',
      '| a |\n| -- | :: |',
      '| a |\n|-| |',
      '| a |\n|-|::|',
      '| a |\n|-|:-:  |',
      '**a\nb**',
      '**a**b**',
      '***a***',
      '* a*',
      '*a\nb*',
      '``',
      '`a`b`',
      '[](x)',
      '[a]()',
      '[a](b c)',
      '[a](https://x)y)',
      '[[a](https://x)](https://y)',
      '**[a](mailto:x)**',
      '[**a**](https://x)',
    ];
    for (const source of cases) {
      expect(parseMarkdown(source), JSON.stringify(source)).toEqual(reference.parseMarkdown(source));
      expect(shape(renderInline(source)), JSON.stringify(source)).toEqual(shape(reference.renderInline(source)));
    }
  });
});

describe('long hostile lines', () => {
  const n = 100_000;

  /** Parses and renders `source`, and fails if that took long enough to be quadratic. */
  function timed<T>(work: () => T): T {
    const started = performance.now();
    const result = work();
    // Linear work on 100,000 characters takes milliseconds; the regex parser took minutes.
    expect(performance.now() - started).toBeLessThan(1000);
    return result;
  }

  it('leave unclosed brackets and link openings as text', () => {
    for (const source of ['['.repeat(n), '[a]('.repeat(n / 4), `[a](${'('.repeat(n)}`, `${'['.repeat(n)}](`, `[${']('.repeat(n / 2)}`]) {
      expect(timed(() => shape(renderInline(source)))).toEqual([source]);
      expect(timed(() => parseMarkdown(`x ${source}`))).toEqual([{ kind: 'paragraph', text: `x ${source}` }]);
    }
  });

  it("look for each link's `]` and href end once, not once per `[`", () => {
    // Rescanning for every `[` is quadratic even when each scan is fast: 400,000 characters
    // show it (about fifteen seconds against a few milliseconds).
    for (const source of ['[a]('.repeat(n), '[a](x'.repeat(0.8 * n), `${'['.repeat(4 * n)}](x`]) {
      expect(timed(() => shape(renderInline(source)))).toEqual([source]);
    }
  });

  it('close every link of a long line', () => {
    const source = '[a](https://x) '.repeat(n / 10);
    const parts = timed(() => shape(renderInline(source))) as unknown[];
    expect(parts).toHaveLength((2 * n) / 10);
    expect(parts[0]).toEqual({ html: '<a href=| target="_blank" rel="noopener noreferrer">|</a>', values: ['https://x', ['a']] });
    expect(parts[1]).toBe(' ');
  });

  it('pair up stars, and leave stars that open nothing as text', () => {
    const strongs = timed(() => shape(renderInline(`${'**'.repeat(n / 2)}a`))) as unknown[];
    // "**" then one character of content, "*", then the closing "**": five stars a time.
    expect(strongs).toHaveLength(Math.floor(n / 5) + 1);
    expect(strongs[0]).toEqual({ html: '<strong>|</strong>', values: [['*']] });
    expect(strongs.at(-1)).toBe('a');
    const emphases = timed(() => shape(renderInline('*a'.repeat(n / 2)))) as unknown[];
    expect(emphases).toHaveLength(n / 2);
    expect(emphases[0]).toEqual({ html: '<em>|</em>', values: [['a']] });
    expect(emphases[1]).toBe('a');
    for (const source of ['* '.repeat(n / 2), `**${'a'.repeat(n)}`, `*${'a'.repeat(n)}`, ' *'.repeat(n / 2)]) {
      expect(timed(() => shape(renderInline(source)))).toEqual([source]);
    }
    // Strong never spans a line break, so each "**" here is left for the emphasis after it.
    const broken = timed(() => shape(renderInline('**a\n'.repeat(n / 4)))) as unknown[];
    expect(broken).toHaveLength(n / 4 + 1);
    expect([broken[0], broken[1], broken.at(-2), broken.at(-1)]).toEqual(['*', ...Array(2).fill({ html: '<em>|</em>', values: [['a\n']] }), '*a\n']);
    // A line of spaced stars is a list item whose text is the rest of the stars.
    expect(timed(() => parseMarkdown('* '.repeat(n / 2)))).toEqual([{ kind: 'list', ordered: false, start: 1, items: [{ text: '* '.repeat(n / 2 - 1) }] }]);
    expect(timed(() => parseMarkdown('*'.repeat(n)))).toEqual([{ kind: 'rule' }]);
  });

  it('keep backticks and underscores without content as text', () => {
    for (const source of ['`'.repeat(n), `${'_'.repeat(n)}a`, `\`${'a'.repeat(n)}`, `\`${'_'.repeat(n)}`]) {
      expect(timed(() => shape(renderInline(source)))).toEqual([source]);
    }
    const codes = timed(() => shape(renderInline('`_'.repeat(n / 2)))) as unknown[];
    expect(codes).toHaveLength(n / 2);
    expect(codes[0]).toEqual({ html: '<code>|</code>', values: ['_'] });
    expect(codes[1]).toBe('_');
    expect(timed(() => parseMarkdown('_'.repeat(n)))).toEqual([{ kind: 'rule' }]);
  });

  it('read headings, list items and tables with long runs of spaces', () => {
    const spaces = ' '.repeat(n);
    expect(timed(() => parseMarkdown(`# a${spaces}b`))).toEqual([{ kind: 'heading', level: 1, text: `a${spaces}b` }]);
    expect(timed(() => parseMarkdown(`# a${spaces}##`))).toEqual([{ kind: 'heading', level: 1, text: 'a' }]);
    expect(timed(() => parseMarkdown(`## a${' #'.repeat(n / 2)}`))).toEqual([{ kind: 'heading', level: 2, text: `a${' #'.repeat(n / 2 - 1)}` }]);
    expect(timed(() => parseMarkdown(`#${'\t'.repeat(n)}x${'\t'.repeat(n)}#x`))).toEqual([{ kind: 'heading', level: 1, text: `x${'\t'.repeat(n)}#x` }]);
    expect(timed(() => parseMarkdown(`- [x]${spaces}done`))).toEqual([{ kind: 'list', ordered: false, start: 1, items: [{ text: 'done', checked: true }] }]);
    // A line break the list pattern's `.` cannot cross: the line is a paragraph, found fast.
    expect(timed(() => parseMarkdown(`-${spaces}a\u2028b`))).toEqual([{ kind: 'paragraph', text: `-${spaces}a\u2028b` }]);
    expect(timed(() => parseMarkdown(`| a |\n|-|${spaces}-x`))).toEqual([{ kind: 'table', header: [], rows: [['a'], ['-', '-x']] }]);
    expect(timed(() => parseMarkdown(`| a | b |\n|-|${spaces}:-:${spaces}|\n| 1 | 2 |`))).toEqual([{ kind: 'table', header: ['a', 'b'], rows: [['1', '2']] }]);
  });
});
