import { describe, expect, it } from 'vitest';
import { parseMarkdown, renderInline } from '../../widget/markdown.ts';

describe('parseMarkdown', () => {
  it('reads the block kinds the corpus uses', () => {
    const blocks = parseMarkdown([
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
    ].join('\n'));
    expect(blocks).toEqual([
      { kind: 'paragraph', text: 'Intro line one continues here.' },
      { kind: 'heading', level: 2, text: 'Before the session' },
      { kind: 'list', ordered: false, start: 1, items: [{ text: 'First item wrapped onto a second line' }, { text: 'Second item' }] },
      { kind: 'list', ordered: true, start: 3, items: [{ text: 'Third step' }, { text: 'Fourth step' }] },
      { kind: 'list', ordered: false, start: 1, items: [{ text: 'Not yet', checked: false }, { text: 'Done', checked: true }] },
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
      'Say ', '<strong>|</strong>', ', ', '<em>|</em>', ' and ', '<code>|</code>', '.',
    ]);
  });

  it('links only to schemes that cannot run script', () => {
    const [safe] = renderInline('[guide](https://example.org/guide)');
    expect(typeof safe).not.toBe('string');
    expect(renderInline('[click](javascript:alert`1`)')).toEqual(['click']);
  });
});
