// Bar colours. "spectrum" runs by pitch from red (band 0, hue 0°) to violet (band 129,
// hue 270°); "mono" is one cyan for every band. Louder bars are brighter in both schemes.
import { BANDS } from './frame.ts';

export const COLOUR_SCHEMES = ['spectrum', 'mono'] as const;

export type ColourScheme = (typeof COLOUR_SCHEMES)[number];

export const SPECTRUM_HUE_TOP = 270;

export const MONO_HUE = 185;

/** Brightness of a bar at the floor; a full-scale bar has brightness 1. */
export const MIN_BRIGHTNESS = 0.35;

export function isColourScheme(value: unknown): value is ColourScheme {
  return typeof value === 'string' && (COLOUR_SCHEMES as readonly string[]).includes(value);
}

/** Hue in degrees of a band in the spectrum scheme. */
export function bandHue(band: number): number {
  return (SPECTRUM_HUE_TOP * band) / (BANDS - 1);
}

/** HSL (hue in degrees, saturation and lightness 0…1) to RGB 0…1, written into `out` at `at`. */
export function hslToRgb(h: number, s: number, l: number, out: Float32Array, at = 0): void {
  const a = s * Math.min(l, 1 - l);
  for (let i = 0; i < 3; i++) {
    const k = ((((i === 0 ? 0 : i === 1 ? 8 : 4) + h / 30) % 12) + 12) % 12;
    out[at + i] = l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
  }
}

function buildPalette(scheme: ColourScheme): Float32Array {
  const rgb = new Float32Array(BANDS * 3);
  for (let band = 0; band < BANDS; band++) {
    const hue = scheme === 'spectrum' ? bandHue(band) : MONO_HUE;
    hslToRgb(hue, 1, 0.55, rgb, band * 3);
  }
  return rgb;
}

const palettes: Readonly<Record<ColourScheme, Float32Array>> = {
  spectrum: buildPalette('spectrum'),
  mono: buildPalette('mono'),
};

/** RGB (0…1) of every band, BANDS × 3 values; shared, do not modify. */
export function palette(scheme: ColourScheme): Float32Array {
  return palettes[scheme];
}

/** Brightness factor for a level fraction (0 floor … 1 top). */
export function levelBrightness(fraction: number): number {
  return MIN_BRIGHTNESS + (1 - MIN_BRIGHTNESS) * fraction;
}
