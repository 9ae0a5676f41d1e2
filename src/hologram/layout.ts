// Where things go in the scene (world units). Y: pitch, band 0 at the bottom, band 129 at
// the top. Z: level, the floor at z = 0 growing towards +z; older history slices recede
// towards −z. X: stereo, the left channel's column left of the centre line, the right
// channel's right of it, both shifted sideways by the band's pan (never across the centre).
import { BANDS, DB_FLOOR, DB_TOP } from './frame.ts';

/** Half the height of the pitch axis: bands run from y = −PITCH_HALF to +PITCH_HALF. */
export const PITCH_HALF = 1;

/** Depth of a full-scale (0 dBFS) bar. */
export const LEVEL_DEPTH = 1.2;

/** Distance of a centred (pan 0) column from the centre line. */
export const CHANNEL_OFFSET = 0.5;

/** How far pan ±1 shifts a column; less than CHANNEL_OFFSET, so channels never cross. */
export const PAN_SHIFT = 0.4;

/** Outer edge of the columns: CHANNEL_OFFSET + PAN_SHIFT. */
export const X_EDGE = CHANNEL_OFFSET + PAN_SHIFT;

/** Depth the whole history occupies behind the live slice, at most. */
export const HISTORY_SPAN = 2;

/** Largest gap between two history slices (short histories stay compact). */
export const MAX_SLICE_STEP = 0.1;

export type Channel = 'left' | 'right';

/** Height of band `band`: −PITCH_HALF for band 0 … +PITCH_HALF for band BANDS − 1. */
export function bandY(band: number): number {
  return -PITCH_HALF + (2 * PITCH_HALF * band) / (BANDS - 1);
}

/**
 * A level as a fraction of the axis, 0 (floor) … 1 (top), after adding `sensitivityDb`
 * (positive values make quiet sounds reach further). Non-finite levels count as silence.
 */
export function levelFraction(db: number, sensitivityDb = 0): number {
  const f = (db + sensitivityDb - DB_FLOOR) / (DB_TOP - DB_FLOOR);
  if (!(f > 0)) return 0; // also catches NaN and −Infinity
  return f > 1 ? 1 : f;
}

/** Depth of a bar for a level in dBFS. */
export function levelDepth(db: number, sensitivityDb = 0): number {
  return levelFraction(db, sensitivityDb) * LEVEL_DEPTH;
}

/** X of a band's column for a channel and its pan (clamped to −1…+1). */
export function columnX(channel: Channel, pan: number): number {
  const p = pan > 1 ? 1 : pan < -1 ? -1 : Number.isNaN(pan) ? 0 : pan;
  return (channel === 'left' ? -CHANNEL_OFFSET : CHANNEL_OFFSET) + p * PAN_SHIFT;
}

/** Gap between consecutive history slices when `slices` are kept. */
export function sliceStep(slices: number): number {
  return slices > 1 ? Math.min(MAX_SLICE_STEP, HISTORY_SPAN / (slices - 1)) : 0;
}

/** Shortest tip drawn for a history slice. */
export const MIN_TIP = 0.015;

/**
 * How much of a bar a slice draws, measured back from its tip: the live slice draws whole bars;
 * older slices draw only a tip as long as the gap between slices, so a steady sound leaves a
 * continuous trail into the depth at a fraction of the pixels whole bars would cost.
 */
export function sliceTip(age: number, slices: number): number {
  return age === 0 ? LEVEL_DEPTH : Math.max(sliceStep(slices), MIN_TIP);
}

/** Z of the floor of the slice `age` frames old (0 = live). */
export function sliceZ(age: number, slices: number): number {
  return -age * sliceStep(slices);
}
