import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readSse, type SseEvent, SseParser } from './sse.ts';

const STREAM = [
  ': a comment the parser skips',
  'event: session',
  'data: {"sessionId":"s-1"}',
  '',
  'event: delta',
  'data: {"text":"Сейчас звучит "}',
  '',
  'event: delta',
  'data: {"text":"ля4 🎵"}',
  'id: 7',
  '',
  'data: first line',
  'data:second line',
  'data',
  '',
  'retry: 1500',
  'event: done',
  'data: {"messageId":"m-1","engine":"mistral"}',
  '',
  '',
].join('\n');

const EXPECTED: SseEvent[] = [
  { event: 'session', data: '{"sessionId":"s-1"}', id: '' },
  { event: 'delta', data: '{"text":"Сейчас звучит "}', id: '' },
  { event: 'delta', data: '{"text":"ля4 🎵"}', id: '7' },
  { event: 'message', data: 'first line\nsecond line\n', id: '7' },
  { event: 'done', data: '{"messageId":"m-1","engine":"mistral"}', id: '7' },
];

function parseChunks(chunks: string[]): SseEvent[] {
  const parser = new SseParser();
  return chunks.flatMap((c) => parser.push(c));
}

function splitAt(text: string, cuts: number[]): string[] {
  const points = [...new Set(cuts)].sort((a, b) => a - b);
  const parts: string[] = [];
  let from = 0;
  for (const p of points) {
    parts.push(text.slice(from, p));
    from = p;
  }
  parts.push(text.slice(from));
  return parts;
}

function bodyOf(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const c of chunks) controller.enqueue(c);
      controller.close();
    },
  });
}

async function collect(body: ReadableStream<Uint8Array>): Promise<SseEvent[]> {
  const out: SseEvent[] = [];
  for await (const e of readSse(body)) out.push(e);
  return out;
}

describe('SseParser', () => {
  it('parses a whole stream in one chunk', () => {
    expect(parseChunks([STREAM])).toEqual(EXPECTED);
  });

  it('gives the same events however the text is split, one character at a time included', () => {
    expect(parseChunks([...STREAM])).toEqual(EXPECTED);
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: STREAM.length }), { maxLength: 12 }),
        (cuts) => {
          expect(parseChunks(splitAt(STREAM, cuts))).toEqual(EXPECTED);
        },
      ),
    );
  });

  it('accepts CRLF and lone CR line ends, even with CR and LF in different chunks', () => {
    const crlf = STREAM.replaceAll('\n', '\r\n');
    const cr = STREAM.replaceAll('\n', '\r');
    expect(parseChunks([crlf])).toEqual(EXPECTED);
    expect(parseChunks([cr])).toEqual(EXPECTED);
    const cut = crlf.indexOf('\r\n') + 1;
    expect(parseChunks([crlf.slice(0, cut), crlf.slice(cut)])).toEqual(EXPECTED);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: crlf.length }), { maxLength: 12 }), (cuts) => {
        expect(parseChunks(splitAt(crlf, cuts))).toEqual(EXPECTED);
      }),
    );
  });

  it('drops a leading BOM, events without data and a last event with no blank line after it', () => {
    const parser = new SseParser();
    expect(parser.push('\uFEFFevent: ping\n\ndata: x\n\n')).toEqual([
      { event: 'message', data: 'x', id: '' },
    ]);
    expect(parser.push('event: delta\ndata: {"text":"cut off"}\n')).toEqual([]);
  });

  it('keeps the last valid id and a numeric retry, ignoring malformed ones', () => {
    const parser = new SseParser();
    parser.push('id: a\nretry: 200\n\nid: b\0c\nretry: 3s\ndata: y\n\n');
    expect(parser.retryMs).toBe(200);
    expect(parser.push('data: z\n\n')).toEqual([{ event: 'message', data: 'z', id: 'a' }]);
  });

  it('removes only one space after the colon', () => {
    expect(parseChunks(['data:  two spaces\n\n'])).toEqual([
      { event: 'message', data: ' two spaces', id: '' },
    ]);
  });
});

describe('readSse', () => {
  it('decodes UTF-8 split inside a multi-byte character', async () => {
    const bytes = new TextEncoder().encode(STREAM);
    const inside = new TextEncoder().encode(STREAM.slice(0, STREAM.indexOf('ля'))).length + 1;
    const chunks = [bytes.slice(0, inside), bytes.slice(inside)];
    expect(await collect(bodyOf(chunks))).toEqual(EXPECTED);
  });

  it('reads a body delivered byte by byte', async () => {
    const bytes = new TextEncoder().encode(STREAM);
    const chunks = Array.from(bytes, (b) => Uint8Array.of(b));
    expect(await collect(bodyOf(chunks))).toEqual(EXPECTED);
  });

  it('cancels the body when the reader stops early', async () => {
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('data: 1\n\ndata: 2\n\n'));
      },
      cancel() {
        cancelled = true;
      },
    });
    for await (const e of readSse(body)) {
      expect(e.data).toBe('1');
      break;
    }
    expect(cancelled).toBe(true);
  });
});
