import { describe, expect, it } from 'vitest';
import { BANDS, createFrame, type HologramFrame } from './frame.ts';
import { clampHistory, HistoryRing, MAX_HISTORY, OLDEST_FADE, sliceFade } from './history.ts';

function frameWith(value: number): HologramFrame {
  const frame = createFrame();
  frame.left.fill(value);
  frame.right.fill(value - 1);
  frame.pan.fill(value / 1000);
  return frame;
}

describe('history length', () => {
  it('is 1 (live only) for 0, negatives and NaN, and at most MAX_HISTORY', () => {
    expect(clampHistory(0)).toBe(1);
    expect(clampHistory(-5)).toBe(1);
    expect(clampHistory(Number.NaN)).toBe(1);
    expect(clampHistory(64)).toBe(64);
    expect(clampHistory(64.9)).toBe(64);
    expect(clampHistory(1000)).toBe(MAX_HISTORY);
    expect(MAX_HISTORY).toBe(128);
  });
});

describe('sliceFade', () => {
  it('is 1 for the live slice and falls to OLDEST_FADE for the oldest', () => {
    expect(sliceFade(0, 64)).toBe(1);
    expect(sliceFade(63, 64)).toBeCloseTo(OLDEST_FADE, 12);
    for (let age = 1; age < 64; age++) {
      expect(sliceFade(age, 64)).toBeLessThan(sliceFade(age - 1, 64));
      expect(sliceFade(age, 64)).toBeGreaterThan(0);
    }
  });

  it('is 1 when live only', () => {
    expect(sliceFade(0, 1)).toBe(1);
  });
});

describe('HistoryRing', () => {
  it('starts empty with one slot', () => {
    const ring = new HistoryRing();
    expect(ring.length).toBe(1);
    expect(ring.count).toBe(0);
    expect(ring.head).toBe(-1);
  });

  it('fills slots in order, then overwrites the oldest', () => {
    const ring = new HistoryRing();
    ring.resize(3);
    expect([1, 2, 3].map((v) => ring.push(frameWith(v)))).toEqual([0, 1, 2]);
    expect(ring.count).toBe(3);
    expect(ring.push(frameWith(4))).toBe(0);
    expect(ring.count).toBe(3);
    expect(ring.head).toBe(0);
    expect(ring.left[0]).toBe(4);
    expect(ring.left[BANDS]).toBe(2);
    expect(ring.right[2 * BANDS + BANDS - 1]).toBe(2);
    expect(ring.pan[0]).toBeCloseTo(0.004, 6);
  });

  it('ages slots from the newest (0) to the oldest (count − 1)', () => {
    const ring = new HistoryRing();
    ring.resize(4);
    for (let v = 1; v <= 6; v++) ring.push(frameWith(v)); // slots: 5 6 3 4, newest in slot 1
    expect(ring.head).toBe(1);
    expect([0, 1, 2, 3].map((slot) => ring.ageOf(slot))).toEqual([1, 0, 3, 2]);
    expect(ring.left[ring.head * BANDS]).toBe(6);
  });

  it('writes in place: pushing reuses the same storage', () => {
    const ring = new HistoryRing();
    ring.resize(2);
    const storage = ring.left;
    for (let v = 0; v < 10; v++) ring.push(frameWith(v));
    expect(ring.left).toBe(storage);
    expect(ring.left).toHaveLength(MAX_HISTORY * BANDS);
  });

  it('live only keeps just the newest frame', () => {
    const ring = new HistoryRing();
    ring.resize(0);
    ring.push(frameWith(1));
    ring.push(frameWith(2));
    expect(ring.count).toBe(1);
    expect(ring.head).toBe(0);
    expect(ring.left[0]).toBe(2);
  });

  it('empties on resize and clear', () => {
    const ring = new HistoryRing();
    ring.resize(8);
    ring.push(frameWith(1));
    ring.resize(16);
    expect(ring.length).toBe(16);
    expect(ring.count).toBe(0);
    ring.push(frameWith(1));
    ring.clear();
    expect(ring.count).toBe(0);
    expect(ring.push(frameWith(2))).toBe(0);
  });
});
