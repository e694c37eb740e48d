import { html, nothing, type TemplateResult } from 'lit';

/**
 * The Markdown of the library's documents, turned into Lit templates. Documents may come from
 * a host's own files, so nothing here goes through innerHTML: text only ever reaches the page
 * as text bindings, which Lit escapes. It covers what the corpus uses (headings, paragraphs,
 * lists, checklists, quotes, tables, bold, italic, code, links) and shows anything else as text.
 */

export interface ListItem {
  text: string;
  /** Set for `- [ ]` / `- [x]` checklist items. */
  checked?: boolean;
}

export type Block =
  | { kind: 'heading'; level: number; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; ordered: boolean; start: number; items: ListItem[] }
  | { kind: 'quote'; text: string }
  | { kind: 'table'; header: string[]; rows: string[][] }
  | { kind: 'rule' };

const ruleLine = /^(?:-{3,}|\*{3,}|_{3,})$/;
// Spaces after a marker are taken whole, (?!\s): handing some back can never make a line match,
// and trying every split of a long run of them was quadratic.
const listLine = /^\s*(?:[-*+]|(\d{1,9})[.)])\s+(?!\s)(?:\[([ xX])\]\s+(?!\s))?(.*)$/;
const quoteLine = /^>\s?(.*)$/;
// The last cell is spelt so that no two runs of spaces can share out the same spaces.
const tableSeparator = /^\|?(?:\s*:?-+:?\s*\|)+\s*(?:(?::-*|-+):?\s*)?\|?$/;
// `[^]*` cannot fail, so the spaces before it are never shared out again; the closing #s are
// found from the character before them, and no run of spaces is tried from each of its places.
const headingLine = /^(#{1,6})\s+([\s\S]*)$/;
const closingHashes = /(\S)\s+#+$/;

function tableCells(line: string): string[] {
  return line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((cell) => cell.trim());
}

export function parseMarkdown(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  // The list item that a following plain or indented line continues, if any.
  let openItem: ListItem | undefined;
  let blankSinceItem = false;

  const flush = () => {
    if (paragraph.length) blocks.push({ kind: 'paragraph', text: paragraph.join(' ') });
    paragraph = [];
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const trimmed = line.trim();
    if (!trimmed) {
      flush();
      blankSinceItem = true;
      continue;
    }
    let match: RegExpExecArray | null;
    let title = '';
    // As before, when `.` stood for the title: a line with U+2028 or U+2029 in it is no heading.
    if ((match = headingLine.exec(trimmed)) && !/[\u2028\u2029]/.test((title = match[2]!.replace(closingHashes, '$1')))) {
      flush();
      openItem = undefined;
      blocks.push({ kind: 'heading', level: match[1]!.length, text: title });
    } else if (ruleLine.test(trimmed)) {
      flush();
      openItem = undefined;
      blocks.push({ kind: 'rule' });
    } else if (trimmed.startsWith('|')) {
      flush();
      openItem = undefined;
      const tableLines = [trimmed];
      while (lines[i + 1]?.trim().startsWith('|')) tableLines.push(lines[++i]!.trim());
      const rows = tableLines.filter((row) => !tableSeparator.test(row)).map(tableCells);
      // Without the separator line under the first row there is no header row.
      const hasHeader = tableLines.length > 1 && tableSeparator.test(tableLines[1]!);
      blocks.push({ kind: 'table', header: hasHeader ? rows.shift()! : [], rows });
    } else if ((match = quoteLine.exec(trimmed))) {
      flush();
      openItem = undefined;
      const quote = [match[1]!];
      while (lines[i + 1] !== undefined && (match = quoteLine.exec(lines[i + 1]!.trim()))) {
        quote.push(match[1]!);
        i++;
      }
      blocks.push({ kind: 'quote', text: quote.join(' ').trim() });
    } else if ((match = listLine.exec(line))) {
      flush();
      const ordered = match[1] !== undefined;
      const item: ListItem = { text: match[3]! };
      if (match[2] !== undefined) item.checked = match[2] !== ' ';
      const last = blocks.at(-1);
      // Items separated only by blank lines still form one list (a "loose" list).
      if (openItem && last?.kind === 'list' && last.ordered === ordered) {
        last.items.push(item);
      } else {
        blocks.push({ kind: 'list', ordered, start: ordered ? Number(match[1]) : 1, items: [item] });
      }
      openItem = item;
      blankSinceItem = false;
    } else if (openItem && (!blankSinceItem || /^\s/.test(line))) {
      // A wrapped line, or an indented paragraph inside the item: both belong to it.
      openItem.text += ` ${trimmed}`;
    } else {
      openItem = undefined;
      paragraph.push(trimmed);
    }
  }
  flush();
  return blocks;
}

const safeLink = /^(?:https?:|mailto:)/i;
const hrefEnd = /[)\s]/g;

/**
 * Inline formatting as a list of text and templates; unknown syntax stays literal text.
 * Links are checked by hand at each `[`: as a regex, each `[` or `[a](` never closed sent the
 * search to the end of the line again, quadratic on a line of them, and a regex cannot
 * remember from one start what the last one found. Here the `]` and the href's end found
 * for one `[` serve every `[` before them.
 */
export function renderInline(text: string): Array<string | TemplateResult> {
  // A literal per call: recursion must not share its lastIndex.
  const inline = /\*\*(.+?)\*\*|\*(?![\s*])([^*]+?)\*|`([^`]+)`|\[/g;
  const parts: Array<string | TemplateResult> = [];
  let last = 0;
  let close = -1;
  let stop = -1;
  for (let match: RegExpExecArray | null; (match = inline.exec(text)); ) {
    const [, strong, emphasis, code] = match;
    const at = match.index;
    let part: string | TemplateResult;
    if (strong !== undefined) part = html`<strong>${renderInline(strong)}</strong>`;
    else if (emphasis !== undefined) part = html`<em>${renderInline(emphasis)}</em>`;
    else if (code !== undefined) part = html`<code>${code}</code>`;
    else {
      // No `]` at all becomes one past every `[`.
      if (close <= at) close = text.indexOf(']', at + 1) >>> 0;
      if (stop < close + 2) {
        hrefEnd.lastIndex = close + 2;
        stop = hrefEnd.exec(text)?.index ?? Infinity;
      }
      // A `[` that opens no link is text, and the search goes on after it.
      if (close <= at + 1 || text[close + 1] !== '(' || stop <= close + 2 || text[stop] !== ')') continue;
      const label = text.slice(at + 1, close);
      const href = text.slice(close + 2, stop);
      // Lit does not sanitise URLs: only schemes that cannot run script become links.
      part = safeLink.test(href) ? html`<a href=${href} target="_blank" rel="noopener noreferrer">${renderInline(label)}</a>` : label;
      inline.lastIndex = stop + 1;
    }
    if (at > last) parts.push(text.slice(last, at));
    parts.push(part);
    last = inline.lastIndex;
  }
  if (last < text.length) parts.push(text.slice(last));
  return parts;
}

function renderHeading(level: number, text: string): TemplateResult {
  const content = renderInline(text);
  // Dynamic tag names would need lit/static-html; six fixed templates cost less.
  switch (level) {
    case 1:
      return html`<h1>${content}</h1>`;
    case 2:
      return html`<h2>${content}</h2>`;
    case 3:
      return html`<h3>${content}</h3>`;
    case 4:
      return html`<h4>${content}</h4>`;
    case 5:
      return html`<h5>${content}</h5>`;
    default:
      return html`<h6>${content}</h6>`;
  }
}

function renderItem(item: ListItem): TemplateResult {
  if (item.checked === undefined) return html`<li>${renderInline(item.text)}</li>`;
  // Readers may tick items off as they go; nothing is stored.
  return html`<li class="check"><label><input type="checkbox" ?checked=${item.checked}> <span>${renderInline(item.text)}</span></label></li>`;
}

function renderBlock(block: Block, baseLevel: number): TemplateResult {
  switch (block.kind) {
    case 'heading':
      return renderHeading(Math.min(6, baseLevel + Math.max(0, block.level - 2)), block.text);
    case 'paragraph':
      return html`<p>${renderInline(block.text)}</p>`;
    case 'quote':
      return html`<blockquote>${renderInline(block.text)}</blockquote>`;
    case 'rule':
      return html`<hr>`;
    case 'list': {
      const items = block.items.map(renderItem);
      const checklist = block.items.every((item) => item.checked !== undefined);
      return block.ordered ? html`<ol start=${block.start}>${items}</ol>` : html`<ul class=${checklist ? 'checklist' : nothing}>${items}</ul>`;
    }
    case 'table':
      return html`<div class="table"><table>
        ${block.header.length ? html`<thead><tr>${block.header.map((cell) => html`<th scope="col">${renderInline(cell)}</th>`)}</tr></thead>` : nothing}
        <tbody>${block.rows.map((row) => html`<tr>${row.map((cell) => html`<td>${renderInline(cell)}</td>`)}</tr>`)}</tbody>
      </table></div>`;
  }
}

/**
 * Renders a document body. `baseLevel` is the HTML heading level of the body's top headings
 * (`#` and `##`), so that they nest under the headings of the page around them.
 */
export function renderMarkdown(source: string, options: { baseLevel?: number } = {}): TemplateResult[] {
  const baseLevel = options.baseLevel ?? 2;
  return parseMarkdown(source).map((block) => renderBlock(block, baseLevel));
}
