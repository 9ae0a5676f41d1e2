import { describe, expect, it } from 'vitest';
import { BANDS, bandsOf, copyFrame, createFrame, DB_FLOOR, DB_TOP } from './frame.ts';

describe('HologramFrame', () => {
  it('has 130 bands from a −100 dB floor to a 0 dB top', () => {
    expect(BANDS).toBe(130);
    expect(DB_FLOOR).toBe(-100);
    expect(DB_TOP).toBe(0);
  });

  it('starts silent and centred', () => {
    const frame = createFrame();
    expect(frame.t).toBe(0);
    expect([...frame.left].every((db) => db === DB_FLOOR)).toBe(true);
    expect([...frame.right].every((db) => db === DB_FLOOR)).toBe(true);
    expect([...frame.pan].every((p) => p === 0)).toBe(true);
  });

  it('copies every value into an existing frame', () => {
    const from = createFrame();
    from.t = 1234.5;
    from.left[57] = -3;
    from.right[12] = -20;
    from.pan[100] = 0.75;
    const to = createFrame();
    const { left, right, pan } = to;
    copyFrame(from, to);
    expect(to.t).toBe(1234.5);
    expect(to.left[57]).toBe(-3);
    expect(to.right[12]).toBe(-20);
    expect(to.pan[100]).toBe(0.75);
    // in place: the same arrays, not the source's
    expect(to.left).toBe(left);
    expect(to.right).toBe(right);
    expect(to.pan).toBe(pan);
    expect(to.left).not.toBe(from.left);
  });

  it('takes the first 130 values of longer arrays and rejects shorter ones', () => {
    const exact = new Float32Array(BANDS);
    expect(bandsOf(exact)).toBe(exact);
    const long = new Float32Array(BANDS + 5).map((_, i) => i);
    expect(bandsOf(long)).toHaveLength(BANDS);
    expect(bandsOf(long)[BANDS - 1]).toBe(BANDS - 1);
    const short = { ...createFrame(), left: new Float32Array(64) };
    expect(() => copyFrame(short, createFrame())).toThrow(RangeError);
  });
});
