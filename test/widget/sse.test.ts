import { afterEach, describe, expect, it, vi } from 'vitest';
import { CoachRequestError } from '../../widget/request.ts';
import { type Frame, postStream, readFrames } from '../../widget/sse.ts';

const encoder = new TextEncoder();

/** A body that arrives in exactly these chunks, as a network may cut it. */
function body(...chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
}

async function frames(stream: ReadableStream<Uint8Array>): Promise<Frame[]> {
  const read: Frame[] = [];
  for await (const frame of readFrames(stream)) read.push(frame);
  return read;
}

/**
 * The frames of `stream` must be `expected` however its bytes are cut: whole, in two at
 * every byte (inside a CRLF, a multi-byte character, the byte order mark), in three at every
 * pair of places, and one byte at a time.
 */
async function expectFrames(stream: string | Uint8Array, expected: Frame[]): Promise<void> {
  const bytes = typeof stream === 'string' ? encoder.encode(stream) : stream;
  const label = JSON.stringify(new TextDecoder().decode(bytes));
  expect(await frames(body(bytes)), label).toEqual(expected);
  for (let cut = 0; cut <= bytes.length; cut++) {
    expect(await frames(body(bytes.slice(0, cut), bytes.slice(cut))), `${label} cut at ${cut}`).toEqual(expected);
  }
  for (let first = 1; first < bytes.length; first++) {
    for (let second = first + 1; second < bytes.length; second++) {
      const chunks = [bytes.slice(0, first), bytes.slice(first, second), bytes.slice(second)];
      expect(await frames(body(...chunks)), `${label} cut at ${first} and ${second}`).toEqual(expected);
    }
  }
  expect(await frames(body(...Array.from(bytes, (byte) => Uint8Array.of(byte)))), `${label} byte by byte`).toEqual(expected);
}

describe('readFrames, by the rules of event stream interpretation', () => {
  it('ends lines at CRLF, LF or CR, a CRLF cut in two included', async () => {
    const expected = [
      { event: 'step', data: '1' },
      { event: 'item', data: '2' },
      { event: 'result', data: '3' },
    ];
    await expectFrames('event: step\r\ndata: 1\r\n\r\nevent: item\ndata: 2\n\nevent: result\rdata: 3\r\r', expected);
    await expectFrames('event: step\rdata: 1\n\revent: item\r\ndata: 2\r\revent: result\ndata: 3\r\n\r\n', expected);
  });

  it('takes CR CR as the end of a line and a blank line, not as one CRLF', async () => {
    await expectFrames('data: a\r\r\ndata: b\r\n\r', [
      { event: 'message', data: 'a' },
      { event: 'message', data: 'b' },
    ]);
  });

  it('drops one leading byte order mark, and only one', async () => {
    await expectFrames('\uFEFFdata: x\n\n', [{ event: 'message', data: 'x' }]);
    // The second one is part of the first line's field name, which is then no field at all.
    await expectFrames('\uFEFF\uFEFFdata: x\n\ndata: y\n\n', [{ event: 'message', data: 'y' }]);
    // Away from the start, it is a character like any other.
    await expectFrames('data: x\n\n\uFEFFdata: y\n\ndata: \uFEFFz\n\n', [
      { event: 'message', data: 'x' },
      { event: 'message', data: '\uFEFFz' },
    ]);
  });

  it('ignores comment lines', async () => {
    await expectFrames(': keep-alive\n\n:\ndata: a\n: between\ndata: b\n\n', [{ event: 'message', data: 'a\nb' }]);
  });

  it('reads a line without a colon as a field with an empty value', async () => {
    await expectFrames('data\n\nevent: step\nevent\ndata: x\n\n', [
      { event: 'message', data: '' },
      { event: 'message', data: 'x' },
    ]);
    await expectFrames('data\ndata\n\n', [{ event: 'message', data: '\n' }]);
  });

  it('drops one space after the colon, and no more, and nothing else', async () => {
    await expectFrames('data:x\n\ndata:  x \n\ndata:\tx\n\nevent:  step\ndata: :\n\n', [
      { event: 'message', data: 'x' },
      { event: 'message', data: ' x ' },
      { event: 'message', data: '\tx' },
      { event: ' step', data: ':' },
    ]);
  });

  it('joins data lines with LF and keeps blank data lines', async () => {
    await expectFrames('data: {"a":\ndata:\ndata: 1}\n\n', [{ event: 'message', data: '{"a":\n\n1}' }]);
  });

  it('dispatches only at a blank line', async () => {
    await expectFrames('event: step\ndata: 1\ndata: 2\nevent: item\n\n', [{ event: 'item', data: '1\n2' }]);
  });

  it('dispatches no frame with an empty data buffer, and still resets its name', async () => {
    await expectFrames('event: step\n\ndata: x\n\nevent: item\nid: 4\nretry: 10\n\n', [{ event: 'message', data: 'x' }]);
  });

  it('resets the event name after each dispatch', async () => {
    await expectFrames('event: step\ndata: 1\n\ndata: 2\n\nevent:\ndata: 3\n\n', [
      { event: 'step', data: '1' },
      { event: 'message', data: '2' },
      { event: 'message', data: '3' },
    ]);
  });

  it('reads id and retry without letting them change a frame, and ignores unknown or miscased fields', async () => {
    await expectFrames('id: 7\nretry: 1000\nevent: step\nDATA: no\ndata: 1\nid\nretry: x\nfoo: bar\n\n', [{ event: 'step', data: '1' }]);
  });

  it('discards a last frame that no blank line ended', async () => {
    for (const tail of ['event: result\ndata: {}', 'data: {}\n', 'data: {}\r', 'data: {}\r\n', 'data: {}\n:\n']) {
      await expectFrames(`data: 1\n\n${tail}`, [{ event: 'message', data: '1' }]);
    }
  });

  it('decodes characters split across chunks', async () => {
    await expectFrames('event: step\ndata: “hé” 👋\n\n', [{ event: 'step', data: '“hé” 👋' }]);
  });

  it('hands out each frame as soon as its blank line arrives', async () => {
    let push!: (text: string) => void;
    const stream = new ReadableStream<Uint8Array>({ start: (controller) => void (push = (text) => controller.enqueue(encoder.encode(text))) });
    const read = readFrames(stream);
    push('data: 1\n');
    push('\r');
    // A CR may yet be half a CRLF, but it has ended the blank line already.
    expect((await read.next()).value).toEqual({ event: 'message', data: '1' });
    push('\ndata: 2\n\n');
    expect((await read.next()).value).toEqual({ event: 'message', data: '2' });
    await read.return(undefined);
  });
});

describe('readFrames on a long frame', () => {
  it('reads a long line that arrives in many small chunks in one pass', async () => {
    const value = 'x'.repeat(400_000);
    const text = `event: result\ndata: ${value}\n\n`;
    const chunks: Uint8Array[] = [];
    for (let at = 0; at < text.length; at += 20) chunks.push(encoder.encode(text.slice(at, at + 20)));
    const started = performance.now();
    expect(await frames(body(...chunks))).toEqual([{ event: 'result', data: value }]);
    // Searching all that had arrived again at every chunk would be quadratic: seconds, not milliseconds.
    expect(performance.now() - started).toBeLessThan(1500);
  });
});

describe('postStream', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  const tokens = async () => 'token';

  /** The server's answer: these bytes as an event stream, cut off with `error` when one is given. */
  function respond(text: string, options: { error?: unknown; type?: string } = {}): Array<{ url: string; init: RequestInit }> {
    const calls: Array<{ url: string; init: RequestInit }> = [];
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(encoder.encode(text));
          if (options.error) controller.error(options.error);
          else controller.close();
        },
      });
      return new Response(stream, { headers: { 'content-type': options.type ?? 'text/event-stream' } });
    });
    return calls;
  }

  async function failure(promise: Promise<unknown>): Promise<unknown> {
    return promise.then(
      () => expect.unreachable('it resolved'),
      (error: unknown) => error,
    );
  }

  it('hands on every event and resolves with the result', async () => {
    const calls = respond('event: step\ndata: {"text":"a"}\n\n: note\n\nevent: result\ndata: {"steps":[]}\n\n');
    const seen: Array<[string, unknown]> = [];
    expect(await postStream('/v1/coach/next-steps', { q: 1 }, tokens, (event, data) => seen.push([event, data]))).toEqual({ steps: [] });
    expect(seen).toEqual([
      ['step', { text: 'a' }],
      ['result', { steps: [] }],
    ]);
    expect(calls[0]!.init.headers).toMatchObject({ accept: 'text/event-stream', authorization: 'Bearer token', 'content-type': 'application/json' });
    expect(calls[0]!.init.body).toBe('{"q":1}');
  });

  it('is incomplete when the stream ends before its result', async () => {
    respond('event: step\ndata: {"text":"a"}\n\n');
    const seen: string[] = [];
    const error = await failure(postStream('/x', {}, tokens, (event) => seen.push(event)));
    expect(error).toBeInstanceOf(CoachRequestError);
    expect(error).toMatchObject({ code: 'incomplete' });
    expect(seen).toEqual(['step']);
  });

  it('is incomplete when the result frame is cut off before its blank line', async () => {
    respond('event: result\ndata: {"steps":[]}\n');
    expect(await failure(postStream('/x', {}, tokens, () => {}))).toMatchObject({ code: 'incomplete' });
  });

  it('is incomplete, not unexpected, when a frame is not JSON', async () => {
    respond('event: step\ndata: {"text":"a\n\nevent: result\ndata: {}\n\n');
    const seen: string[] = [];
    const error = await failure(postStream('/x', {}, tokens, (event) => seen.push(event)));
    expect(error).toBeInstanceOf(CoachRequestError);
    expect(error).toMatchObject({ code: 'incomplete' });
    expect(seen).toEqual([]);
  });

  it('is incomplete when the connection breaks mid-answer', async () => {
    respond('event: step\ndata: {}\n\n', { error: new TypeError('terminated') });
    expect(await failure(postStream('/x', {}, tokens, () => {}))).toMatchObject({ code: 'incomplete' });
  });

  it('passes an abort on as the abort it is', async () => {
    const controller = new AbortController();
    const reason = new DOMException('The operation was aborted.', 'AbortError');
    respond('event: step\ndata: {}\n\n', { error: reason });
    controller.abort(reason);
    expect(await failure(postStream('/x', {}, tokens, () => {}, controller.signal))).toBe(reason);
  });

  it('passes on what the listener throws', async () => {
    respond('event: step\ndata: {}\n\nevent: result\ndata: {}\n\n');
    const bug = new RangeError('a bug in the view');
    expect(
      await failure(
        postStream('/x', {}, tokens, () => {
          throw bug;
        }),
      ),
    ).toBe(bug);
  });

  it('takes a whole JSON answer from a server that ignored Accept', async () => {
    respond('{"steps":[1]}', { type: 'application/json' });
    expect(await postStream('/x', {}, tokens, () => {})).toEqual({ steps: [1] });
  });
});
