// Chunks on the recording's clock and the frame of each moment, before and after everything is in.
import { describe, expect, it } from 'vitest';
import { createFrame, type HologramFrame } from '../hologram/frame.ts';
import { DEFAULT_CHUNK_MS, lastAtOrBefore, Timeline } from './timeline.ts';

const frames = (fromMs: number, toMs: number, stepMs = 100): HologramFrame[] => {
  const out: HologramFrame[] = [];
  for (let t = fromMs; t < toMs; t += stepMs) {
    const f = createFrame();
    f.t = t;
    out.push(f);
  }
  return out;
};
const span = (startMs: number, endMs: number) => ({
  startMs,
  endMs,
  frames: frames(startMs, endMs),
});

describe('lastAtOrBefore', () => {
  it('binary-searches the last value at or before x', () => {
    const v = [0, 10, 10, 20];
    expect(lastAtOrBefore(v.length, (i) => v[i] as number, -1)).toBe(-1);
    expect(lastAtOrBefore(v.length, (i) => v[i] as number, 10)).toBe(2);
    expect(lastAtOrBefore(v.length, (i) => v[i] as number, 99)).toBe(3);
    expect(lastAtOrBefore(0, () => 0, 5)).toBe(-1);
  });
});

describe('Timeline', () => {
  it('estimates evenly from the stated duration until chunks are in', () => {
    const t = new Timeline(3, 6000);
    expect([0, 1, 2, 3].map((i) => t.startOf(i))).toEqual([0, 2000, 4000, 6000]);
    expect(t.indexAt(4500)).toBe(2);
    expect(t.frameAt(100)).toBeNull();
    expect(t.allLoaded).toBe(false);
  });

  it('falls back to a default chunk length without a stated duration', () => {
    const t = new Timeline(2, 0);
    expect(t.endMs).toBe(2 * DEFAULT_CHUNK_MS);
  });

  it('uses exact places as they arrive, and spreads the rest', () => {
    const t = new Timeline(4, 8000);
    t.set(0, span(0, 2100));
    expect(t.startOf(1)).toBe(2100);
    // The rest is at least as long as the chunks seen so far make it (3 × 2100 ms past 2100).
    expect(t.startOf(3)).toBe(2100 + 2 * 2100);
    expect(t.endMs).toBe(2100 + 3 * 2100);
    t.set(2, span(4300, 6400));
    expect(t.startOf(1)).toBe(2100);
    expect(t.startOf(2)).toBe(4300);
    expect(t.startOf(3)).toBe(6400);
    t.set(1, span(2100, 4300));
    t.set(3, span(6400, 8500));
    expect(t.allLoaded).toBe(true);
    expect(t.endMs).toBe(8500);
  });

  it('gives the latest frame at or before a moment, across chunk edges', () => {
    const t = new Timeline(2, 4000);
    t.set(0, { startMs: 0, endMs: 2000, frames: frames(50, 2000) });
    t.set(1, { startMs: 2000, endMs: 4000, frames: frames(2050, 4000) });
    expect(t.frameAt(0)?.t).toBe(50); // before the first frame: the first
    expect(t.frameAt(149.9)?.t).toBe(50);
    expect(t.frameAt(150)?.t).toBe(150);
    expect(t.frameAt(2010)?.t).toBe(1950); // next chunk before its first frame: the previous last
    expect(t.frameAt(2050)?.t).toBe(2050);
    expect(t.frameAt(99_999)?.t).toBe(3950);
  });

  it('puts a gap between chunks in the earlier one', () => {
    const t = new Timeline(2, 5000);
    t.set(0, span(0, 2000));
    t.set(1, span(3000, 5000));
    expect(t.indexAt(2500)).toBe(0);
    expect(t.frameAt(2500)?.t).toBe(1900);
  });

  it('knows nothing of a chunk not yet in', () => {
    const t = new Timeline(3, 6000);
    t.set(0, span(0, 2000));
    expect(t.isLoaded(1)).toBe(false);
    expect(t.frameAt(2500)).toBeNull();
    expect(() => t.set(3, span(0, 1))).toThrow(RangeError);
  });
});
