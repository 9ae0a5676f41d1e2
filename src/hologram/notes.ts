// Note names and axis ticks for the hologram: which band is which note, where the octave
// labels (C1…C9) go on the pitch axis, and which dB values the level axis marks.
import { noteName } from '../../workers/audio/bands.ts';
import { BANDS, DB_FLOOR, DB_TOP } from './frame.ts';

export {
  A4_BAND,
  A4_HZ,
  bandFrequency,
  NOTE_NAMES,
  noteName,
} from '../../workers/audio/bands.ts';

export interface AxisLabel {
  readonly band: number;
  readonly text: string;
}

/** The pitch axis labels: every C from C1 to C9. */
export const OCTAVE_LABELS: readonly AxisLabel[] = Array.from({ length: 9 }, (_, i) => {
  const band = (i + 1) * 12;
  return { band, text: noteName(band) };
}).filter((label) => label.band < BANDS);

/** Level axis ticks, every 20 dB from the floor to the top. */
export const DB_TICKS: readonly number[] = Array.from(
  { length: (DB_TOP - DB_FLOOR) / 20 + 1 },
  (_, i) => DB_FLOOR + i * 20,
);

/** A tick's text with a real minus sign, e.g. "−60"; 0 stays "0". */
export function formatDb(db: number): string {
  return db < 0 ? `\u2212${Math.abs(db)}` : String(db);
}
