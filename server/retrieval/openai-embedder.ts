import type OpenAI from 'openai';
import type { Embedder } from './embedder.ts';

export interface OpenAIEmbedderOptions {
  client: OpenAI;
  model: string;
  /** Texts per request; OpenAI accepts up to 2048 inputs, local servers often fewer. */
  batchSize?: number;
}

/**
 * Embeddings from any OpenAI-compatible server (`COACH_EMBEDDINGS=openai`). The vector size
 * is learned from one probe request, so any model works without configuring its size.
 */
export async function createOpenAIEmbedder(options: OpenAIEmbedderOptions): Promise<Embedder> {
  const { client, model } = options;
  const batchSize = options.batchSize ?? 64;
  const request = async (input: string[]): Promise<Float32Array[]> => {
    const response = await client.embeddings.create({ model, input, encoding_format: 'float' });
    return [...response.data].sort((left, right) => left.index - right.index).map((item) => normalise(Float32Array.from(item.embedding)));
  };
  const [probe] = await request(['mentoring']);
  return {
    id: `openai:${model}:${probe!.length}`,
    dimensions: probe!.length,
    remote: true,
    async embed(texts) {
      const vectors: Float32Array[] = [];
      for (let start = 0; start < texts.length; start += batchSize) {
        vectors.push(...(await request(texts.slice(start, start + batchSize))));
      }
      return vectors;
    },
  };
}

function normalise(vector: Float32Array): Float32Array {
  const norm = Math.hypot(...vector);
  if (norm > 0) for (let index = 0; index < vector.length; index++) vector[index]! /= norm;
  return vector;
}
