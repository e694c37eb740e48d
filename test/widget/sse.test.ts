import { describe, expect, it } from 'vitest';
import { parseFrame, readFrames, type Frame } from '../../widget/sse.ts';

/** A body that arrives in exactly these chunks, as a network may cut it. */
function body(...chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

async function frames(stream: ReadableStream<Uint8Array>): Promise<Frame[]> {
  const read: Frame[] = [];
  for await (const frame of readFrames(stream)) read.push(frame);
  return read;
}

describe('parseFrame', () => {
  it('reads the event name and joins data lines; ids, retries and comments are ignored', () => {
    expect(parseFrame(': keep-alive\nid: 3\nevent: step\ndata: {"a":\ndata:1}\nretry: 10')).toEqual({ event: 'step', data: '{"a":\n1}' });
  });

  it('calls a frame without a name a message, and a frame without data nothing', () => {
    expect(parseFrame('data: hi')).toEqual({ event: 'message', data: 'hi' });
    expect(parseFrame('event: token\nid: 1')).toBeUndefined();
  });
});

describe('readFrames', () => {
  it('finds the frames whatever the chunk boundaries', async () => {
    const text = 'event: token\ndata: {"text":"Hel"}\n\nevent: token\ndata: {"text":"lo"}\n\nevent: result\ndata: {"ok":true}\n\n';
    const expected = [
      { event: 'token', data: '{"text":"Hel"}' }, { event: 'token', data: '{"text":"lo"}' }, { event: 'result', data: '{"ok":true}' },
    ];
    for (let cut = 1; cut < text.length; cut += 7) {
      expect(await frames(body(text.slice(0, cut), text.slice(cut)))).toEqual(expected);
    }
  });

  it('takes CRLF and CR line ends, even with a CRLF cut between two chunks', async () => {
    expect(await frames(body('event: step\r', '\ndata: 1\r\n\r', '\nevent: result\rdata: 2\r\r'))).toEqual([
      { event: 'step', data: '1' }, { event: 'result', data: '2' },
    ]);
  });

  it('keeps a last frame that the stream ended without a blank line after', async () => {
    expect(await frames(body('event: result\ndata: {}'))).toEqual([{ event: 'result', data: '{}' }]);
  });

  it('decodes a character split across chunks', async () => {
    const bytes = new TextEncoder().encode('data: “hi”\n\n');
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.slice(0, 7));
        controller.enqueue(bytes.slice(7));
        controller.close();
      },
    });
    expect(await frames(stream)).toEqual([{ event: 'message', data: '“hi”' }]);
  });
});
