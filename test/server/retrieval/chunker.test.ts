import { describe, expect, it } from 'vitest';
import { chunkDocument, parseCorpusDocument, plainText } from '../../../server/retrieval/index.ts';

const document = (body: string) =>
  parseCorpusDocument('doc.md', `---\nid: doc\ntitle: A document\ntopics: [feedback]\naudience: all\nstage: any\nformat: guide\nmodels: [any]\n---\n${body}`);

describe('chunking', () => {
  it('cuts at section headings and keeps each heading with its text', () => {
    const chunks = chunkDocument(document('Opening words.\n\n## First part\nAlpha text.\n\n### Detail\nBeta text.\n\n## Second part\nGamma text.'));
    expect(chunks.map((chunk) => [chunk.id, chunk.heading, chunk.text])).toEqual([
      ['doc#0', '', 'Opening words.'],
      ['doc#1', 'First part', 'Alpha text.'],
      ['doc#2', 'Detail', 'Beta text.'],
      ['doc#3', 'Second part', 'Gamma text.'],
    ]);
  });

  it('makes each question the document answers a chunk of its own, shown by the summary', () => {
    const parsed = parseCorpusDocument(
      'doc.md',
      `---\nid: doc\ntitle: A document\nsummary: What this document is for, in a line.\ntopics: [feedback]\naudience: all\nstage: any\nformat: guide\nmodels: [any]\nquestionsAnswered:\n  - "how do i tell my mentor the advice did not work"\n  - "feedback without hurting feelings"\n---\nOpening words.`,
    );
    const chunks = chunkDocument(parsed);
    expect(chunks.map((chunk) => [chunk.id, chunk.text, chunk.searchText])).toEqual([
      ['doc#0', 'Opening words.', 'A document\n\nOpening words.'],
      ['doc#1', 'What this document is for, in a line.', 'A document\nhow do i tell my mentor the advice did not work'],
      ['doc#2', 'What this document is for, in a line.', 'A document\nfeedback without hurting feelings'],
    ]);
  });

  it('splits a long section at paragraph breaks', () => {
    const paragraph = Array.from({ length: 120 }, (_, index) => `word${index}`).join(' ');
    const chunks = chunkDocument(document(`## Long\n${paragraph}\n\n${paragraph}\n\n${paragraph}`));
    expect(chunks).toHaveLength(3);
    expect(chunks.every((chunk) => chunk.heading === 'Long')).toBe(true);
  });

  it('reads Markdown as plain words: lists, checkboxes, emphasis, links and tables', () => {
    expect(plainText('- [ ] **Agree** a [cadence](https://example.org)\n1. Ask _why_\n> quoted')).toBe('Agree a cadence\nAsk why\nquoted');
    expect(plainText('| Block | Minutes |\n| --- | --- |\n| Welcome | 5 |')).toBe('Block; Minutes.\nWelcome; 5.');
  });

  it('derives a summary and reading time when the frontmatter has none', () => {
    const parsed = document('A first paragraph that says what this is about.\n\n## More\nText.');
    expect(parsed.summary).toBe('A first paragraph that says what this is about.');
    expect(parsed.readingMinutes).toBe(1);
  });
});
