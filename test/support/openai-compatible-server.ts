import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: any;
}

export interface OpenAICompatibleServer {
  baseURL: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** A deterministic 16-d embedding: each word adds to the axis its letters hash to. */
export function hashedEmbedding(text: string, dimensions = 16): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  for (const word of text.toLowerCase().match(/[a-z]+/g) ?? []) {
    let hash = 0;
    for (const character of word) hash = (hash * 31 + character.charCodeAt(0)) >>> 0;
    vector[hash % dimensions]! += 1;
  }
  return vector;
}

/**
 * A real HTTP server on loopback that speaks the part of the OpenAI API the project uses,
 * so tests drive the real `openai` client end to end. It records every request.
 */
export async function startOpenAICompatibleServer(options: { dimensions?: number } = {}): Promise<OpenAICompatibleServer> {
  const requests: RecordedRequest[] = [];
  const server: Server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const body = text ? JSON.parse(text) : undefined;
    requests.push({ method: request.method ?? '', path: request.url ?? '', headers: request.headers, body });
    const send = (status: number, payload: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(payload));
    };
    if (request.method === 'POST' && request.url === '/v1/embeddings') {
      const inputs: string[] = Array.isArray(body.input) ? body.input : [body.input];
      // Answer out of order, as the API allows: the client must sort by index.
      const data = inputs.map((input, index) => ({ object: 'embedding', index, embedding: hashedEmbedding(input, options.dimensions) })).reverse();
      send(200, { object: 'list', data, model: body.model, usage: { prompt_tokens: inputs.length, total_tokens: inputs.length } });
      return;
    }
    send(404, { error: { message: `no route ${request.method} ${request.url}`, type: 'invalid_request_error' } });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
