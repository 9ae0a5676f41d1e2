import { describe, expect, it } from 'vitest';
import { BANDS } from './frame.ts';
import {
  A4_BAND,
  bandFrequency,
  DB_TICKS,
  formatDb,
  NOTE_NAMES,
  noteName,
  OCTAVE_LABELS,
} from './notes.ts';

describe('bands and notes', () => {
  it('puts C0 at 16.352 Hz and A4 = 440 Hz at band 57', () => {
    expect(A4_BAND).toBe(57);
    expect(bandFrequency(0)).toBeCloseTo(16.352, 3);
    expect(bandFrequency(57)).toBe(440);
    expect(bandFrequency(69)).toBeCloseTo(880, 9);
    expect(bandFrequency(129)).toBeGreaterThan(27_000);
    expect(bandFrequency(129)).toBeLessThan(29_000);
  });

  it('names bands in scientific pitch notation', () => {
    expect(NOTE_NAMES).toHaveLength(12);
    expect(noteName(0)).toBe('C0');
    expect(noteName(9)).toBe('A0');
    expect(noteName(57)).toBe('A4');
    expect(noteName(60)).toBe('C5');
    expect(noteName(61)).toBe('C#5');
    expect(noteName(129)).toBe('A10');
  });

  it('labels every C from C1 to C9 at its band', () => {
    expect(OCTAVE_LABELS.map((l) => l.text)).toEqual([
      'C1',
      'C2',
      'C3',
      'C4',
      'C5',
      'C6',
      'C7',
      'C8',
      'C9',
    ]);
    for (const label of OCTAVE_LABELS) {
      expect(label.band % 12).toBe(0);
      expect(label.band).toBeLessThan(BANDS);
      expect(noteName(label.band)).toBe(label.text);
    }
    expect(bandFrequency(OCTAVE_LABELS[3]?.band ?? -1)).toBeCloseTo(261.63, 2); // middle C
  });

  it('ticks the level axis every 20 dB and writes a real minus sign', () => {
    expect(DB_TICKS).toEqual([-100, -80, -60, -40, -20, 0]);
    expect(formatDb(-60)).toBe('\u221260');
    expect(formatDb(0)).toBe('0');
  });
});
