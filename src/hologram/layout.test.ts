import { describe, expect, it } from 'vitest';
import { BANDS } from './frame.ts';
import {
  bandY,
  CHANNEL_OFFSET,
  columnX,
  HISTORY_SPAN,
  LEVEL_DEPTH,
  levelDepth,
  levelFraction,
  MAX_SLICE_STEP,
  MIN_TIP,
  PAN_SHIFT,
  PITCH_HALF,
  sliceStep,
  sliceTip,
  sliceZ,
  X_EDGE,
} from './layout.ts';

describe('pitch axis', () => {
  it('runs band 0 at the bottom to band 129 at the top, evenly', () => {
    expect(bandY(0)).toBe(-PITCH_HALF);
    expect(bandY(BANDS - 1)).toBeCloseTo(PITCH_HALF, 12);
    const step = bandY(1) - bandY(0);
    expect(step).toBeGreaterThan(0);
    for (let i = 1; i < BANDS; i++) expect(bandY(i) - bandY(i - 1)).toBeCloseTo(step, 12);
  });
});

describe('level axis', () => {
  it('maps the floor to 0 and the top to the full depth', () => {
    expect(levelFraction(-100)).toBe(0);
    expect(levelFraction(0)).toBe(1);
    expect(levelFraction(-50)).toBeCloseTo(0.5, 12);
    expect(levelDepth(-25)).toBeCloseTo(0.75 * LEVEL_DEPTH, 12);
  });

  it('adds the sensitivity before mapping and clamps to the axis', () => {
    expect(levelFraction(-70, 20)).toBeCloseTo(0.5, 12);
    expect(levelFraction(-20, 30)).toBe(1);
    expect(levelFraction(-90, -20)).toBe(0);
    expect(levelDepth(6)).toBe(LEVEL_DEPTH);
  });

  it('treats NaN and −Infinity as silence', () => {
    expect(levelFraction(Number.NaN)).toBe(0);
    expect(levelFraction(Number.NEGATIVE_INFINITY)).toBe(0);
    expect(levelFraction(Number.POSITIVE_INFINITY)).toBe(1);
  });
});

describe('stereo axis', () => {
  it('puts the left channel left of the centre line and the right channel right of it', () => {
    expect(columnX('left', 0)).toBe(-CHANNEL_OFFSET);
    expect(columnX('right', 0)).toBe(CHANNEL_OFFSET);
    for (const pan of [-1, -0.5, 0, 0.5, 1]) {
      expect(columnX('left', pan)).toBeLessThan(0);
      expect(columnX('right', pan)).toBeGreaterThan(0);
    }
  });

  it('shifts both columns the way the band is panned, up to the edge', () => {
    expect(columnX('left', -1)).toBeCloseTo(-X_EDGE, 12);
    expect(columnX('right', 1)).toBeCloseTo(X_EDGE, 12);
    expect(columnX('left', 1) - columnX('left', -1)).toBeCloseTo(2 * PAN_SHIFT, 12);
    expect(columnX('right', 0.5)).toBeGreaterThan(columnX('right', 0));
    expect(columnX('left', -0.5)).toBeLessThan(columnX('left', 0));
  });

  it('mirrors the grids: the left column for pan p is the right column for −p, reflected', () => {
    for (const pan of [-1, -0.3, 0, 0.7, 1]) {
      expect(columnX('left', pan)).toBeCloseTo(-columnX('right', -pan), 12);
    }
  });

  it('clamps pan beyond ±1 and treats NaN as centre', () => {
    expect(columnX('right', 5)).toBe(columnX('right', 1));
    expect(columnX('left', -5)).toBe(columnX('left', -1));
    expect(columnX('left', Number.NaN)).toBe(-CHANNEL_OFFSET);
  });
});

describe('history depth', () => {
  it('keeps the live slice at z = 0 and recedes older ones towards −z', () => {
    expect(sliceZ(0, 64)).toBe(-0);
    expect(sliceZ(1, 64)).toBeLessThan(0);
    expect(sliceZ(63, 64)).toBeCloseTo(-HISTORY_SPAN, 12);
    expect(sliceZ(10, 64)).toBeLessThan(sliceZ(9, 64));
  });

  it('spaces short histories at most MAX_SLICE_STEP apart and has no depth when live only', () => {
    expect(sliceStep(1)).toBe(0);
    expect(sliceStep(2)).toBe(MAX_SLICE_STEP);
    expect(sliceStep(128)).toBeCloseTo(HISTORY_SPAN / 127, 12);
  });

  it('draws whole bars for the live slice and tips one gap long for older ones', () => {
    expect(sliceTip(0, 64)).toBe(LEVEL_DEPTH);
    expect(sliceTip(1, 64)).toBe(sliceStep(64));
    expect(sliceTip(63, 64)).toBe(sliceStep(64));
    expect(sliceTip(5, 2000)).toBe(MIN_TIP);
  });
});
