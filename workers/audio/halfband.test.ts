import { describe, expect, it } from 'vitest';
import {
  HALFBAND_COEFS,
  HALFBAND_PASS,
  HalfbandDecimator,
  halfbandDelay,
  halfbandGainDb,
  halfbandRejectionDb,
  TRANSITION,
} from './halfband.ts';
import { sine } from './signals.ts';

/** Gain in dB through the decimator of a steady sine at `f` (fraction of the input rate). */
function measuredGainDb(f: number): number {
  const n = 1 << 15;
  const x = sine(f, n, 1, 1);
  const out = new Float64Array(n / 2);
  new HalfbandDecimator().process(x, 0, n, out);
  let sum = 0;
  for (let i = n / 4; i < n / 2; i++) sum += (out[i] as number) ** 2;
  const rms = Math.sqrt(sum / (n / 4));
  return 20 * Math.log10(rms * Math.SQRT2);
}

describe('HalfbandDecimator', () => {
  it('is designed for ≥ 100 dB rejection from 0.3 of the input rate up', () => {
    expect(HALFBAND_PASS).toBeCloseTo(0.2, 12);
    expect(halfbandRejectionDb(HALFBAND_COEFS, TRANSITION)).toBeGreaterThanOrEqual(100);
    for (let f = 0.3; f <= 0.5; f += 0.005) expect(halfbandGainDb(f)).toBeLessThan(-100);
    for (let f = 0.001; f <= 0.2; f += 0.005)
      expect(Math.abs(halfbandGainDb(f))).toBeLessThan(1e-6);
  });

  it('passes 0 … 0.2 unchanged and rejects 0.3 … 0.5 by ≥ 100 dB when run', () => {
    for (const f of [0.01, 0.05, 0.1, 0.15, 0.2])
      expect(Math.abs(measuredGainDb(f))).toBeLessThan(0.01);
    for (const f of [0.3, 0.33, 0.4, 0.45, 0.49]) expect(measuredGainDb(f)).toBeLessThan(-100);
  });

  it('delays the passband by a few input samples', () => {
    expect(halfbandDelay(0.01)).toBeGreaterThan(3);
    for (let f = 0.01; f <= 0.2; f += 0.01) expect(halfbandDelay(f)).toBeLessThan(10);
  });

  it('gives the same output for any block sizes', () => {
    const x = sine(0.037, 1001, 1, 0.8);
    const whole = new Float64Array(600);
    const n = new HalfbandDecimator().process(x, 0, x.length, whole);
    expect(n).toBe(500);
    const d = new HalfbandDecimator();
    const parts: number[] = [];
    const out = new Float64Array(600);
    for (let i = 0, size = 1; i < x.length; i += size, size = (size % 7) + 1) {
      const m = d.process(x, i, Math.min(x.length, i + size), out);
      parts.push(...out.subarray(0, m));
    }
    expect(parts).toEqual([...whole.subarray(0, 500)]);
    d.reset();
    expect(d.process(x, 0, 4, out)).toBe(2);
    expect(out[0]).toBe(whole[0]);
  });
});
