// What Tria knows about a user's holograms, read from the database and the stored frames parts
// (the same parts "sounds like" reads, api/holograms/fingerprint.ts): the newest ones, title
// search, and a description from the frames (workers/tria/summary.ts) plus the gestures used.
// Every function takes the owner; nothing here can name another user's hologram.
import type { HologramFrame } from '../../workers/audio/frame.ts';
import { decodeFrames, type GestureEvent } from '../../workers/audio/frame-codec.ts';
import { noteName } from '../../workers/tria/notes.ts';
import { type HologramSummary, summarizeFrames } from '../../workers/tria/summary.ts';
import { listParts } from '../chunks/store.ts';
import type { AppDeps } from '../deps.ts';
import { getHologram, type Hologram, listHolograms } from '../holograms/store.ts';

/** Frames parts read for one description; longer recordings are sampled evenly. */
export const MAX_FRAME_PARTS = 120;
/** Frames kept for one description (about 6.7 minutes at 30 frames/s, ~20 MB). */
export const MAX_FRAMES = 12_000;

/** The list entry a tool shows the model. */
export interface HologramBrief {
  id: string;
  title: string;
  createdAt: string;
  durationMs: number;
  complete: boolean;
}

export const brief = (h: Hologram): HologramBrief => ({
  id: h.id,
  title: h.title,
  createdAt: h.createdAt,
  durationMs: h.durationMs,
  complete: h.complete,
});

export interface HologramDescription extends HologramBrief {
  /** Null when no frames were uploaded yet. */
  summary: HologramSummary | null;
  /** The dominant notes by name, with their share of the voiced frames. */
  notes: Array<{ en: string; ru: string; frequencyHz: number; share: number }>;
  /** Gestures recognised while recording, most used first. */
  gestures: Array<{ gesture: string; count: number }>;
  /** True when the recording was long enough that only a sample of its frames was read. */
  sampled: boolean;
}

/** Evenly spaced picks of at most `max` items, first and last included. */
export function sampleEvenly<T>(items: T[], max: number): T[] {
  if (items.length <= max) return items;
  if (max <= 1) return items.slice(0, max);
  const out: T[] = [];
  for (let i = 0; i < max; i++) {
    out.push(items[Math.round((i * (items.length - 1)) / (max - 1))] as T);
  }
  return out;
}

/** Frames and gestures of the owner's hologram, in sequence order, sampled to the limits. */
export async function readFrames(deps: AppDeps, owner: string, id: string) {
  const parts = (await listParts(deps.db, owner, id)).filter((p) => p.kind === 'frames');
  const picked = sampleEvenly(parts, MAX_FRAME_PARTS);
  const frames: HologramFrame[] = [];
  const gestures: GestureEvent[] = [];
  for (const part of picked) {
    if (frames.length >= MAX_FRAMES) break;
    const blob = await deps.storage.get(part.blobKey);
    if (!blob) continue;
    const decoded = decodeFrames(new Uint8Array(await new Response(blob.body).arrayBuffer()));
    frames.push(...decoded.frames.slice(0, MAX_FRAMES - frames.length));
    gestures.push(...decoded.gestures);
  }
  return { frames, gestures, sampled: picked.length < parts.length || frames.length >= MAX_FRAMES };
}

function countGestures(events: GestureEvent[]): HologramDescription['gestures'] {
  const counts = new Map<string, number>();
  for (const e of events) counts.set(e.gesture, (counts.get(e.gesture) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([gesture, count]) => ({ gesture, count }));
}

/** The owner's hologram described from its frames; null when the owner has no such hologram. */
export async function describeHologram(
  deps: AppDeps,
  owner: string,
  id: string,
): Promise<HologramDescription | null> {
  const h = await getHologram(deps.db, owner, id);
  if (!h) return null;
  const { frames, gestures, sampled } = await readFrames(deps, owner, id);
  const summary = frames.length > 0 ? summarizeFrames(frames) : null;
  return {
    ...brief(h),
    summary,
    notes: (summary?.dominantNotes ?? []).map((n) => {
      const name = noteName(n.band);
      return { en: name.en, ru: name.ru, frequencyHz: name.frequencyHz, share: n.share };
    }),
    gestures: countGestures(gestures),
    sampled,
  };
}

/** The owner's newest holograms (by creation time). */
export async function newestHolograms(deps: AppDeps, owner: string, limit: number) {
  return (await listHolograms(deps.db, owner, limit, null)).items;
}

/** The owner's holograms whose title contains `text` (case-insensitive), newest first. */
export async function searchByTitle(
  deps: AppDeps,
  owner: string,
  text: string,
  limit: number,
): Promise<HologramBrief[]> {
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const { rows } = await deps.db.query<{
    id: string;
    title: string;
    created_at: Date | string;
    duration_ms: number;
    complete: boolean;
  }>(
    `SELECT id, title, created_at, duration_ms, complete FROM holograms
     WHERE owner_uid = $1 AND title ILIKE $2
     ORDER BY created_at DESC, id DESC LIMIT $3`,
    [owner, pattern, limit],
  );
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    createdAt: new Date(r.created_at).toISOString(),
    durationMs: Number(r.duration_ms),
    complete: r.complete,
  }));
}
