// Note names and axis ticks for the hologram: which band is which note, where the octave
// labels (C1…C9) go on the pitch axis, and which dB values the level axis marks.
import { BANDS, DB_FLOOR, DB_TOP } from './frame.ts';

export const NOTE_NAMES = [
  'C',
  'C#',
  'D',
  'D#',
  'E',
  'F',
  'F#',
  'G',
  'G#',
  'A',
  'A#',
  'B',
] as const;

/** Band of A4 = 440 Hz (band 0 is C0). */
export const A4_BAND = 57;

export const A4_HZ = 440;

/** Centre frequency of band `band` in Hz: C0 = 16.352 Hz, one semitone per band. */
export function bandFrequency(band: number): number {
  return A4_HZ * 2 ** ((band - A4_BAND) / 12);
}

/** Scientific pitch name of a band: 0 → "C0", 57 → "A4", 129 → "A10". */
export function noteName(band: number): string {
  return `${NOTE_NAMES[band % 12]}${Math.floor(band / 12)}`;
}

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
