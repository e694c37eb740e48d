import OpenAI from 'openai';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { Embedder } from './embedder.ts';
import { createLocalEmbedder } from './local-embedder.ts';
import { createOpenAIEmbedder } from './openai-embedder.ts';

/** The embedder the configuration asks for: local word vectors, or an OpenAI-compatible server. */
export async function createConfiguredEmbedder(config: Config, logger: Logger): Promise<Embedder> {
  if (config.embeddings.provider === 'local') return createLocalEmbedder();
  const baseURL = config.openai.baseURL ?? 'https://api.openai.com/v1';
  logger.info('embeddings from an OpenAI-compatible server', { baseURL, model: config.embeddings.model });
  const client = new OpenAI({ apiKey: config.openai.apiKey ?? 'unused', baseURL, timeout: 30_000, maxRetries: 2 });
  return createOpenAIEmbedder({ client, model: config.embeddings.model });
}
