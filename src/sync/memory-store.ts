// The queue kept in memory: the SyncStore for Node (the sync engine's tests and `npm run
// bench:sync`). Same contract as the IndexedDB store: records are copied in and out, so callers
// never share objects with the store, and each method is one atomic step.
import type { PartKind } from '../../api/chunks/contract.ts';
import type { NewChunk, QueuedChunk, QueuedHologram, SyncStore } from './types.ts';

const partKey = (hologramId: string, seq: number, kind: PartKind) => `${hologramId}/${seq}/${kind}`;

export class MemorySyncStore implements SyncStore {
  private readonly holograms = new Map<string, QueuedHologram>();
  private readonly chunks = new Map<string, QueuedChunk[]>();
  private readonly bytes = new Map<string, Uint8Array>();

  /** How many parts still hold their bytes here. */
  get storedParts(): number {
    return this.bytes.size;
  }

  async listHolograms(): Promise<QueuedHologram[]> {
    return [...this.holograms.values()].map((h) => structuredClone(h));
  }

  async getHologram(id: string): Promise<QueuedHologram | undefined> {
    const h = this.holograms.get(id);
    return h && structuredClone(h);
  }

  async addHologram(hologram: QueuedHologram): Promise<void> {
    if (this.holograms.has(hologram.id)) throw new Error(`hologram ${hologram.id} exists`);
    this.holograms.set(hologram.id, structuredClone(hologram));
    this.chunks.set(hologram.id, []);
  }

  async updateHologram(
    id: string,
    change: (h: QueuedHologram) => QueuedHologram,
  ): Promise<QueuedHologram | undefined> {
    const h = this.holograms.get(id);
    if (!h) return undefined;
    const next = structuredClone(change(structuredClone(h)));
    this.holograms.set(id, next);
    return structuredClone(next);
  }

  async addChunk(chunk: NewChunk): Promise<void> {
    const h = this.holograms.get(chunk.hologramId);
    const list = this.chunks.get(chunk.hologramId);
    if (!h || !list) throw new Error(`no hologram ${chunk.hologramId}`);
    if (chunk.seq !== h.chunkCount) throw new Error(`chunk ${chunk.seq} is out of order`);
    list.push({
      hologramId: chunk.hologramId,
      seq: chunk.seq,
      startMs: chunk.startMs,
      durationMs: chunk.durationMs,
      audio: { sha256: chunk.audioSha256, size: chunk.audio.byteLength, confirmedAt: null },
      frames: { sha256: chunk.framesSha256, size: chunk.frames.byteLength, confirmedAt: null },
    });
    this.bytes.set(partKey(chunk.hologramId, chunk.seq, 'audio'), chunk.audio.slice());
    this.bytes.set(partKey(chunk.hologramId, chunk.seq, 'frames'), chunk.frames.slice());
    h.chunkCount = chunk.seq + 1;
  }

  async listChunks(hologramId: string): Promise<QueuedChunk[]> {
    return (this.chunks.get(hologramId) ?? []).map((c) => structuredClone(c));
  }

  async readPart(hologramId: string, seq: number, kind: PartKind): Promise<Uint8Array | undefined> {
    return this.bytes.get(partKey(hologramId, seq, kind))?.slice();
  }

  async confirmPart(hologramId: string, seq: number, kind: PartKind, at: number): Promise<void> {
    const chunk = this.chunks.get(hologramId)?.find((c) => c.seq === seq);
    if (!chunk) return;
    chunk[kind].confirmedAt = at;
    this.bytes.delete(partKey(hologramId, seq, kind));
  }

  async deleteHologram(id: string): Promise<void> {
    for (const c of this.chunks.get(id) ?? []) {
      this.bytes.delete(partKey(id, c.seq, 'audio'));
      this.bytes.delete(partKey(id, c.seq, 'frames'));
    }
    this.chunks.delete(id);
    this.holograms.delete(id);
  }
}
