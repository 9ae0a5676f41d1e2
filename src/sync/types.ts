// The shapes the recorder writes, the queue keeps and the sync engine uploads. A hologram is a
// recording (its metadata and the account it belongs to); its chunks are numbered 0, 1, 2 … and
// each has two parts, `audio` (a complete webm/opus file) and `frames` (HGFR, docs/FRAMES.md),
// whose bytes are kept apart from the records so that a confirmed part's bytes can be dropped.

import type { PartKind } from '../../api/chunks/contract.ts';

/** The body of `PUT /api/v1/holograms/{id}`. */
export interface HologramMeta {
  title: string;
  /** ISO 8601 with offset. */
  createdAt: string;
  durationMs: number;
  sampleRate: number;
  channels: 1 | 2;
  /** True once the recording has ended and every chunk is queued. */
  complete: boolean;
}

/** Why the server refused an item for good; shown to the user with Retry and Delete. */
export interface SyncFailure {
  status: number;
  code: string;
  message: string;
  /** The part that was refused, when it was a part. */
  seq?: number;
  kind?: PartKind;
  /** ms since the epoch. */
  at: number;
}

export interface QueuedHologram {
  id: string;
  /**
   * The Firebase uid that recorded it (anonymous uids included). Null when it was recorded
   * signed out: the first account that uploads it claims it, and from then on it is that
   * account's only.
   */
  owner: string | null;
  meta: HologramMeta;
  /** Bumped by every local change of `meta`. */
  metaVersion: number;
  /** The `metaVersion` the server last confirmed (0: never sent). */
  syncedMetaVersion: number;
  /** Chunks written so far (the next seq). */
  chunkCount: number;
  failure: SyncFailure | null;
  /** Deleted by the user: the engine deletes it on the server, then locally. */
  deleted: boolean;
}

export interface PartRecord {
  /** SHA-256 of the bytes, lowercase hex. */
  sha256: string;
  size: number;
  /** ms since the epoch when the server confirmed the same hash; null while queued. */
  confirmedAt: number | null;
}

export interface QueuedChunk {
  hologramId: string;
  seq: number;
  /** Start of the chunk on the recording's clock, ms. */
  startMs: number;
  durationMs: number;
  audio: PartRecord;
  frames: PartRecord;
}

/** One chunk as the recorder hands it over, bytes included. */
export interface NewChunk {
  hologramId: string;
  seq: number;
  startMs: number;
  durationMs: number;
  audio: Uint8Array;
  audioSha256: string;
  frames: Uint8Array;
  framesSha256: string;
}

/**
 * The queue's storage: IndexedDB in the browser (idb-store.ts), memory in Node (memory-store.ts).
 * Every method is one atomic step, so the recorder, the sync engine and the UI (in several tabs
 * and the service worker) can share it.
 */
export interface SyncStore {
  listHolograms(): Promise<QueuedHologram[]>;
  getHologram(id: string): Promise<QueuedHologram | undefined>;
  /** Writes a new hologram record (the recorder, at start). */
  addHologram(hologram: QueuedHologram): Promise<void>;
  /** Reads, changes and writes one hologram atomically; undefined when it does not exist. */
  updateHologram(
    id: string,
    change: (h: QueuedHologram) => QueuedHologram,
  ): Promise<QueuedHologram | undefined>;
  /** Writes a chunk's record and both parts' bytes and bumps the hologram's chunkCount. */
  addChunk(chunk: NewChunk): Promise<void>;
  /** The hologram's chunks, by seq. */
  listChunks(hologramId: string): Promise<QueuedChunk[]>;
  /** The bytes of a part that is still queued; undefined once confirmed (or never written). */
  readPart(hologramId: string, seq: number, kind: PartKind): Promise<Uint8Array | undefined>;
  /** Marks a part confirmed by the server and drops its local bytes, in one step. */
  confirmPart(hologramId: string, seq: number, kind: PartKind, at: number): Promise<void>;
  /** Removes the hologram, its chunks and their bytes. */
  deleteHologram(id: string): Promise<void>;
}

/** The part of the auth client (src/auth/auth-client.ts) the sync engine uses. */
export interface SyncAuth {
  /** The signed-in uid, or null. */
  readonly uid: string | null;
  /**
   * A Firebase ID token of the signed-in user; `forceRefresh` asks the server for a new one,
   * `signInAnonymously` signs in anonymously first when nobody is signed in. Null when no user.
   */
  getIdToken(opts?: {
    forceRefresh?: boolean;
    signInAnonymously?: boolean;
  }): Promise<string | null>;
}

/** Time, injected so that tests run the engine's waits on a fake clock. */
export interface Clock {
  now(): number;
  /** Resolves after `ms`, or as soon as `signal` aborts (never rejects). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The page's clock. */
export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted) {
        resolve();
        return;
      }
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener('abort', done, { once: true });
    }),
};
