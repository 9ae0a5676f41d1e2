// Receives one streamed chunk part into storage without holding it in memory: counts bytes
// (refusing more than the limit however the body is framed — Content-Length or chunked),
// sniffs the first bytes for the expected content, and compares the SHA-256 the client declared
// with the one the store computed from what it wrote. Any failure deletes what was written, so
// nothing half-stored stays behind.
import { SNIFF_BYTES } from '../../workers/audio/audio-sniff.ts';
import type { BlobStore } from '../storage/blob-store.ts';

export class BodyTooLargeError extends Error {
  override name = 'BodyTooLargeError';
}
export class UnsupportedContentError extends Error {
  override name = 'UnsupportedContentError';
}
export class ChecksumMismatchError extends Error {
  override name = 'ChecksumMismatchError';
}
export class TruncatedBodyError extends Error {
  override name = 'TruncatedBodyError';
}

export interface ReceiveOptions {
  body: AsyncIterable<Uint8Array>;
  store: BlobStore;
  key: string;
  contentType: string;
  maxBytes: number;
  /** Lower-case hex SHA-256 the client declared. */
  sha256: string;
  /** The declared Content-Length, if any: fewer bytes means the client went away. */
  declaredLength: number | undefined;
  /** Returns an error message when the head is not the expected content. */
  sniff: (head: Uint8Array) => string | null;
  /** Keep a copy of the bytes (small parts that are validated whole, e.g. frames). */
  keep: boolean;
}

/** The pieces as one array (the piece itself when there is one). */
const concat = (parts: Uint8Array[]): Uint8Array =>
  parts.length === 1 ? (parts[0] as Uint8Array) : Buffer.concat(parts);

export async function receivePart(
  opts: ReceiveOptions,
): Promise<{ size: number; kept: Uint8Array | null }> {
  const kept: Uint8Array[] = [];
  let size = 0;

  const sniffed = (head: Uint8Array[]) => {
    const bytes = concat(head);
    const problem = opts.sniff(bytes);
    if (problem) throw new UnsupportedContentError(problem);
    return bytes;
  };

  // Between the client's body and the store: counts and sniffs each piece as the store pulls
  // it (the store hashes what it writes), so no piece is copied or queued on the way. Stopping
  // early stops the body.
  async function* metered(): AsyncGenerator<Uint8Array> {
    const source = opts.body[Symbol.asyncIterator]();
    let head: Uint8Array[] | null = [];
    let headBytes = 0;
    let ended = false;
    try {
      for (;;) {
        let next: IteratorResult<Uint8Array>;
        try {
          next = await source.next();
        } catch {
          throw new TruncatedBodyError('The connection closed before the body ended');
        }
        if (next.done) break;
        const chunk = next.value;
        size += chunk.length;
        if (size > opts.maxBytes) {
          throw new BodyTooLargeError(`The body is larger than ${opts.maxBytes} bytes`);
        }
        if (opts.keep) kept.push(chunk);
        if (!head) {
          yield chunk;
          continue;
        }
        head.push(chunk);
        headBytes += chunk.length;
        if (headBytes >= SNIFF_BYTES) {
          const bytes = sniffed(head);
          head = null;
          yield bytes;
        }
      }
      ended = true;
      if (head) {
        const bytes = sniffed(head);
        if (bytes.length > 0) yield bytes;
      }
    } finally {
      if (!ended) await source.return?.();
    }
  }

  try {
    const stored = await opts.store.put(opts.key, metered(), {
      contentType: opts.contentType,
    });
    if (opts.declaredLength !== undefined && size < opts.declaredLength) {
      throw new TruncatedBodyError(`The body ended after ${size} of ${opts.declaredLength} bytes`);
    }
    if (stored.sha256 !== opts.sha256) {
      throw new ChecksumMismatchError(
        `The body's SHA-256 is ${stored.sha256}, not the ${opts.sha256} that was declared`,
      );
    }
  } catch (err) {
    await opts.store.delete(opts.key).catch(() => {});
    throw err;
  }
  return { size, kept: opts.keep ? concat(kept) : null };
}
