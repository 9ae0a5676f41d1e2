// The level meter's reading: the loudest band of either channel, in dBFS, and the note it is.
import { BANDS, DB_FLOOR, type HologramFrame } from '../hologram/frame.ts';

export interface Peak {
  db: number;
  band: number;
}

export function peakOf(frame: HologramFrame): Peak {
  let db = DB_FLOOR;
  let band = -1;
  for (let i = 0; i < BANDS; i++) {
    const v = Math.max(frame.left[i] as number, frame.right[i] as number);
    if (v > db) {
      db = v;
      band = i;
    }
  }
  return { db, band };
}

/** Meter fill 0…1 from a dBFS value over a 60 dB range. */
export function meterFraction(db: number, rangeDb = 60): number {
  return Math.min(1, Math.max(0, 1 + db / rangeDb));
}
