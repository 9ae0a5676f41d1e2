// Deterministic test and benchmark signals: sines, seeded noise and a music-like stereo mix.

/** `seconds` of a sine at `frequency` Hz, peak `amplitude` (1 = full scale). */
export function sine(
  frequency: number,
  seconds: number,
  sampleRate: number,
  amplitude = 1,
  phase = 0,
): Float32Array {
  const out = new Float32Array(Math.round(seconds * sampleRate));
  const w = (2 * Math.PI * frequency) / sampleRate;
  for (let i = 0; i < out.length; i++) out[i] = amplitude * Math.sin(w * i + phase);
  return out;
}

/** A seeded uniform generator in [0, 1) (mulberry32). */
export function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** Adds `b` into `a` (equal lengths) and returns `a`. */
export function mixInto(a: Float32Array, b: Float32Array, gain = 1): Float32Array {
  for (let i = 0; i < a.length; i++) a[i] = (a[i] as number) + gain * (b[i] as number);
  return a;
}

export interface Stereo {
  left: Float32Array;
  right: Float32Array;
}

/**
 * A music-like stereo mix: a bass line, a chord and a melody of harmonic tones with plucked
 * envelopes, spread across the stereo field, over quiet noise; about −12 dBFS peak.
 */
export function musicLike(seconds: number, sampleRate: number, seed = 1): Stereo {
  const n = Math.round(seconds * sampleRate);
  const left = new Float32Array(n);
  const right = new Float32Array(n);
  const rnd = random(seed);
  const voices = [
    { notes: [33, 33, 36, 31], beat: 0.5, pan: 0, level: 0.12, harmonics: 4 },
    { notes: [57, 60, 64, 55, 59, 62], beat: 1, pan: -0.6, level: 0.05, harmonics: 6 },
    { notes: [69, 72, 76, 74, 71, 67, 79, 81], beat: 0.25, pan: 0.5, level: 0.04, harmonics: 8 },
  ];
  for (const v of voices) {
    const gl = Math.sqrt((1 - v.pan) / 2);
    const gr = Math.sqrt((1 + v.pan) / 2);
    const step = Math.round(v.beat * sampleRate);
    for (let start = 0, k = 0; start < n; start += step, k++) {
      const note = v.notes[k % v.notes.length] as number;
      const f0 = 440 * 2 ** ((note - 57) / 12);
      const end = Math.min(n, start + step);
      for (let h = 1; h <= v.harmonics && f0 * h < sampleRate / 2.2; h++) {
        const w = (2 * Math.PI * f0 * h) / sampleRate;
        const amp = v.level / h;
        const phase = rnd() * 2 * Math.PI;
        for (let i = start; i < end; i++) {
          const s =
            amp * Math.exp((-(i - start) / sampleRate) * 4) * Math.sin(w * (i - start) + phase);
          left[i] = (left[i] as number) + gl * s;
          right[i] = (right[i] as number) + gr * s;
        }
      }
    }
  }
  for (let i = 0; i < n; i++) {
    left[i] = (left[i] as number) + 0.01 * (rnd() - 0.5);
    right[i] = (right[i] as number) + 0.01 * (rnd() - 0.5);
  }
  return { left, right };
}
