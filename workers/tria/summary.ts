// A recorded hologram in a few figures, for Tria's "describe my last hologram": dominant notes,
// loudness over time, stereo image and duration. Pure; the API and the browser both call it.
import {
  BANDS,
  DB_FLOOR,
  type HologramFrame,
  loudestBand as loudestAbove,
} from '../audio/frame.ts';

/** Bands at or below this level count as silent (no note, no loudness, no stereo weight). */
export const SILENCE_DB = -90;
/** Loudness over time is reported as the mean of up to this many equal spans. */
export const TIMELINE_SPANS = 8;
const TOP_NOTES = 3;

export interface HologramSummary {
  frameCount: number;
  /** Time from the first frame to the last, in ms. */
  durationMs: number;
  /** Bands that were loudest in the most frames, most frequent first; share of voiced frames. */
  dominantNotes: Array<{ band: number; share: number }>;
  /** Per-frame loudness (power sum of the non-silent bands, channels averaged), in dBFS. */
  loudness: { minDb: number; meanDb: number; maxDb: number; timelineDb: number[] };
  /** Power-weighted mean panorama (−1 … +1) and spread around it (0 = point, 1 = hard L + hard R). */
  stereo: { meanPan: number; width: number };
}

const power = (db: number): number => 10 ** (db / 10);
const toDb = (p: number): number => (p > 0 ? Math.max(DB_FLOOR, 10 * Math.log10(p)) : DB_FLOOR);

/** Level of band i: the louder channel. */
export function bandLevel(frame: HologramFrame, i: number): number {
  return Math.max(frame.left[i] ?? DB_FLOOR, frame.right[i] ?? DB_FLOOR);
}

/** The loudest band of a frame, or null when every band is at or below SILENCE_DB. */
export function loudestBand(frame: HologramFrame): { band: number; db: number } | null {
  return loudestAbove(frame, SILENCE_DB);
}

/** Mean power of the two channels of band i; 0 when the band is silent. */
function bandPower(frame: HologramFrame, i: number): number {
  if (bandLevel(frame, i) <= SILENCE_DB) return 0;
  return (power(frame.left[i] ?? DB_FLOOR) + power(frame.right[i] ?? DB_FLOOR)) / 2;
}

function frameLoudness(frame: HologramFrame): number {
  let sum = 0;
  for (let i = 0; i < BANDS; i++) sum += bandPower(frame, i);
  return toDb(sum);
}

function dominantNotes(frames: HologramFrame[]): HologramSummary['dominantNotes'] {
  const counts = new Map<number, number>();
  let voiced = 0;
  for (const frame of frames) {
    const top = loudestBand(frame);
    if (top === null) continue;
    voiced++;
    counts.set(top.band, (counts.get(top.band) ?? 0) + 1);
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, TOP_NOTES)
    .map(([band, count]) => ({ band, share: count / voiced }));
}

function timeline(levels: number[]): number[] {
  const spans = Math.min(TIMELINE_SPANS, levels.length);
  const out: number[] = [];
  for (let s = 0; s < spans; s++) {
    const part = levels.slice(
      Math.floor((s * levels.length) / spans),
      Math.floor(((s + 1) * levels.length) / spans),
    );
    out.push(part.reduce((a, b) => a + b, 0) / part.length);
  }
  return out;
}

function stereo(frames: HologramFrame[]): HologramSummary['stereo'] {
  let weight = 0;
  let sum = 0;
  let sumSq = 0;
  for (const frame of frames) {
    for (let i = 0; i < BANDS; i++) {
      const w = bandPower(frame, i);
      const pan = frame.pan[i] ?? 0;
      weight += w;
      sum += w * pan;
      sumSq += w * pan * pan;
    }
  }
  if (weight === 0) return { meanPan: 0, width: 0 };
  const meanPan = sum / weight;
  return { meanPan, width: Math.sqrt(Math.max(0, sumSq / weight - meanPan * meanPan)) };
}

export function summarizeFrames(frames: HologramFrame[]): HologramSummary {
  const ordered = [...frames].sort((a, b) => a.t - b.t);
  const levels = ordered.map(frameLoudness);
  const first = ordered[0];
  const last = ordered[ordered.length - 1];
  return {
    frameCount: ordered.length,
    durationMs: first && last ? last.t - first.t : 0,
    dominantNotes: dominantNotes(ordered),
    loudness: {
      minDb: levels.length ? levels.reduce((a, b) => Math.min(a, b)) : DB_FLOOR,
      meanDb: levels.length ? levels.reduce((a, b) => a + b, 0) / levels.length : DB_FLOOR,
      maxDb: levels.length ? levels.reduce((a, b) => Math.max(a, b)) : DB_FLOOR,
      timelineDb: timeline(levels),
    },
    stereo: stereo(ordered),
  };
}
