// ISO 226:2003 normal equal-loudness-level contours: the standard's formula (clause 4.1) with
// its Table 1 parameters at the 29 one-third-octave frequencies 20 Hz – 12.5 kHz. The standard
// states the contours for 20 … 90 phon (20 … 80 phon from 5 kHz up); the formula is used as is
// for 0 … 100 phon.

/** The 29 frequencies of ISO 226:2003 Table 1, in Hz. */
export const ISO226_FREQUENCIES = [
  20, 25, 31.5, 40, 50, 63, 80, 100, 125, 160, 200, 250, 315, 400, 500, 630, 800, 1000, 1250, 1600,
  2000, 2500, 3150, 4000, 5000, 6300, 8000, 10000, 12500,
] as const;

/** αf: exponent for loudness perception. */
const ALPHA_F = [
  0.532, 0.506, 0.48, 0.455, 0.432, 0.409, 0.387, 0.367, 0.349, 0.33, 0.315, 0.301, 0.288, 0.276,
  0.267, 0.259, 0.253, 0.25, 0.246, 0.244, 0.243, 0.243, 0.243, 0.242, 0.242, 0.245, 0.254, 0.271,
  0.301,
];

/** LU: magnitude of the linear transfer function normalised at 1 kHz, dB. */
const L_U = [
  -31.6, -27.2, -23.0, -19.1, -15.9, -13.0, -10.3, -8.1, -6.2, -4.5, -3.1, -2.0, -1.1, -0.4, 0.0,
  0.3, 0.5, 0.0, -2.7, -4.1, -1.0, 1.7, 2.5, 1.2, -2.1, -7.1, -11.2, -10.7, -3.1,
];

/** Tf: threshold of hearing, dB. */
const T_F = [
  78.5, 68.7, 59.5, 51.1, 44.0, 37.5, 31.5, 26.5, 22.1, 17.9, 14.4, 11.4, 8.6, 6.2, 4.4, 3.0, 2.2,
  2.4, 3.5, 1.7, -1.3, -4.2, -6.0, -5.4, -1.5, 6.0, 12.6, 13.9, 12.3,
];

const PHON_MIN = 0;
const PHON_MAX = 100;

/** Sound pressure level (dB SPL) of the `phon` contour at each of ISO226_FREQUENCIES. */
export function iso226Contour(phon: number): number[] {
  if (!(phon >= PHON_MIN && phon <= PHON_MAX)) {
    throw new RangeError(`phon must be ${PHON_MIN} … ${PHON_MAX}, got ${phon}`);
  }
  return ISO226_FREQUENCIES.map((_, i) => {
    const af = ALPHA_F[i] as number;
    const lu = L_U[i] as number;
    const tf = T_F[i] as number;
    const a = 4.47e-3 * (10 ** (0.025 * phon) - 1.15) + (0.4 * 10 ** ((tf + lu) / 10 - 9)) ** af;
    return (10 / af) * Math.log10(a) - lu + 94;
  });
}
