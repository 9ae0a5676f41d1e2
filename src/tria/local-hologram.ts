// "My last hologram" as this device knows it, for Tria's local engine when the server cannot be
// asked (offline, signed out, failing): the newest recording in the upload queue (src/sync) that
// belongs to the user, summarised (workers/tria/summary.ts) from the frames parts still on the
// device. A part's bytes are dropped once the server confirms it, so a synced recording may have
// no frames left here: then only its title and length are known. Pure apart from the store.
import type { HologramFrame } from '../../workers/audio/frame.ts';
import { decodeFrames, FrameFormatError } from '../../workers/audio/frame-codec.ts';
import type { TriaHologramRef } from '../../workers/tria/engine.ts';
import { summarizeFrames } from '../../workers/tria/summary.ts';
import type { SyncStore } from '../sync/types.ts';

/** Frames parts read for one summary; longer recordings are sampled evenly (as the API does). */
export const MAX_FRAME_PARTS = 120;
/** Frames kept for one summary (about 6.7 minutes at 30 frames/s). */
export const MAX_FRAMES = 12_000;

/** What the queue must offer: reading only. */
export type HologramSource = Pick<SyncStore, 'listHolograms' | 'listChunks' | 'readPart'>;

/** Evenly spaced picks of at most `max` items, first and last included. */
function sampleEvenly<T>(items: readonly T[], max: number): T[] {
  if (items.length <= max) return [...items];
  return Array.from(
    { length: max },
    (_, i) => items[Math.round((i * (items.length - 1)) / (max - 1))] as T,
  );
}

/**
 * The newest recording of `owner` (the signed-in uid, or null when nobody is) on this device, or
 * null when there is none. Recordings made signed out (owner null) count as the user's, as the
 * first account to upload them claims them; other accounts' recordings are never read.
 */
export async function lastLocalHologram(
  store: HologramSource,
  owner: string | null,
): Promise<TriaHologramRef | null> {
  const mine = (await store.listHolograms()).filter(
    (h) => !h.deleted && (h.owner === null || h.owner === owner),
  );
  const time = (iso: string) => Date.parse(iso) || 0;
  const last = mine.sort((a, b) => time(b.meta.createdAt) - time(a.meta.createdAt))[0];
  if (!last) return null;
  const chunks = await store.listChunks(last.id);
  const frames: HologramFrame[] = [];
  for (const chunk of sampleEvenly(chunks, MAX_FRAME_PARTS)) {
    if (frames.length >= MAX_FRAMES) break;
    const bytes = await store.readPart(last.id, chunk.seq, 'frames');
    if (!bytes) continue;
    try {
      frames.push(...decodeFrames(bytes).frames.slice(0, MAX_FRAMES - frames.length));
    } catch (err) {
      // A damaged part costs its frames only.
      if (!(err instanceof FrameFormatError)) throw err;
    }
  }
  const chunked = chunks.reduce((sum, c) => sum + c.durationMs, 0);
  return {
    id: last.id,
    title: last.meta.title,
    createdAt: last.meta.createdAt,
    durationMs: last.meta.durationMs || chunked,
    ...(frames.length > 0 ? { summary: summarizeFrames(frames) } : {}),
  };
}
