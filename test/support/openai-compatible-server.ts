import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: any;
}

/** What the chat endpoint does for one request: answer content, an HTTP error, or hang. */
export interface ChatReply {
  status?: number;
  /** The assistant message's content (usually JSON text). */
  content?: string;
  /** Never answer within this many milliseconds. */
  hangMs?: number;
  /** When streaming: close the connection after this many chunks, as a dropped network would. */
  cutAfterChunks?: number;
  headers?: Record<string, string>;
}

export interface OpenAICompatibleServer {
  baseURL: string;
  requests: RecordedRequest[];
  /** Replies for the next chat requests, in order; when empty, `defaultChat` answers. */
  chatReplies: ChatReply[];
  /** Builds the reply from the request (a reply that cites what the prompt offered, say). */
  defaultChat?: (body: any) => ChatReply;
  /** Answer 400 to structured-output requests, as servers without it do. */
  refuseJsonSchema?: boolean;
  /**
   * Answers the small reading call (prompts/understanding.md) apart from the coaching calls, so
   * a test's scripted coaching replies stay in order. By default the model notices nothing.
   */
  understandingReply?: (body: any) => ChatReply;
  /** The reading calls received. */
  understandingRequests: RecordedRequest[];
  close(): Promise<void>;
}

/** The reading call names its schema `understanding`; without structured output, its prompt says `<texts>`. */
export function isUnderstandingCall(body: any): boolean {
  return body?.response_format?.json_schema?.name === 'understanding' || String(body?.messages?.[0]?.content ?? '').includes('<texts>');
}

/** The texts a reading call was asked about. */
export function textsOfUnderstandingCall(body: any): string[] {
  const prompt = String(body.messages[0].content);
  const block = prompt.slice(prompt.indexOf('<texts>') + '<texts>'.length, prompt.indexOf('</texts>'));
  // The renderer escaped < and > as JSON \u escapes, which JSON.parse reads back.
  return JSON.parse(block);
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
  const chatReplies: ChatReply[] = [];
  const sockets = new Set<import('node:net').Socket>();
  // Filled in once listening; the handler reads the test's current default reply from it.
  let self: OpenAICompatibleServer | undefined;
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
    if (request.method === 'POST' && request.url === '/v1/chat/completions') {
      const reading = isUnderstandingCall(body);
      // Kept apart from `requests`, which tests count as the coaching calls.
      if (reading) self?.understandingRequests.push(requests.pop()!);
      if (self?.refuseJsonSchema && body.response_format?.type === 'json_schema') {
        send(400, { error: { message: "Invalid value for 'response_format': json_schema is not supported by this server", type: 'invalid_request_error' } });
        return;
      }
      const reply = reading
        ? (self?.understandingReply?.(body) ?? { content: JSON.stringify({ safety: [], patterns: [] }) })
        : (chatReplies.shift() ?? self?.defaultChat?.(body) ?? { status: 500 });
      if (reply.hangMs) await new Promise((resolve) => setTimeout(resolve, reply.hangMs));
      if (response.destroyed) return;
      if (reply.status && reply.status !== 200) {
        response.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
        response.end(JSON.stringify({ error: { message: `scripted ${reply.status}`, type: 'server_error' } }));
        return;
      }
      if (body.stream) {
        // Server-Sent Events, a few characters per chunk, as a model writes.
        response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
        const content = reply.content ?? '';
        const pieces = content.match(/[\s\S]{1,24}/g) ?? [];
        const chunk = (delta: object, finish: string | null) =>
          `data: ${JSON.stringify({
            id: `chatcmpl-${requests.length}`,
            object: 'chat.completion.chunk',
            created: 0,
            model: body.model,
            choices: [{ index: 0, delta, finish_reason: finish }],
          })}\n\n`;
        for (const [index, piece] of pieces.entries()) {
          if (reply.cutAfterChunks !== undefined && index >= reply.cutAfterChunks) {
            response.socket?.destroy();
            return;
          }
          response.write(chunk({ content: piece }, null));
          await new Promise((resolve) => setTimeout(resolve, 1));
        }
        response.end(`${chunk({}, 'stop')}data: [DONE]\n\n`);
        return;
      }
      send(200, {
        id: `chatcmpl-${requests.length}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: body.model,
        choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: reply.content ?? '' } }],
        usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
      });
      return;
    }
    send(404, { error: { message: `no route ${request.method} ${request.url}`, type: 'invalid_request_error' } });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  self = {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    chatReplies,
    understandingRequests: [],
    close: () =>
      new Promise((resolve) => {
        // A hanging reply keeps its socket open: end them so close() does not wait for it.
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  return self;
}

/** The passage ids a coaching prompt offered: the only ids a model answer may cite. */
export function passageIds(body: any): string[] {
  const prompt: string = body.messages[0].content;
  const block = prompt.slice(prompt.indexOf('<passages>') + 10, prompt.indexOf('</passages>'));
  return JSON.parse(block.replaceAll('\\u003c', '<').replaceAll('\\u003e', '>')).map((passage: { id: string }) => passage.id);
}
