// "Sounds like" fingerprint: a fixed 128-d vector, L2-normalised (so the L2 distance between two
// fingerprints orders pairs as cosine similarity does, and pgvector can index it), built in one
// pass over a recording's HologramFrames. Version 1, layout (docs/ANALYSIS.md):
//
//   0 …  35  spectral shape: mean level of each group minus the mean over groups, / 20 dB
//  36 …  71  dynamics: standard deviation over time of each group's level, / 10 dB
//  72 … 107  flux: mean |change| of each group's level between frames ≥ 50 ms apart, / 5 dB
// 108 … 119  chroma: share of power per pitch class (C … B) minus 1/12, × 4
// 120 … 127  overall: mean level, its spread, spectral centroid and its spread, stereo width,
//            balance, quiet-frame share, onset rate
//
// Groups are 3 adjacent semitones (a minor third) of bands 12 … 119 (C1 32.7 Hz … B9 15.8 kHz),
// 36 groups; a band's level is the power mean of left and right. Shape removes the overall gain,
// and flux uses frame times, so the vector barely changes with playback level or frame rate.
import { DB_FLOOR, type HologramFrame } from './frame.ts';

export const FINGERPRINT_DIMENSIONS = 128;
export const FINGERPRINT_VERSION = 1;

const FIRST_BAND = 12;
const GROUP_BANDS = 3;
const GROUPS = 36;
const FLUX_STEP_MS = 50;
const QUIET_DB = DB_FLOOR + 20;
const ONSET_DB = 3;

const SHAPE = 0;
const DYNAMICS = SHAPE + GROUPS;
const FLUX = DYNAMICS + GROUPS;
const CHROMA = FLUX + GROUPS;
const OVERALL = CHROMA + 12;

const power = (db: number) => 10 ** (db / 10);
const toDb = (p: number) => Math.max(DB_FLOOR, 10 * Math.log10(p));

/** Accumulates frames one at a time; `result()` may be called at any point. */
export class FingerprintBuilder {
  private frames = 0;
  private readonly levels = new Float64Array(GROUPS);
  private readonly sum = new Float64Array(GROUPS);
  private readonly sumSq = new Float64Array(GROUPS);
  private readonly fluxRef = new Float64Array(GROUPS);
  private readonly fluxSum = new Float64Array(GROUPS);
  private fluxSteps = 0;
  private fluxRefT = Number.NEGATIVE_INFINITY;
  private onsets = 0;
  private readonly chroma = new Float64Array(12);
  private overallSum = 0;
  private overallSq = 0;
  private centroidSum = 0;
  private centroidSq = 0;
  private widthSum = 0;
  private balanceSum = 0;
  private panWeight = 0;
  private quiet = 0;

  push(frame: HologramFrame): void {
    const { levels } = this;
    let total = 0;
    let moment = 0;
    for (let g = 0; g < GROUPS; g++) {
      let p = 0;
      for (let k = 0; k < GROUP_BANDS; k++) {
        const b = FIRST_BAND + g * GROUP_BANDS + k;
        const band = (power(frame.left[b] as number) + power(frame.right[b] as number)) / 2;
        p += band;
        this.chroma[b % 12] = (this.chroma[b % 12] as number) + band;
        const pan = frame.pan[b] as number;
        this.widthSum += band * Math.abs(pan);
        this.balanceSum += band * pan;
        this.panWeight += band;
      }
      p /= GROUP_BANDS;
      total += p;
      moment += p * g;
      const db = toDb(p);
      levels[g] = db;
      this.sum[g] = (this.sum[g] as number) + db;
      this.sumSq[g] = (this.sumSq[g] as number) + db * db;
    }
    const overall = toDb(total / GROUPS);
    const centroid = moment / total / (GROUPS - 1);
    this.overallSum += overall;
    this.overallSq += overall * overall;
    this.centroidSum += centroid;
    this.centroidSq += centroid * centroid;
    if (overall < QUIET_DB) this.quiet++;
    this.frames++;
    if (frame.t - this.fluxRefT >= FLUX_STEP_MS) {
      if (Number.isFinite(this.fluxRefT)) {
        let rise = 0;
        for (let g = 0; g < GROUPS; g++) {
          const d = (levels[g] as number) - (this.fluxRef[g] as number);
          this.fluxSum[g] = (this.fluxSum[g] as number) + Math.abs(d);
          if (d > 0) rise += d;
        }
        if (rise / GROUPS > ONSET_DB) this.onsets++;
        this.fluxSteps++;
      }
      this.fluxRef.set(levels);
      this.fluxRefT = frame.t;
    }
  }

  /** The fingerprint of the frames pushed so far (zeros when none). */
  result(): Float32Array {
    const out = new Float32Array(FINGERPRINT_DIMENSIONS);
    const n = this.frames;
    if (n === 0) return out;
    const spread = (s: number, sq: number) => Math.sqrt(Math.max(0, sq / n - (s / n) ** 2));
    let meanOfMeans = 0;
    for (let g = 0; g < GROUPS; g++) meanOfMeans += (this.sum[g] as number) / n / GROUPS;
    const steps = Math.max(1, this.fluxSteps);
    for (let g = 0; g < GROUPS; g++) {
      out[SHAPE + g] = ((this.sum[g] as number) / n - meanOfMeans) / 20;
      out[DYNAMICS + g] = spread(this.sum[g] as number, this.sumSq[g] as number) / 10;
      out[FLUX + g] = (this.fluxSum[g] as number) / steps / 5;
    }
    const chromaTotal = this.chroma.reduce((a, b) => a + b, 0);
    for (let c = 0; c < 12; c++)
      out[CHROMA + c] = ((this.chroma[c] as number) / chromaTotal - 1 / 12) * 4;
    const overall = [
      (this.overallSum / n - DB_FLOOR / 2) / 50,
      spread(this.overallSum, this.overallSq) / 10,
      this.centroidSum / n,
      spread(this.centroidSum, this.centroidSq),
      this.widthSum / this.panWeight,
      this.balanceSum / this.panWeight,
      this.quiet / n,
      this.onsets / steps,
    ];
    overall.forEach((v, i) => {
      out[OVERALL + i] = v;
    });
    let norm = 0;
    for (let i = 0; i < out.length; i++) norm += (out[i] as number) ** 2;
    norm = Math.sqrt(norm);
    if (norm > 0) for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) / norm;
    return out;
  }
}

/** The fingerprint of a sequence of frames (in time order). */
export function fingerprint(frames: Iterable<HologramFrame>): Float32Array {
  const builder = new FingerprintBuilder();
  for (const f of frames) builder.push(f);
  return builder.result();
}

/** Euclidean distance between two fingerprints: 0 identical … 2 opposite. */
export function fingerprintDistance(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += ((a[i] as number) - (b[i] as number)) ** 2;
  return Math.sqrt(sum);
}

/** Bands the fingerprint reads; the others (below C1, above B9) do not change it. */
export const FINGERPRINT_BANDS = { first: FIRST_BAND, last: FIRST_BAND + GROUPS * GROUP_BANDS - 1 };
