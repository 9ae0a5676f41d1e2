// Receives one streamed chunk part into storage without holding it in memory: counts bytes
// (refusing more than the limit however the body is framed — Content-Length or chunked),
// hashes them, sniffs the first bytes for the expected content, and compares the SHA-256 the
// client declared. Any failure deletes what was written, so nothing half-stored stays behind.
import { createHash } from 'node:crypto';
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
  body: ReadableStream<Uint8Array>;
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

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export async function receivePart(
  opts: ReceiveOptions,
): Promise<{ size: number; kept: Uint8Array | null }> {
  const hash = createHash('sha256');
  const kept: Uint8Array[] = [];
  let head: Uint8Array[] | null = [];
  let headBytes = 0;
  let size = 0;

  const releaseHead = (controller: ReadableStreamDefaultController<Uint8Array>) => {
    const bytes = concat(head ?? []);
    head = null;
    const problem = opts.sniff(bytes);
    if (problem) throw new UnsupportedContentError(problem);
    if (bytes.length > 0) controller.enqueue(bytes);
  };

  // One stream between the client's body and the store: it counts, hashes and sniffs each piece
  // as the store pulls it, so no piece is copied or queued on the way.
  const reader = opts.body.getReader();
  const metered = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        for (;;) {
          const next = await reader.read().catch(() => {
            throw new TruncatedBodyError('The connection closed before the body ended');
          });
          if (next.done) {
            if (head) releaseHead(controller);
            controller.close();
            return;
          }
          const chunk = next.value;
          size += chunk.length;
          if (size > opts.maxBytes) {
            throw new BodyTooLargeError(`The body is larger than ${opts.maxBytes} bytes`);
          }
          hash.update(chunk);
          if (opts.keep) kept.push(chunk);
          if (!head) {
            controller.enqueue(chunk);
            return;
          }
          head.push(chunk);
          headBytes += chunk.length;
          if (headBytes >= SNIFF_BYTES) {
            releaseHead(controller);
            return;
          }
        }
      } catch (err) {
        await reader.cancel(err).catch(() => {});
        throw err;
      }
    },
    cancel: (reason) => reader.cancel(reason),
  });

  try {
    await opts.store.put(opts.key, metered, {
      contentType: opts.contentType,
    });
    if (opts.declaredLength !== undefined && size < opts.declaredLength) {
      throw new TruncatedBodyError(`The body ended after ${size} of ${opts.declaredLength} bytes`);
    }
    const actual = hash.digest('hex');
    if (actual !== opts.sha256) {
      throw new ChecksumMismatchError(
        `The body's SHA-256 is ${actual}, not the ${opts.sha256} that was declared`,
      );
    }
  } catch (err) {
    await opts.store.delete(opts.key).catch(() => {});
    throw err;
  }
  return { size, kept: opts.keep ? concat(kept) : null };
}
