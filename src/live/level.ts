// The level meter's reading: the loudest band of either channel, in dBFS, and the note it is.
import { loudestBand } from '../../workers/audio/frame.ts';
import { DB_FLOOR, type HologramFrame } from '../hologram/frame.ts';

export interface Peak {
  db: number;
  band: number;
}

export function peakOf(frame: HologramFrame): Peak {
  return loudestBand(frame) ?? { db: DB_FLOOR, band: -1 };
}

/** Meter fill 0…1 from a dBFS value over a 60 dB range. */
export function meterFraction(db: number, rangeDb = 60): number {
  return Math.min(1, Math.max(0, 1 + db / rangeDb));
}
