import { authorised, CoachRequestError, failureOf, type TokenSource } from './request.ts';

/**
 * Server-Sent Events over fetch: EventSource can neither POST a body nor send an
 * Authorization header, and the typed client reads whole bodies, so the coach's streamed
 * answers are read here, frame by frame, from the response's ReadableStream, by the rules of
 * the HTML standard's "event stream interpretation".
 */

export type StreamListener = (event: string, data: unknown) => void;

export interface Frame {
  event: string;
  data: string;
}

// A field's name runs to the first colon; one space after the colon is not part of the value.
// A comment, `:…`, has an empty name, which no field has.
const fieldLine = /^([^:]*):? ?([\s\S]*)/;

/**
 * The frames of a byte stream, whatever its chunk boundaries. A frame is complete at its
 * blank line only: one the stream ends before is dropped. `id` and `retry` are not kept: an
 * answer cut off is asked again whole, never resumed, so there is nothing to reconnect to.
 */
export async function* readFrames(body: ReadableStream<Uint8Array>): AsyncGenerator<Frame> {
  const reader = body.getReader();
  // The decoder drops one leading byte order mark, as the standard asks, even split up.
  const decoder = new TextDecoder();
  // Per stream, not shared: two answers may stream at once, and this one's lastIndex is its place.
  const lineBreak = /\r\n?|\n/g;
  let line = '';
  let event = '';
  let data = '';
  // A CR that ended the last chunk may be the first half of a CRLF.
  let afterCR = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      const text = decoder.decode(value, { stream: true });
      let start = afterCR && text[0] === '\n' ? 1 : 0;
      if (text) afterCR = text.endsWith('\r');
      lineBreak.lastIndex = start;
      // Only the new text is searched for line ends, so a long line costs one pass however cut.
      for (let found: RegExpExecArray | null; (found = lineBreak.exec(text)); start = lineBreak.lastIndex) {
        line += text.slice(start, found.index);
        if (!line) {
          // A frame with an empty data buffer is not dispatched, and resets the name all the same.
          if (data) yield { event: event || 'message', data: data.slice(0, -1) };
          event = data = '';
        } else {
          const [, field, value] = fieldLine.exec(line)!;
          if (field === 'event') event = value!;
          else if (field === 'data') data += `${value}\n`;
        }
        line = '';
      }
      line += text.slice(start);
    }
  } finally {
    reader.releaseLock();
  }
}

/**
 * POSTs `body` as JSON asking for `text/event-stream`, hands every event to `listen`, and
 * resolves with the data of the `result` event. A stream that ends or breaks before it, or
 * a frame that is not JSON (a frame cut short), was cut off: `incomplete`.
 */
export async function postStream<T>(url: string, body: object, tokens: TokenSource, listen: StreamListener, signal?: AbortSignal): Promise<T> {
  const response = await authorised(
    (headers) =>
      fetch(url, {
        method: 'POST',
        headers: { ...headers, accept: 'text/event-stream', 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal,
      }),
    tokens,
  );
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
    // An abort is the caller's own doing, and anything but a broken connection (TypeError) or a
    // frame cut short (SyntaxError) is a fault to pass on as it is.
    if (signal?.aborted || !(error instanceof TypeError || error instanceof SyntaxError)) throw error;
  }
  throw new CoachRequestError('incomplete', '');
}
