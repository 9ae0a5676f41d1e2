// A server-sent events parser (the WHATWG `text/event-stream` rules) for Tria's streamed replies.
// EventSource cannot POST or send an Authorization header, so the chat reads the fetch body
// itself; chunks split anywhere (inside a line, between CR and LF, inside a UTF-8 sequence).
// Pure: it runs in Node for the tests.

/** One dispatched event. */
export interface SseEvent {
  /** The `event:` field, `message` when the event named none. */
  readonly event: string;
  /** The `data:` lines joined with newlines. */
  readonly data: string;
  /** The last `id:` seen on the stream so far (empty when none). */
  readonly id: string;
}

/** Parses a stream given as text chunks; `push` returns the events each chunk completes. */
export class SseParser {
  private buffer = '';
  private started = false;
  /** The previous chunk ended with CR: a LF at the start of the next one belongs to it. */
  private afterCr = false;
  private eventType = '';
  private data: string[] = [];
  private lastId = '';
  private retry: number | null = null;

  /** The reconnection delay the server asked for with `retry:`, or null. */
  get retryMs(): number | null {
    return this.retry;
  }

  /** The events completed by `chunk`, in order. */
  push(chunk: string): SseEvent[] {
    let text = chunk;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    if (this.afterCr && text.startsWith('\n')) text = text.slice(1);
    this.afterCr = false;
    this.buffer += text;
    const events: SseEvent[] = [];
    let start = 0;
    for (let i = 0; i < this.buffer.length; i++) {
      const c = this.buffer.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      const event = this.line(this.buffer.slice(start, i));
      if (event) events.push(event);
      if (c === 13) {
        if (i + 1 === this.buffer.length) this.afterCr = true;
        else if (this.buffer.charCodeAt(i + 1) === 10) i++;
      }
      start = i + 1;
    }
    this.buffer = this.buffer.slice(start);
    return events;
  }

  /** Handles one complete line; returns the event a blank line dispatches. */
  private line(line: string): SseEvent | null {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return null;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'event':
        this.eventType = value;
        break;
      case 'data':
        this.data.push(value);
        break;
      case 'id':
        if (!value.includes('\0')) this.lastId = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) this.retry = Number(value);
        break;
    }
    return null;
  }

  private dispatch(): SseEvent | null {
    const type = this.eventType;
    const data = this.data;
    this.eventType = '';
    this.data = [];
    if (data.length === 0) return null;
    return { event: type === '' ? 'message' : type, data: data.join('\n'), id: this.lastId };
  }
}

/**
 * The events of a `text/event-stream` body, as they arrive. An unfinished last event is dropped;
 * a consumer that stops early cancels the body (the connection closes).
 */
export async function* readSse(body: ReadableStream<Uint8Array>): AsyncGenerator<SseEvent> {
  const parser = new SseParser();
  const decoder = new TextDecoder();
  const reader = body.getReader();
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      yield* parser.push(decoder.decode(value, { stream: true }));
    }
    finished = true;
    yield* parser.push(decoder.decode());
  } finally {
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
