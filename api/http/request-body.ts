// The body of an upload as it arrives. Served by @hono/node-server, the bytes come straight from
// Node's IncomingMessage rather than through the Request's web stream (which node-server builds
// from two stream bridges, and which cost an upload more CPU than hashing its bytes), and they
// are read ahead into a bounded buffer from the moment the handler starts: a small body is in
// memory by the time the database has answered, a large one waits in the socket past the bound.
// Elsewhere (app.request() in tests, other runtimes) the Request's stream is read as it is.
import type { IncomingMessage } from 'node:http';
import { finished } from 'node:stream';
import type { Context } from 'hono';
import { pieces } from '../storage/blob-store.ts';

/** The body's pieces, for one reader. */
export interface RequestBody extends AsyncIterable<Uint8Array> {
  /** Stops reading; what is left unread is the HTTP server's to drain or drop. */
  cancel(): Promise<void>;
}

/** Bytes read ahead of the handler at most (a 4 s chunk's audio part is 30–70 KiB). */
export const READ_AHEAD_BYTES = 128 * 1024;

/** Pieces of a Node request, read as they arrive until `limit` bytes wait unread. */
class NodeBody implements RequestBody {
  readonly #incoming: IncomingMessage;
  readonly #limit: number;
  readonly #queue: Uint8Array[] = [];
  #queued = 0;
  #ended = false;
  #error: unknown = null;
  #wake: (() => void) | null = null;
  #stopFinished: () => void;

  constructor(incoming: IncomingMessage, limit: number) {
    this.#incoming = incoming;
    this.#limit = limit;
    incoming.on('data', this.#onData);
    // Reports a client that went away before the end as an error (premature close).
    this.#stopFinished = finished(incoming, { writable: false }, (err) => {
      if (err) this.#error = err;
      else this.#ended = true;
      this.#notify();
    });
  }

  readonly #onData = (piece: Buffer) => {
    this.#queue.push(piece);
    this.#queued += piece.length;
    if (this.#queued >= this.#limit) this.#incoming.pause();
    this.#notify();
  };

  #notify() {
    const wake = this.#wake;
    this.#wake = null;
    wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Uint8Array> {
    let done = false;
    try {
      for (;;) {
        const piece = this.#queue.shift();
        if (piece) {
          this.#queued -= piece.length;
          if (this.#queued < this.#limit && this.#incoming.isPaused()) this.#incoming.resume();
          yield piece;
          continue;
        }
        if (this.#error) throw this.#error;
        if (this.#ended) {
          done = true;
          return;
        }
        await new Promise<void>((resolve) => {
          this.#wake = resolve;
        });
      }
    } finally {
      if (!done) await this.cancel();
    }
  }

  async cancel() {
    this.#incoming.off('data', this.#onData);
    this.#stopFinished();
    this.#queue.length = 0;
    this.#queued = 0;
  }
}

/** The Request's own stream, read as it is pulled. */
function webBody(stream: ReadableStream<Uint8Array>): RequestBody {
  return {
    [Symbol.asyncIterator]: () => pieces(stream),
    cancel: () => stream.cancel().catch(() => {}),
  };
}

function nodeIncoming(c: Context): IncomingMessage | undefined {
  const incoming = (c.env as { incoming?: unknown } | undefined)?.incoming;
  return incoming && typeof (incoming as IncomingMessage).on === 'function'
    ? (incoming as IncomingMessage)
    : undefined;
}

/** The request's body, or null when it has none. */
export function requestBody(c: Context, readAheadBytes = READ_AHEAD_BYTES): RequestBody | null {
  const incoming = nodeIncoming(c);
  if (incoming && !incoming.readableEnded && !incoming.readableFlowing) {
    return new NodeBody(incoming, readAheadBytes);
  }
  const stream = c.req.raw.body;
  return stream ? webBody(stream) : null;
}
