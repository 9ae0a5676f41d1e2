// Frequency weightings applied to band levels (dB added to each band's level):
//  a, c    IEC 61672-1:2013 A and C weighting, the standard's analytic pole formulas, normalised
//          to exactly 0 dB at 1 kHz.
//  iso226  ISO 226:2003 equal loudness at a phon level: weight(f) = contour(1 kHz) − contour(f),
//          so a tone on the contour reads the same at every frequency, 0 dB at 1 kHz. Between
//          the 29 tabled frequencies the contour is interpolated linearly in log-frequency;
//          below 20 Hz and above 12.5 kHz (outside the standard) the edge value is held.
import { ISO226_FREQUENCIES, iso226Contour } from './iso226.ts';

export type Weighting = 'none' | 'a' | 'c' | 'iso226';

export const WEIGHTINGS: readonly Weighting[] = ['none', 'a', 'c', 'iso226'];

/** IEC 61672-1 pole frequencies in Hz. */
const F1 = 20.598997;
const F2 = 107.65265;
const F3 = 737.86223;
const F4 = 12194.217;

function aResponse(f: number): number {
  const f2 = f * f;
  return (
    (F4 * F4 * f2 * f2) /
    ((f2 + F1 * F1) * Math.sqrt((f2 + F2 * F2) * (f2 + F3 * F3)) * (f2 + F4 * F4))
  );
}

function cResponse(f: number): number {
  const f2 = f * f;
  return (F4 * F4 * f2) / ((f2 + F1 * F1) * (f2 + F4 * F4));
}

const A_1K = 20 * Math.log10(aResponse(1000));
const C_1K = 20 * Math.log10(cResponse(1000));

/** A weighting in dB at `f` Hz (0 at 1 kHz). */
export function aWeightingDb(f: number): number {
  return 20 * Math.log10(aResponse(f)) - A_1K;
}

/** C weighting in dB at `f` Hz (0 at 1 kHz). */
export function cWeightingDb(f: number): number {
  return 20 * Math.log10(cResponse(f)) - C_1K;
}

/** The ISO 226 weighting for one phon level, as a function of frequency. */
export function iso226Weighting(phon: number): (f: number) => number {
  const contour = iso226Contour(phon);
  const at1k = contour[ISO226_FREQUENCIES.indexOf(1000)] as number;
  const logs = ISO226_FREQUENCIES.map((f) => Math.log(f));
  const last = logs.length - 1;
  return (f) => {
    const x = Math.log(f);
    if (x <= (logs[0] as number)) return at1k - (contour[0] as number);
    if (x >= (logs[last] as number)) return at1k - (contour[last] as number);
    let i = 0;
    while ((logs[i + 1] as number) < x) i++;
    const x0 = logs[i] as number;
    const u = (x - x0) / ((logs[i + 1] as number) - x0);
    const level = (contour[i] as number) * (1 - u) + (contour[i + 1] as number) * u;
    return at1k - level;
  };
}

/** The weighting in dB as a function of frequency in Hz. */
export function weightingFunction(mode: Weighting, phon = 40): (f: number) => number {
  switch (mode) {
    case 'none':
      return () => 0;
    case 'a':
      return aWeightingDb;
    case 'c':
      return cWeightingDb;
    case 'iso226':
      return iso226Weighting(phon);
  }
}
