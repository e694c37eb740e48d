import type { CorpusDocument } from '../corpus/document.ts';

export interface Chunk {
  /** `${documentId}#${ordinal}` */
  id: string;
  documentId: string;
  ordinal: number;
  heading: string;
  /** Plain text shown in snippets: the section's, or for a question the document's summary. */
  text: string;
  /** What search matches and embeds: the title and heading too, which a query may name. */
  searchText: string;
}

/** Bump when chunking or the tables' columns change, so that existing indexes are rebuilt. */
export const CHUNKER_VERSION = 4;

/** The heading of the chunks made of a document's `questionsAnswered`. */
const QUESTION_HEADING = 'Questions it answers';

const MAX_WORDS = 220;

/**
 * Splits a document at its `## ` headings; a section longer than MAX_WORDS is split again at
 * paragraph breaks. Small sections keep a heading's context that a fixed window would cut.
 * Each of the document's `questionsAnswered` is a chunk of its own, shown by the document's
 * summary: a question matches a query best alone, not averaged into its neighbours.
 */
export function chunkDocument(document: CorpusDocument): Chunk[] {
  const sections: Array<{ heading: string; text: string }> = [];
  let heading = '';
  let lines: string[] = [];
  const flush = () => {
    const text = lines.join('\n').trim();
    if (text) sections.push({ heading, text });
    lines = [];
  };
  for (const line of document.body.split('\n')) {
    const match = /^#{2,3}[ \t]+(\S.*)?$/.exec(line);
    if (match) {
      flush();
      heading = plainText(match[1] ?? '');
    } else {
      lines.push(line);
    }
  }
  flush();

  const chunks: Chunk[] = [];
  for (const section of sections) {
    for (const piece of splitLong(section.text)) {
      const text = plainText(piece);
      if (!text) continue;
      const ordinal = chunks.length;
      chunks.push({
        id: `${document.id}#${ordinal}`,
        documentId: document.id,
        ordinal,
        heading: section.heading,
        text,
        searchText: `${document.title}\n${section.heading}\n${text}`,
      });
    }
  }
  for (const question of document.questionsAnswered ?? []) {
    const ordinal = chunks.length;
    chunks.push({
      id: `${document.id}#${ordinal}`,
      documentId: document.id,
      ordinal,
      heading: QUESTION_HEADING,
      text: document.summary,
      searchText: `${document.title}\n${question}`,
    });
  }
  return chunks;
}

function splitLong(text: string): string[] {
  const paragraphs = text.split(/\n\s*\n/);
  const pieces: string[] = [];
  let current: string[] = [];
  let words = 0;
  for (const paragraph of paragraphs) {
    const count = paragraph.split(/\s+/).length;
    if (words > 0 && words + count > MAX_WORDS) {
      pieces.push(current.join('\n\n'));
      current = [];
      words = 0;
    }
    current.push(paragraph);
    words += count;
  }
  if (current.length) pieces.push(current.join('\n\n'));
  return pieces;
}

/** Markdown to the words a reader sees: no list markers, emphasis, table pipes or link targets. */
export function plainText(markdown: string): string {
  return (
    markdown
      .replace(/\[([^\][]*)\]\([^()]*\)/g, '$1')
      .replace(/^[ \t]*(?:[-*+][ \t]+(?:\[[ xX]\][ \t]+)?|\d+[.)][ \t]+|>[ \t]?)/gm, '')
      .replace(/^[ \t]*(?:\|[ \t]*)?:?-{3,}.*$/gm, '')
      // A table row reads as its cells separated by semicolons, not as one run-on line.
      .replace(
        /^[ \t]*\|(.*)\|[ \t]*$/gm,
        (_row, cells: string) =>
          `${cells
            .split('|')
            .map((cell) => cell.trim())
            .filter(Boolean)
            .join('; ')}.`,
      )
      .replace(/[|*_`#]+/g, ' ')
      .replace(/[^\S\n]+/g, ' ')
      .replace(/ ?\n[ \n]*/g, '\n')
      .trim()
  );
}
