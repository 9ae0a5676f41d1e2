// The replay clock and when each chunk's sound must start, at any speed.
import { describe, expect, it } from 'vitest';
import { clampRate, positionAt, sourceTiming } from './clock.ts';

describe('replay clock', () => {
  it('runs at the playback rate', () => {
    const anchor = { ctxTime: 10, positionMs: 1000, rate: 2 };
    expect(positionAt(anchor, 10)).toBe(1000);
    expect(positionAt(anchor, 10.5)).toBe(2000);
    expect(positionAt({ ...anchor, rate: 0.5 }, 12)).toBe(2000);
  });

  it('starts later chunks in the future, a current one at an offset, skips past ones', () => {
    const anchor = { ctxTime: 10, positionMs: 3000, rate: 1 };
    expect(sourceTiming(anchor, 10, 4000, 2000)).toEqual({ when: 11, offset: 0 });
    expect(sourceTiming(anchor, 10, 2000, 2000)).toEqual({ when: 10, offset: 1 });
    expect(sourceTiming(anchor, 10, 0, 2000)).toBeNull();
    expect(sourceTiming(anchor, 10, 1000, 2000)).toBeNull();
  });

  it('scales the wait by the speed but not the offset into the buffer', () => {
    const anchor = { ctxTime: 0, positionMs: 1000, rate: 2 };
    expect(sourceTiming(anchor, 0, 3000, 1000)).toEqual({ when: 1, offset: 0 });
    expect(sourceTiming(anchor, 0, 500, 1000)).toEqual({ when: 0, offset: 0.5 });
  });

  it('catches up when scheduled late (the context has moved on)', () => {
    const anchor = { ctxTime: 0, positionMs: 0, rate: 1 };
    // Decoded only at context time 2.5 s: chunk [2000, 4000) starts now, half a second in.
    expect(sourceTiming(anchor, 2.5, 2000, 2000)).toEqual({ when: 2.5, offset: 0.5 });
  });

  it('keeps rates within 0.5–2', () => {
    expect(clampRate(0.1)).toBe(0.5);
    expect(clampRate(3)).toBe(2);
    expect(clampRate(1.25)).toBe(1.25);
    expect(clampRate(Number.NaN)).toBe(1);
  });
});
