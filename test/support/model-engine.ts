import OpenAI from 'openai';
import type { Library } from '../../server/coach/library.ts';
import { createLlmEngine } from '../../server/coach/llm/engine.ts';
import { loadPrompts } from '../../server/coach/llm/prompts.ts';
import { createOfflineEngine } from '../../server/coach/offline/index.ts';
import type { Services } from '../../server/services.ts';

/**
 * The real language-model engine, through the real `openai` client, against an
 * OpenAI-compatible server at `baseURL` (the tests' loopback one), with the project's prompts.
 */
export function testModelEngine(services: Services, library: Library, baseURL: string, times = { timeoutMs: 500, budgetMs: 4000 }) {
  return createLlmEngine({
    call: { client: new OpenAI({ apiKey: 'test-key', baseURL }), model: 'test-model', ...times },
    prompts: loadPrompts(),
    offline: createOfflineEngine(() => library),
    library: () => library,
    logger: services.logger,
  });
}
