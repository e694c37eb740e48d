import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { projectRoot } from '../../paths.ts';

const Frontmatter = z.strictObject({
  name: z.string().regex(/^[a-z-]+$/),
  version: z.number().int().min(1),
  inputs: z.array(z.string().regex(/^[a-z]+$/)).min(1),
});

export interface Prompt<Inputs extends string> {
  name: string;
  version: number;
  /** `name@version`, recorded with answers and feedback so programs can compare. */
  id: string;
  render(values: Record<Inputs, unknown>): string;
}

/**
 * Values go into the template as JSON, with "<" escaped: whatever a participant writes, it
 * cannot close the block it sits in (`</participant_data>`) and speak as the prompt itself.
 */
export function asData(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value, null, 1);
  return text.replaceAll('<', '\\u003c').replaceAll('>', '\\u003e');
}

/** Parses a prompt file: frontmatter (name, version, inputs) and a body with {{input}} slots. */
export function parsePrompt<Inputs extends string>(text: string, file = 'prompt'): Prompt<Inputs> {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n([\s\S]*)$/.exec(text);
  if (!match) throw new Error(`${file}: no frontmatter`);
  const meta = Frontmatter.parse(parseYaml(match[1]!));
  const body = match[2]!;
  const slots = new Set([...body.matchAll(/\{\{(\w+)\}\}/g)].map((slot) => slot[1]!));
  const declared = new Set(meta.inputs);
  const undeclared = [...slots].filter((slot) => !declared.has(slot));
  const unused = meta.inputs.filter((input) => !slots.has(input));
  if (undeclared.length || unused.length) {
    throw new Error(`${file}: slots and inputs differ (undeclared: ${undeclared.join(', ') || 'none'}; unused: ${unused.join(', ') || 'none'})`);
  }
  return {
    name: meta.name,
    version: meta.version,
    id: `${meta.name}@${meta.version}`,
    render(values) {
      return body.replace(/\{\{(\w+)\}\}/g, (_slot, name: string) => {
        if (!(name in values)) throw new Error(`${meta.name}: no value for {{${name}}}`);
        return asData((values as Record<string, unknown>)[name]);
      });
    },
  };
}

export function loadPrompt<Inputs extends string>(name: string): Prompt<Inputs> {
  const file = join(projectRoot, 'prompts', `${name}.md`);
  return parsePrompt<Inputs>(readFileSync(file, 'utf8'), file);
}

export interface PromptSet {
  nextSteps: Prompt<'participant' | 'passages' | 'draft'>;
  agenda: Prompt<'participant' | 'pairing' | 'passages' | 'draft'>;
  reframe: Prompt<'statement' | 'passages' | 'draft'>;
  understanding: Prompt<'texts'>;
}

export function loadPrompts(): PromptSet {
  return { nextSteps: loadPrompt('next-steps'), agenda: loadPrompt('agenda'), reframe: loadPrompt('reframe'), understanding: loadPrompt('understanding') };
}
