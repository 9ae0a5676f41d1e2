import { describe, expect, it } from 'vitest';
import {
  bandFrequency,
  bandLayout,
  bandWindowsMs,
  MAX_WINDOW_MS,
  validBands,
  WINDOW_CYCLES,
  windowMs,
} from './bands.ts';
import { BANDS } from './frame.ts';

describe('bands', () => {
  it('centres band i at 16.352 Hz · 2^(i/12): C0 = 0, A4 = 440 Hz = 57, 129 ≈ 28 kHz', () => {
    expect(bandFrequency(0)).toBeCloseTo(16.352, 3);
    expect(bandFrequency(57)).toBe(440);
    expect(bandFrequency(129)).toBeCloseTo(28_160, 6);
    for (let i = 1; i < BANDS; i++) {
      expect(bandFrequency(i) / bandFrequency(i - 1)).toBeCloseTo(2 ** (1 / 12), 12);
    }
  });

  it('gives each band WINDOW_CYCLES periods, capped at MAX_WINDOW_MS', () => {
    expect(windowMs(57)).toBeCloseTo((1000 * WINDOW_CYCLES) / 440, 9);
    expect(windowMs(0)).toBe(MAX_WINDOW_MS);
    expect(windowMs(9)).toBe(MAX_WINDOW_MS); // A0, 27.5 Hz: 29 periods would be 1055 ms
    expect(windowMs(10)).toBeLessThan(MAX_WINDOW_MS);
  });

  it('marks bands valid up to the rate limit', () => {
    const lastValid = (rate: number) => validBands(rate).lastIndexOf(true);
    expect(lastValid(22_050)).toBe(111); // 9.96 kHz
    expect(lastValid(44_100)).toBe(123); // 19.9 kHz
    expect(lastValid(48_000)).toBe(124); // 21.1 kHz
    expect(lastValid(96_000)).toBe(129);
    for (const rate of [22_050, 44_100, 48_000, 96_000, 192_000]) {
      const valid = validBands(rate);
      expect(valid.indexOf(false) === -1 || valid.indexOf(false) === lastValid(rate) + 1).toBe(
        true,
      );
      for (const b of bandLayout(rate)) {
        if (b.valid) expect(b.frequency).toBeLessThan(rate / 2);
      }
    }
  });

  it('computes every band at a rate where its window covers 65–161 samples', () => {
    for (const rate of [22_050, 44_100, 48_000, 96_000, 192_000]) {
      for (const b of bandLayout(rate).filter((x) => x.valid && x.index >= 10)) {
        expect(b.windowSamples).toBeGreaterThanOrEqual(65);
        expect(b.windowSamples).toBeLessThanOrEqual(161);
        const stageRate = rate / 2 ** b.stage;
        expect((6 * b.sigmaSamples * 1000) / stageRate).toBeCloseTo(b.windowMs, 9);
        expect(b.windowSamples).toBe(2 * Math.floor(3 * b.sigmaSamples) + 1);
      }
    }
  });

  it('reports the same windows at every rate, and latency from half the window', () => {
    for (const rate of [22_050, 44_100, 48_000, 96_000, 192_000]) {
      const windows = bandWindowsMs(rate);
      for (const b of bandLayout(rate)) {
        if (!b.valid) {
          expect(windows[b.index]).toBeNaN();
          expect(b.latencyMs).toBeNaN();
          continue;
        }
        expect(windows[b.index]).toBe(windowMs(b.index));
        expect(b.latencyMs).toBeGreaterThanOrEqual(b.windowMs / 2);
        expect(b.latencyMs).toBeLessThan(b.windowMs * 0.6);
      }
    }
  });
});
