import { authorised, CoachRequestError, failureOf, type TokenSource } from './request.ts';

/**
 * Server-Sent Events over fetch: EventSource can neither POST a body nor send an
 * Authorization header, and the typed client reads whole bodies, so the coach's streamed
 * answers are read here, frame by frame, from the response's ReadableStream.
 */

export type StreamListener = (event: string, data: unknown) => void;

export interface Frame {
  event: string;
  data: string;
}

/** One frame's lines (`event:`, `data:`; `id:`, `retry:` and `:` comments are ignored). */
export function parseFrame(text: string): Frame | undefined {
  let event = 'message';
  const data: string[] = [];
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon === 0) continue;
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  }
  return data.length ? { event, data: data.join('\n') } : undefined;
}

/** Splits a byte stream into frames, whatever the chunk boundaries. */
export async function* readFrames(body: ReadableStream<Uint8Array>): AsyncGenerator<Frame> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      buffer += decoder.decode(value, { stream: !done });
      // A CR at a chunk's end may be half of a CRLF: it waits for the next chunk.
      buffer = buffer.replace(/\r\n/g, '\n').replace(/\r(?!$)/g, '\n');
      if (done) buffer = buffer.replace(/\r$/, '\n') + '\n\n';
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const frame = parseFrame(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
        if (frame) yield frame;
      }
      if (done) return;
    }
  } finally {
    reader.releaseLock();
  }
}

/**
 * POSTs `body` as JSON asking for `text/event-stream`, hands every event to `listen`, and
 * resolves with the data of the `result` event. A stream that ends without one was cut off.
 */
export async function postStream<T>(url: string, body: object, tokens: TokenSource, listen: StreamListener, signal?: AbortSignal): Promise<T> {
  const response = await authorised((headers) => fetch(url, {
    method: 'POST',
    headers: { ...headers, accept: 'text/event-stream', 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal,
  }), tokens);
  if (!response.ok) throw await failureOf(response);
  if (!response.body || !response.headers.get('content-type')?.includes('text/event-stream')) {
    // A server or proxy that ignored Accept still sends the whole answer as JSON.
    const whole = (await response.json().catch(() => undefined)) as T | undefined;
    if (whole) return whole;
    throw new CoachRequestError('unexpected', '', response.status);
  }
  try {
    for await (const frame of readFrames(response.body)) {
      const data: unknown = JSON.parse(frame.data);
      listen(frame.event, data);
      if (frame.event === 'result') return data as T;
    }
  } catch (error) {
    // A connection lost mid-answer; anything else (an abort, bad JSON) is passed on as it is.
    throw error instanceof TypeError ? new CoachRequestError('network', '') : error;
  }
  throw new CoachRequestError('incomplete', '');
}
