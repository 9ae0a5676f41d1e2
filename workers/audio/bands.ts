// The semitone bands and the time/frequency trade-off of each: window length, decimation stage
// and latency at a given sample rate. Everything the analyser does per band is decided here.
//
// Each band is a Morlet-style filter: a complex sinusoid at the band centre under a Gaussian
// window spanning ±3σ, WINDOW_CYCLES periods long. That length is what separates neighbouring
// semitones (≥ 12 dB); it makes low bands slow: A1 (55 Hz) needs 527 ms, A4 66 ms, A7 8 ms.
// Windows are capped at MAX_WINDOW_MS, so the ten lowest bands (C0–A0) are wider than a semitone
// rather than later than a second. The signal is halved in rate octave by octave (halfband.ts);
// each band is computed at the lowest rate that still holds it, so every window covers 65–161
// samples whatever the band. docs/ANALYSIS.md tabulates the result.
import { BANDS } from './frame.ts';
import { HALFBAND_PASS, halfbandDelay } from './halfband.ts';

/** Periods of the centre frequency under a band's window. */
export const WINDOW_CYCLES = 29;

/** Longest window in milliseconds (bands C0–A0 reach it). */
export const MAX_WINDOW_MS = 1000;

/** The Gaussian window spans ±WINDOW_SIGMAS standard deviations. */
export const WINDOW_SIGMAS = 3;

/** Band of A4 = 440 Hz (band 0 is C0). */
export const A4_BAND = 57;

export const A4_HZ = 440;

/** Band i is centred at 440 Hz · 2^((i − 57)/12): 16.352 Hz for C0, 440 Hz for A4 (57). */
export function bandFrequency(band: number): number {
  return A4_HZ * 2 ** ((band - A4_BAND) / 12);
}

/** Pitch classes in scientific pitch notation, C first. */
export const NOTE_NAMES = [
  'C',
  'C#',
  'D',
  'D#',
  'E',
  'F',
  'F#',
  'G',
  'G#',
  'A',
  'A#',
  'B',
] as const;

/** Scientific pitch name of a band: 0 → "C0", 57 → "A4", 129 → "A10". */
export function noteName(band: number): string {
  return `${NOTE_NAMES[((band % 12) + 12) % 12]}${Math.floor(band / 12)}`;
}

/** Window length in milliseconds of a band, independent of the sample rate. */
export function windowMs(band: number): number {
  return Math.min(MAX_WINDOW_MS, (1000 * WINDOW_CYCLES) / bandFrequency(band));
}

/**
 * Highest frequency a band's filter reaches (its response there is −39 dB, at centre + 3σ):
 * the band needs the signal clean up to this point.
 */
function bandTop(band: number): number {
  const sigmaSeconds = windowMs(band) / 1000 / (2 * WINDOW_SIGMAS);
  return bandFrequency(band) + WINDOW_SIGMAS / (2 * Math.PI * sigmaSeconds);
}

export interface BandInfo {
  index: number;
  /** Centre frequency in Hz. */
  frequency: number;
  /** False above the rate's limit: such a band always reads the floor. */
  valid: boolean;
  /** Decimation stage: the band is computed at sampleRate / 2^stage (−1 when not valid). */
  stage: number;
  /** The window's Gaussian σ in samples at the stage's rate (0 when not valid). */
  sigmaSamples: number;
  /** Samples the window covers at the stage's rate (those within ±3σ; odd; 0 when not valid). */
  windowSamples: number;
  /** Window length in milliseconds, ±3σ (NaN when not valid). */
  windowMs: number;
  /**
   * How far the band lags the frame's time, in milliseconds: half the window (its centre) plus
   * the decimators' group delay at the band's frequency (NaN when not valid).
   */
  latencyMs: number;
}

/** Is a band's filter inside the signal at this stage? Stage 0 holds all up to Nyquist. */
function fits(band: number, sampleRate: number, stage: number): boolean {
  const rate = sampleRate / 2 ** stage;
  return bandTop(band) <= (stage === 0 ? rate / 2 : HALFBAND_PASS * 2 * rate);
}

function stageOf(band: number, sampleRate: number): number {
  if (!fits(band, sampleRate, 0)) return -1;
  let stage = 0;
  while (fits(band, sampleRate, stage + 1)) stage++;
  return stage;
}

/** Per band: validity, stage, window and latency at `sampleRate`. */
export function bandLayout(sampleRate: number): BandInfo[] {
  return Array.from({ length: BANDS }, (_, index) => {
    const frequency = bandFrequency(index);
    const stage = stageOf(index, sampleRate);
    if (stage < 0) {
      return {
        index,
        frequency,
        valid: false,
        stage,
        sigmaSamples: 0,
        windowSamples: 0,
        windowMs: Number.NaN,
        latencyMs: Number.NaN,
      };
    }
    const rate = sampleRate / 2 ** stage;
    const sigmaSamples = ((windowMs(index) / 1000) * rate) / (2 * WINDOW_SIGMAS);
    const windowSamples = 2 * Math.floor(WINDOW_SIGMAS * sigmaSamples) + 1;
    let delaySeconds = windowMs(index) / 2000;
    for (let s = 0; s < stage; s++) {
      const r = sampleRate / 2 ** s;
      delaySeconds += halfbandDelay(frequency / r) / r;
    }
    return {
      index,
      frequency,
      valid: true,
      stage,
      sigmaSamples,
      windowSamples,
      windowMs: windowMs(index),
      latencyMs: 1000 * delaySeconds,
    };
  });
}

/** Which bands carry signal at `sampleRate` (the others read the floor). */
export function validBands(sampleRate: number): boolean[] {
  return bandLayout(sampleRate).map((b) => b.valid);
}

/** Each band's window in milliseconds at `sampleRate` (NaN above the rate's limit). */
export function bandWindowsMs(sampleRate: number): number[] {
  return bandLayout(sampleRate).map((b) => b.windowMs);
}
