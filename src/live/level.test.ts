import { describe, expect, it } from 'vitest';
import { createFrame, DB_FLOOR } from '../hologram/frame.ts';
import { meterFraction, peakOf } from './level.ts';

describe('level meter', () => {
  it('finds the loudest band of either channel', () => {
    const f = createFrame();
    f.left[57] = -12;
    f.right[60] = -6;
    expect(peakOf(f)).toEqual({ db: -6, band: 60 });
  });

  it('reports silence as the floor with no band', () => {
    expect(peakOf(createFrame())).toEqual({ db: DB_FLOOR, band: -1 });
  });

  it('maps dBFS onto a 60 dB meter', () => {
    expect(meterFraction(0)).toBe(1);
    expect(meterFraction(-30)).toBe(0.5);
    expect(meterFraction(-100)).toBe(0);
    expect(meterFraction(6)).toBe(1);
  });
});
