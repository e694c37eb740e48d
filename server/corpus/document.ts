import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { Audience, Format, MentoringModel, Stage, Topic } from '../taxonomy.ts';
import { Material } from './material.ts';

/** A document's id doubles as its URL segment and its file name. */
export const DocumentId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,99}$/, 'lower-case letters, digits and hyphens, at most 100');

export const Frontmatter = z.strictObject({
  id: DocumentId,
  title: z.string().trim().min(3).max(200),
  summary: z.string().trim().min(10).max(400).optional(),
  topics: z.array(Topic).min(1).max(4),
  audience: Audience,
  stage: Stage,
  format: Format,
  models: z.array(MentoringModel).min(1),
  readingMinutes: z.number().int().min(1).max(120).optional(),
  url: z.url({ protocol: /^https?$/ }).optional(),
  /**
   * Questions a person might type that this document answers, in their words rather than the
   * document's: indexed with it so that a search in everyday words finds it. Written by
   * authors who saw the document but none of the evaluation questions (test/eval/briefs).
   */
  questionsAnswered: z.array(z.string().trim().min(10).max(200)).min(1).max(16).optional(),
  ...Material,
});

export interface CorpusDocument extends Omit<z.infer<typeof Frontmatter>, 'summary' | 'readingMinutes'> {
  summary: string;
  readingMinutes: number;
  body: string;
  /** sha256 of the file's bytes: unchanged hash, nothing to re-index. */
  hash: string;
}

/** A document that cannot be ingested; the message names the file and the field. */
export class IngestError extends Error {
  override name = 'IngestError';
}

export function contentHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Parses one Markdown file with YAML frontmatter and validates it against the taxonomy. */
export function parseCorpusDocument(fileName: string, text: string): CorpusDocument {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(text);
  if (!match) throw new IngestError(`${fileName}: missing frontmatter (a block between --- lines at the top)`);
  let data: unknown;
  try {
    data = parseYaml(match[1]!);
  } catch (error) {
    throw new IngestError(`${fileName}: frontmatter is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  const parsed = Frontmatter.safeParse(data);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'frontmatter'}: ${issue.message}`);
    throw new IngestError(`${fileName}: ${problems.join('; ')}`);
  }
  const frontmatter = parsed.data;
  if (frontmatter.models.includes('any') && frontmatter.models.length > 1) {
    throw new IngestError(`${fileName}: models: "any" cannot be combined with other models`);
  }
  const expectedName = `${frontmatter.id}.md`;
  if (basename(fileName) !== expectedName) {
    throw new IngestError(`${fileName}: id: "${frontmatter.id}" does not match the file name (expected ${expectedName})`);
  }
  const body = match[2]!.trim();
  if (body.length === 0) throw new IngestError(`${fileName}: body: the document has no text`);
  const words = body.split(/\s+/).length;
  return {
    ...frontmatter,
    summary: frontmatter.summary ?? firstParagraph(body),
    readingMinutes: frontmatter.readingMinutes ?? Math.max(1, Math.round(words / 200)),
    body,
    hash: contentHash(text),
  };
}

function firstParagraph(body: string): string {
  const paragraph = body.split(/\n\s*\n/).find((block) => !block.trimStart().startsWith('#')) ?? body;
  const plain = paragraph.replace(/\s+/g, ' ').trim();
  return plain.length > 240 ? `${plain.slice(0, 237).trimEnd()}...` : plain;
}
