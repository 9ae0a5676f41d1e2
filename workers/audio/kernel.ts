// A band's filter: a complex sinusoid under a Gaussian window (±WINDOW_SIGMAS σ, its edge value
// subtracted so the window ends at zero, which keeps far leakage near −59 dB). The kernel is
// scaled by 2 / Σw, so a sine of peak amplitude A at the centre frequency reads A.
// The window is symmetric about its centre sample (odd length), so only half is stored:
// the cosine part is even and the sine part odd, and the inner product folds the history about
// the centre (x[c − k] ± x[c + k]) — half the multiplies.
import { WINDOW_SIGMAS } from './bands.ts';

export interface Kernel {
  /** Full length in samples (odd). */
  length: number;
  /** Window × cos at offsets 0 … (length − 1)/2 from the centre. */
  re: Float64Array;
  /** Window × sin at the same offsets (re[0] is the centre, im[0] = 0). */
  im: Float64Array;
}

/**
 * Kernel for a centre frequency of `cycles` periods per sample under a Gaussian of `sigma`
 * samples: the window is defined in continuous time and sampled, so its shape (and the band's
 * response) does not depend on how the rate rounds; it covers every sample within ±3σ.
 */
export function morletKernel(cycles: number, sigma: number): Kernel {
  const half = Math.floor(WINDOW_SIGMAS * sigma);
  const length = 2 * half + 1;
  const re = new Float64Array(half + 1);
  const im = new Float64Array(half + 1);
  const edge = Math.exp(-(WINDOW_SIGMAS ** 2) / 2);
  let sum = 0;
  for (let k = 0; k <= half; k++) {
    const x = k / sigma;
    const w = (Math.exp(-(x * x) / 2) - edge) / (1 - edge);
    const phase = 2 * Math.PI * cycles * k;
    re[k] = w * Math.cos(phase);
    im[k] = w * Math.sin(phase);
    sum += k === 0 ? w : 2 * w;
  }
  const scale = 2 / sum;
  for (let k = 0; k <= half; k++) {
    re[k] = (re[k] as number) * scale;
    im[k] = (im[k] as number) * scale;
  }
  return { length, re, im };
}

/**
 * Amplitude of the band over data[start … start + kernel.length): |Σ x[n]·w[n]·e^(−iωn)|,
 * folded about the centre sample.
 */
export function bandAmplitude(data: Float64Array, start: number, kernel: Kernel): number {
  const { re, im } = kernel;
  const half = re.length - 1;
  const centre = start + half;
  let sr = (data[centre] as number) * (re[0] as number);
  let si = 0;
  for (let k = 1; k <= half; k++) {
    const before = data[centre - k] as number;
    const after = data[centre + k] as number;
    sr += (before + after) * (re[k] as number);
    si += (after - before) * (im[k] as number);
  }
  return Math.sqrt(sr * sr + si * si);
}
