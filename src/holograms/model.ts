// "My holograms" as one list: the holograms queued on this device (src/sync/ IndexedDB store)
// and the ones on the server (`GET /api/v1/holograms`), merged by id, each with its state —
// on this device only, syncing n %, synced, failed — and the progress of the whole queue.
// Pure, so it is tested in Node.
import { isSynced } from '../sync/engine.ts';
import type { QueuedChunk, QueuedHologram, SyncFailure } from '../sync/types.ts';

/** A hologram as `GET /api/v1/holograms` lists it. */
export interface ServerHologram {
  id: string;
  title: string;
  createdAt: string;
  updatedAt: string;
  durationMs: number;
  sampleRate: number;
  channels: number;
  complete: boolean;
  chunks: { count: number; bytes: number };
}

/** A queued hologram with its chunk records, as read from the local store. */
export interface LocalEntry {
  hologram: QueuedHologram;
  chunks: readonly QueuedChunk[];
}

export type HologramState =
  | { kind: 'local' }
  | { kind: 'syncing'; percent: number }
  | { kind: 'synced' }
  | { kind: 'failed'; failure: SyncFailure };

export interface HologramRow {
  id: string;
  title: string;
  createdAt: string;
  durationMs: number;
  state: HologramState;
  /** Bytes of this device's queued parts the server has confirmed, and all of them. */
  confirmedBytes: number;
  totalBytes: number;
  /** The local record, when this device has one. */
  local?: QueuedHologram;
  /** The server's record, when the server has one. */
  remote?: ServerHologram;
}

export interface QueueProgress {
  /** Holograms of this device not yet synced (failed ones included). */
  pending: number;
  confirmedBytes: number;
  totalBytes: number;
  /** 0 … 100; 100 when nothing is pending. */
  percent: number;
}

/** Confirmed and total bytes of a hologram's queued parts. */
export function partBytes(chunks: readonly QueuedChunk[]): { confirmed: number; total: number } {
  let confirmed = 0;
  let total = 0;
  for (const chunk of chunks) {
    for (const part of [chunk.audio, chunk.frames]) {
      total += part.size;
      if (part.confirmedAt !== null) confirmed += part.size;
    }
  }
  return { confirmed, total };
}

const percentOf = (done: number, total: number): number =>
  total === 0 ? 0 : Math.floor((done / total) * 100);

/** The state of a hologram this device holds; `onServer` when the server lists it. */
export function localState(entry: LocalEntry, onServer: boolean): HologramState {
  const { hologram, chunks } = entry;
  if (hologram.failure) return { kind: 'failed', failure: hologram.failure };
  if (isSynced(hologram, chunks)) return { kind: 'synced' };
  const { confirmed, total } = partBytes(chunks);
  if (confirmed === 0 && hologram.syncedMetaVersion === 0 && !onServer) return { kind: 'local' };
  return { kind: 'syncing', percent: Math.min(percentOf(confirmed, total), 99) };
}

/** Whether the account `uid` (null: signed out) may see this queued hologram. */
export function visibleTo(hologram: QueuedHologram, uid: string | null): boolean {
  return !hologram.deleted && (hologram.owner === null || hologram.owner === uid);
}

/** One list, newest first: this device's holograms of `uid` and the server's. */
export function mergeHolograms(
  local: readonly LocalEntry[],
  remote: readonly ServerHologram[],
  uid: string | null,
): HologramRow[] {
  const byId = new Map(remote.map((h) => [h.id, h]));
  const rows: HologramRow[] = [];
  const seen = new Set<string>();
  for (const entry of local) {
    const h = entry.hologram;
    if (!visibleTo(h, uid)) continue;
    const server = byId.get(h.id);
    const { confirmed, total } = partBytes(entry.chunks);
    seen.add(h.id);
    rows.push({
      id: h.id,
      // The local title is newer while a rename waits to be sent.
      title: h.meta.title,
      createdAt: h.meta.createdAt,
      durationMs: h.meta.durationMs,
      state: localState(entry, server !== undefined),
      confirmedBytes: confirmed,
      totalBytes: total,
      local: h,
      ...(server ? { remote: server } : {}),
    });
  }
  for (const server of remote) {
    if (seen.has(server.id)) continue;
    rows.push({
      id: server.id,
      title: server.title,
      createdAt: server.createdAt,
      durationMs: server.durationMs,
      state: { kind: 'synced' },
      confirmedBytes: 0,
      totalBytes: 0,
      remote: server,
    });
  }
  return rows.sort(
    (a, b) =>
      Date.parse(b.createdAt) - Date.parse(a.createdAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

/** Progress of everything this device still has to upload. */
export function queueProgress(rows: readonly HologramRow[]): QueueProgress {
  let pending = 0;
  let confirmedBytes = 0;
  let totalBytes = 0;
  for (const row of rows) {
    if (!row.local || row.state.kind === 'synced') continue;
    pending += 1;
    confirmedBytes += row.confirmedBytes;
    totalBytes += row.totalBytes;
  }
  const percent = pending === 0 ? 100 : Math.min(percentOf(confirmedBytes, totalBytes), 99);
  return { pending, confirmedBytes, totalBytes, percent };
}
