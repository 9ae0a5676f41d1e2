// The queue in IndexedDB (via `idb`): what the recorder writes as each chunk closes, what the sync
// engine uploads, what the UI lists. It lives through reloads, crashes and closed tabs, and is
// shared by every tab and the service worker of the origin. Each method is one transaction; after
// each write a message on the `holo-queue` BroadcastChannel tells every other context to refresh.
//
//   holograms  key id                   QueuedHologram
//   chunks     key [hologramId, seq]    QueuedChunk (hashes, sizes, confirmation times)
//   parts      key [hologramId, seq, kind]  { bytes }: dropped once the server confirms the part
import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { PartKind } from '../../api/chunks/contract.ts';
import type { NewChunk, QueuedChunk, QueuedHologram, SyncStore } from './types.ts';

export const QUEUE_DB = 'holograms-queue';
export const QUEUE_CHANNEL = 'holo-queue';

interface StoredPart {
  hologramId: string;
  seq: number;
  kind: PartKind;
  bytes: Uint8Array;
}

interface QueueSchema extends DBSchema {
  holograms: { key: string; value: QueuedHologram };
  chunks: { key: [string, number]; value: QueuedChunk };
  parts: { key: [string, number, PartKind]; value: StoredPart };
}

/** Every key of one hologram in `chunks` and `parts` (arrays sort after numbers and strings). */
const ofHologram = (id: string) => IDBKeyRange.bound([id], [id, []]);

export class IdbSyncStore implements SyncStore {
  private db: Promise<IDBPDatabase<QueueSchema>> | null = null;
  private channel: BroadcastChannel | null = null;

  constructor(private readonly name = QUEUE_DB) {}

  private open(): Promise<IDBPDatabase<QueueSchema>> {
    this.db ??= openDB<QueueSchema>(this.name, 1, {
      upgrade(db) {
        db.createObjectStore('holograms', { keyPath: 'id' });
        db.createObjectStore('chunks', { keyPath: ['hologramId', 'seq'] });
        db.createObjectStore('parts', { keyPath: ['hologramId', 'seq', 'kind'] });
      },
      // Another context upgrades the schema: let it, and reopen on the next call.
      blocking: () => {
        void this.db?.then((db) => db.close());
        this.db = null;
      },
    });
    return this.db;
  }

  private changed(): void {
    if (typeof BroadcastChannel === 'undefined') return;
    this.channel ??= new BroadcastChannel(QUEUE_CHANNEL);
    this.channel.postMessage('changed');
  }

  async listHolograms(): Promise<QueuedHologram[]> {
    return (await this.open()).getAll('holograms');
  }

  async getHologram(id: string): Promise<QueuedHologram | undefined> {
    return (await this.open()).get('holograms', id);
  }

  async addHologram(hologram: QueuedHologram): Promise<void> {
    await (await this.open()).add('holograms', hologram);
    this.changed();
  }

  async updateHologram(
    id: string,
    change: (h: QueuedHologram) => QueuedHologram,
  ): Promise<QueuedHologram | undefined> {
    const tx = (await this.open()).transaction('holograms', 'readwrite');
    const h = await tx.store.get(id);
    const next = h && change(h);
    if (next) await tx.store.put(next);
    await tx.done;
    if (next) this.changed();
    return next;
  }

  async addChunk(chunk: NewChunk): Promise<void> {
    const tx = (await this.open()).transaction(['holograms', 'chunks', 'parts'], 'readwrite');
    const holograms = tx.objectStore('holograms');
    const h = await holograms.get(chunk.hologramId);
    if (!h) throw new Error(`no hologram ${chunk.hologramId}`);
    if (chunk.seq !== h.chunkCount) throw new Error(`chunk ${chunk.seq} is out of order`);
    const { hologramId, seq } = chunk;
    await Promise.all([
      tx.objectStore('chunks').add({
        hologramId,
        seq,
        startMs: chunk.startMs,
        durationMs: chunk.durationMs,
        audio: { sha256: chunk.audioSha256, size: chunk.audio.byteLength, confirmedAt: null },
        frames: { sha256: chunk.framesSha256, size: chunk.frames.byteLength, confirmedAt: null },
      }),
      tx.objectStore('parts').add({ hologramId, seq, kind: 'audio', bytes: chunk.audio }),
      tx.objectStore('parts').add({ hologramId, seq, kind: 'frames', bytes: chunk.frames }),
      holograms.put({ ...h, chunkCount: seq + 1 }),
    ]);
    await tx.done;
    this.changed();
  }

  async listChunks(hologramId: string): Promise<QueuedChunk[]> {
    return (await this.open()).getAll('chunks', ofHologram(hologramId));
  }

  async readPart(hologramId: string, seq: number, kind: PartKind): Promise<Uint8Array | undefined> {
    return (await (await this.open()).get('parts', [hologramId, seq, kind]))?.bytes;
  }

  async confirmPart(hologramId: string, seq: number, kind: PartKind, at: number): Promise<void> {
    const tx = (await this.open()).transaction(['chunks', 'parts'], 'readwrite');
    const chunks = tx.objectStore('chunks');
    const chunk = await chunks.get([hologramId, seq]);
    if (chunk) {
      await Promise.all([
        chunks.put({ ...chunk, [kind]: { ...chunk[kind], confirmedAt: at } }),
        tx.objectStore('parts').delete([hologramId, seq, kind]),
      ]);
    }
    await tx.done;
    this.changed();
  }

  async deleteHologram(id: string): Promise<void> {
    const tx = (await this.open()).transaction(['holograms', 'chunks', 'parts'], 'readwrite');
    await Promise.all([
      tx.objectStore('parts').delete(ofHologram(id)),
      tx.objectStore('chunks').delete(ofHologram(id)),
      tx.objectStore('holograms').delete(id),
    ]);
    await tx.done;
    this.changed();
  }
}
