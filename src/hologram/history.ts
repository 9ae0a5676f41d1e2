// The last N frames, kept in preallocated slots and overwritten in place (a ring): pushing a
// frame never allocates. The scene draws slot s at the depth and fade of its age.
import { BANDS, bandsOf, type HologramFrame } from './frame.ts';

/** Most frames a history can keep. */
export const MAX_HISTORY = 128;

/** Opacity of the oldest kept slice relative to the live one. */
export const OLDEST_FADE = 0.08;

/** A valid history length: an integer 1…MAX_HISTORY (0 and below mean live only). */
export function clampHistory(length: number): number {
  if (!Number.isFinite(length) || length < 1) return 1;
  return Math.min(MAX_HISTORY, Math.floor(length));
}

/**
 * Opacity of a slice `age` frames old among `slices`: 1 for the live one, falling linearly
 * to OLDEST_FADE for the oldest.
 */
export function sliceFade(age: number, slices: number): number {
  if (age <= 0 || slices <= 1) return 1;
  return 1 - ((1 - OLDEST_FADE) * age) / (slices - 1);
}

export class HistoryRing {
  /** Levels and pans of every slot, slot s at s × BANDS. */
  readonly left = new Float32Array(MAX_HISTORY * BANDS);
  readonly right = new Float32Array(MAX_HISTORY * BANDS);
  readonly pan = new Float32Array(MAX_HISTORY * BANDS);
  /** Slots in use (the history length). */
  private slots = 1;
  /** Slot of the newest frame; −1 while empty. */
  private newest = -1;
  private filled = 0;

  get length(): number {
    return this.slots;
  }

  /** Frames held, ≤ length. */
  get count(): number {
    return this.filled;
  }

  get head(): number {
    return this.newest;
  }

  /** Changes the number of slots (clamped) and empties the history. */
  resize(length: number): void {
    this.slots = clampHistory(length);
    this.clear();
  }

  clear(): void {
    this.newest = -1;
    this.filled = 0;
  }

  /** Copies a frame into the next slot, overwriting the oldest when full; returns the slot. */
  push(frame: HologramFrame): number {
    const slot = (this.newest + 1) % this.slots;
    const at = slot * BANDS;
    this.left.set(bandsOf(frame.left), at);
    this.right.set(bandsOf(frame.right), at);
    this.pan.set(bandsOf(frame.pan), at);
    this.newest = slot;
    if (this.filled < this.slots) this.filled++;
    return slot;
  }

  /** Age of a held slot: 0 for the newest frame, count − 1 for the oldest. */
  ageOf(slot: number): number {
    return (this.newest - slot + this.slots) % this.slots;
  }
}
