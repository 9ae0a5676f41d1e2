import { describe, expect, it } from 'vitest';
import { ISO226_FREQUENCIES, iso226Contour } from './iso226.ts';
import { aWeightingDb, cWeightingDb, weightingFunction } from './weighting.ts';

// IEC 61672-1:2013 Table 3: nominal one-third-octave frequencies 10 Hz – 20 kHz with the A and
// C weightings in dB, as published (rounded to 0.1 dB). The standard computes them at the exact
// base-ten frequencies 1000 · 10^(n/10), n = −20 … 13, which the nominal values round.
const IEC_61672: [nominal: number, a: number, c: number][] = [
  [10, -70.4, -14.3],
  [12.5, -63.4, -11.2],
  [16, -56.7, -8.5],
  [20, -50.5, -6.2],
  [25, -44.7, -4.4],
  [31.5, -39.4, -3.0],
  [40, -34.6, -2.0],
  [50, -30.2, -1.3],
  [63, -26.2, -0.8],
  [80, -22.5, -0.5],
  [100, -19.1, -0.3],
  [125, -16.1, -0.2],
  [160, -13.4, -0.1],
  [200, -10.9, 0.0],
  [250, -8.6, 0.0],
  [315, -6.6, 0.0],
  [400, -4.8, 0.0],
  [500, -3.2, 0.0],
  [630, -1.9, 0.0],
  [800, -0.8, 0.0],
  [1000, 0.0, 0.0],
  [1250, 0.6, 0.0],
  [1600, 1.0, -0.1],
  [2000, 1.2, -0.2],
  [2500, 1.3, -0.3],
  [3150, 1.2, -0.5],
  [4000, 1.0, -0.8],
  [5000, 0.5, -1.3],
  [6300, -0.1, -2.0],
  [8000, -1.1, -3.0],
  [10000, -2.5, -4.4],
  [12500, -4.3, -6.2],
  [16000, -6.6, -8.5],
  [20000, -9.3, -11.2],
];

// ISO 226:2003 normal equal-loudness-level contours in dB SPL at the standard's 29 frequencies
// (20 Hz … 12.5 kHz), as published for 20, 40, 60 and 80 phon (two decimals).
const ISO_226: Record<number, number[]> = {
  20: [
    89.58, 82.65, 75.98, 69.62, 64.02, 58.55, 53.19, 48.38, 43.94, 39.37, 35.51, 31.99, 28.69,
    25.67, 23.43, 21.48, 20.1, 20.01, 21.46, 21.4, 18.15, 15.38, 14.26, 15.14, 18.63, 25.02, 31.52,
    34.43, 33.04,
  ],
  40: [
    99.85, 93.94, 88.17, 82.63, 77.78, 73.08, 68.48, 64.37, 60.59, 56.7, 53.41, 50.4, 47.58, 44.98,
    43.05, 41.34, 40.06, 40.01, 41.82, 42.51, 39.23, 36.51, 35.61, 36.65, 40.01, 45.83, 51.8, 54.28,
    51.49,
  ],
  60: [
    109.51, 104.23, 99.08, 94.18, 89.96, 85.94, 82.05, 78.65, 75.56, 72.47, 69.86, 67.53, 65.39,
    63.45, 62.05, 60.81, 59.89, 60.01, 62.15, 63.19, 59.96, 57.26, 56.42, 57.57, 60.89, 66.36,
    71.66, 73.16, 68.63,
  ],
  80: [
    118.99, 114.23, 109.65, 105.34, 101.72, 98.36, 95.17, 92.48, 90.09, 87.82, 85.92, 84.31, 82.89,
    81.68, 80.86, 80.17, 79.67, 80.01, 82.48, 83.74, 80.59, 77.88, 77.07, 78.31, 81.62, 86.81,
    91.41, 91.74, 85.41,
  ],
};

describe('IEC 61672-1 weightings', () => {
  it('match the A and C tables within 0.2 dB at every frequency 10 Hz – 20 kHz', () => {
    IEC_61672.forEach(([nominal, a, c], i) => {
      const exact = 1000 * 10 ** ((i - 20) / 10);
      expect(Math.abs(exact - nominal) / nominal).toBeLessThan(0.03);
      expect(Math.abs(aWeightingDb(exact) - a), `A at ${nominal} Hz`).toBeLessThanOrEqual(0.2);
      expect(Math.abs(cWeightingDb(exact) - c), `C at ${nominal} Hz`).toBeLessThanOrEqual(0.2);
    });
  });

  it('are exactly 0 dB at 1 kHz', () => {
    expect(aWeightingDb(1000)).toBeCloseTo(0, 12);
    expect(cWeightingDb(1000)).toBeCloseTo(0, 12);
  });
});

describe('ISO 226:2003', () => {
  it('reproduces the published contours within 0.5 dB at the 29 tabled frequencies', () => {
    for (const [phon, published] of Object.entries(ISO_226)) {
      const contour = iso226Contour(Number(phon));
      published.forEach((spl, i) => {
        const at = `${phon} phon at ${ISO226_FREQUENCIES[i]} Hz`;
        expect(Math.abs((contour[i] as number) - spl), at).toBeLessThanOrEqual(0.5);
      });
    }
  });

  it('weights by the contour relative to 1 kHz: contour(1 kHz) − contour(f)', () => {
    for (const [phon, published] of Object.entries(ISO_226)) {
      const weight = weightingFunction('iso226', Number(phon));
      const at1k = published[ISO226_FREQUENCIES.indexOf(1000)] as number;
      published.forEach((spl, i) => {
        const f = ISO226_FREQUENCIES[i] as number;
        expect(Math.abs(weight(f) - (at1k - spl)), `${phon} phon at ${f} Hz`).toBeLessThanOrEqual(
          0.5,
        );
      });
      expect(weight(1000)).toBe(0);
    }
  });

  it('interpolates in log-frequency between tabled frequencies and holds the edges outside', () => {
    const contour = iso226Contour(40);
    const weight = weightingFunction('iso226', 40);
    const at1k = contour[17] as number;
    const between = Math.sqrt(1000 * 1250);
    expect(weight(between)).toBeCloseTo(
      at1k - ((contour[17] as number) + (contour[18] as number)) / 2,
      9,
    );
    expect(weight(10)).toBe(weight(20));
    expect(weight(16.35)).toBe(at1k - (contour[0] as number));
    expect(weight(20_000)).toBe(weight(12_500));
  });

  it('rejects phon levels outside 0 … 100', () => {
    expect(() => iso226Contour(-1)).toThrow(RangeError);
    expect(() => iso226Contour(101)).toThrow(RangeError);
    expect(() => iso226Contour(Number.NaN)).toThrow(RangeError);
  });
});

describe('weightingFunction', () => {
  it('is flat for none and the standard curves for a and c', () => {
    for (const f of [20, 100, 1000, 10_000]) {
      expect(weightingFunction('none')(f)).toBe(0);
      expect(weightingFunction('a')(f)).toBe(aWeightingDb(f));
      expect(weightingFunction('c')(f)).toBe(cWeightingDb(f));
    }
  });
});
