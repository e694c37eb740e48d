import { z } from 'zod';
import { Pattern, SafetyCategory } from '../../taxonomy.ts';
import type { RemoteReading } from '../../understanding/understanding.ts';
import { askForJson, type ModelCallOptions } from './model-call.ts';
import type { Prompt } from './prompts.ts';

const Quote = z.string().max(400);
/** The small structured call: what the model notices, each with the words that show it. */
export const ModelReading = z.object({
  safety: z.array(z.object({ category: SafetyCategory, quote: Quote })).max(5),
  patterns: z.array(z.object({ pattern: Pattern, quote: Quote })).max(11),
});

/** Texts the model reads at once: what was asked and the participant's own notes, in order. */
const MAX_TEXTS = 40;
const MAX_CHARACTERS = 12_000;

const flat = (text: string) => text.toLowerCase().replace(/\s+/g, ' ').trim();

/**
 * Asks the model what it notices in the texts. A quote the model did not copy from them is
 * dropped (the label stays: a model that paraphrases still saw something). The answer waits on
 * it, so it gets one attempt of at most a third of the answer's time budget; the coaching
 * call gets what is left.
 */
export async function readWithModel(call: ModelCallOptions, prompt: Prompt<'texts'>, texts: string[]): Promise<RemoteReading> {
  const chosen: string[] = [];
  let size = 0;
  for (const text of texts.slice(0, MAX_TEXTS)) {
    // A long text that would not fit leaves room for the shorter ones after it.
    if (size + text.length > MAX_CHARACTERS) continue;
    chosen.push(text);
    size += text.length;
  }
  // No retries: when the model cannot read now, the local screen decides and the budget is
  // kept for the coaching call.
  const options = { ...call, budgetMs: Math.round(Math.min(call.budgetMs / 3, call.timeoutMs)), maxRetries: 0 };
  const answer = await askForJson(options, prompt.render({ texts: chosen }), ModelReading, 'understanding');
  const written = chosen.map(flat);
  const checked = (quote: string) => (quote.trim() && written.some((text) => text.includes(flat(quote))) ? quote.trim() : undefined);
  return {
    safety: answer.safety.map((entry) => ({ category: entry.category as RemoteReading['safety'][number]['category'], ...withQuote(checked(entry.quote)) })),
    patterns: answer.patterns.map((entry) => ({ pattern: entry.pattern as RemoteReading['patterns'][number]['pattern'], ...withQuote(checked(entry.quote)) })),
  };
}

const withQuote = (quote: string | undefined) => (quote ? { quote } : {});
