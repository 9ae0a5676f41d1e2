// One blob storage interface, two drivers: a local directory (embedded default) and S3
// (Cloudflare R2 in production, an S3-compatible server in tests). Bodies arrive piece by piece
// so large uploads never sit whole in memory.

export interface BlobInfo {
  size: number;
  /** As given to put(), where the store keeps it (S3 does; the local store leaves content types
   * to the database, which holds every part's). */
  contentType: string | undefined;
}

export interface BlobRange {
  /** First byte, inclusive. */
  start: number;
  /** Last byte, inclusive. */
  end: number;
}

/** What put() stored: its size and the SHA-256 of its bytes, as the store saw them go by. */
export interface StoredBlob extends BlobInfo {
  sha256: string;
}

export interface BlobObject extends BlobInfo {
  body: ReadableStream<Uint8Array>;
}

/** Bytes to store: all at once, or pieces as they arrive (a web stream, a Node stream). */
export type BlobBody = Uint8Array | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

export interface BlobStore {
  readonly kind: 'local' | 's3';
  put(key: string, body: BlobBody, opts?: { contentType?: string }): Promise<StoredBlob>;
  /** The whole blob, or the inclusive byte range; null when the key does not exist. */
  get(key: string, range?: BlobRange): Promise<BlobObject | null>;
  head(key: string): Promise<BlobInfo | null>;
  /** Deleting a missing key is not an error. */
  delete(key: string): Promise<void>;
  /** Throws when the store cannot be used (health check). */
  check(): Promise<void>;
  /**
   * Removes what writes cut off by a crash leave outside every key (the local store's
   * temporary files, S3's incomplete multipart uploads) once untouched for `olderThanMs`;
   * resolves to how many it removed.
   */
  sweepIncomplete(olderThanMs: number): Promise<number>;
}

/** Keys are `/`-separated segments of [A-Za-z0-9._-], no empty, `.` or `..` segments. */
const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

export class InvalidBlobKeyError extends Error {
  override name = 'InvalidBlobKeyError';
}

export function assertValidKey(key: string): void {
  const ok =
    key.length > 0 &&
    key.length <= 512 &&
    key.split('/').every((s) => SEGMENT.test(s) && s !== '.' && s !== '..');
  if (!ok) throw new InvalidBlobKeyError(`invalid blob key: ${JSON.stringify(key)}`);
}

/** The pieces of `body` in order; stopping early cancels a stream. */
export async function* pieces(body: BlobBody): AsyncGenerator<Uint8Array> {
  if (body instanceof Uint8Array) {
    yield body;
    return;
  }
  if (!(body instanceof ReadableStream)) {
    yield* body;
    return;
  }
  const reader = body.getReader();
  let ended = false;
  try {
    for (;;) {
      const next = await reader.read();
      if (next.done) {
        ended = true;
        return;
      }
      yield next.value;
    }
  } finally {
    if (!ended) await reader.cancel().catch(() => {});
  }
}

/** Raised when the store cannot be reached; the HTTP layer answers 503. */
export class StorageUnavailableError extends Error {
  override name = 'StorageUnavailableError';
}

/** Raised when the store has no room left for a write; the HTTP layer answers 507. */
export class StorageFullError extends Error {
  override name = 'StorageFullError';
}
