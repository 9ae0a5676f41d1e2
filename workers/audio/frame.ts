// The unit the analysis produces (DESIGN §1). src/hologram/frame.ts describes the same shape for
// the scene; this copy keeps workers/ (shared with the API) free of browser-side imports.

/** Number of semitone bands: index 0 is C0, index 57 is A4 (440 Hz), index 129 ≈ 28 kHz. */
export const BANDS = 130;

/** Lowest level a band reports (silence, or a band above the sample rate's limit), in dBFS. */
export const DB_FLOOR = -100;

/** Highest level a band reports, in dBFS: a full-scale sine (peak amplitude 1.0). */
export const DB_TOP = 0;

export interface HologramFrame {
  /** Milliseconds since the first sample: the time of the newest sample the frame has seen. */
  t: number;
  /** Left channel: BANDS levels in dBFS, DB_FLOOR … DB_TOP. */
  left: Float32Array;
  /** Right channel: BANDS levels in dBFS, DB_FLOOR … DB_TOP. */
  right: Float32Array;
  /** Per-band panorama: −1 hard left … 0 centre … +1 hard right. */
  pan: Float32Array;
}

/** A silent frame at t = 0. With `buffer`, its three arrays are views of it (3 · BANDS floats). */
export function createFrame(buffer = new ArrayBuffer(3 * BANDS * 4)): HologramFrame {
  const bytes = BANDS * 4;
  return {
    t: 0,
    left: new Float32Array(buffer, 0, BANDS).fill(DB_FLOOR),
    right: new Float32Array(buffer, bytes, BANDS).fill(DB_FLOOR),
    pan: new Float32Array(buffer, 2 * bytes, BANDS).fill(0),
  };
}

/** Copies `from` into `to` (arrays of BANDS values); allocates nothing. */
export function copyFrame(from: HologramFrame, to: HologramFrame): HologramFrame {
  to.t = from.t;
  to.left.set(from.left);
  to.right.set(from.right);
  to.pan.set(from.pan);
  return to;
}

/** The band whose louder channel is loudest, above `floor` dB; null when none is. */
export function loudestBand(
  frame: HologramFrame,
  floor = DB_FLOOR,
): { band: number; db: number } | null {
  let band = -1;
  let db = floor;
  for (let i = 0; i < BANDS; i++) {
    const level = Math.max(frame.left[i] ?? DB_FLOOR, frame.right[i] ?? DB_FLOOR);
    if (level > db) {
      db = level;
      band = i;
    }
  }
  return band < 0 ? null : { band, db };
}
