// The link-preview picture of a shared hologram (og:image): a spectrogram-like heat map of its
// recorded frames. Time runs left to right, pitch bottom (C0) to top, each band in the hue the
// scene gives it (src/hologram/colour.ts: red at band 0 to violet at band 129; a unit test keeps
// the two in step, since the API image cannot import the browser code), brighter when louder.
// Pure: frames in, RGB pixels out.
import { BANDS, DB_FLOOR, DB_TOP, type HologramFrame } from '../../workers/audio/frame.ts';

/** The size chat apps expect of an Open Graph image (1.91 : 1). */
export const PREVIEW_WIDTH = 1200;
export const PREVIEW_HEIGHT = 630;
const MARGIN_X = 48;
const MARGIN_Y = 40;
const BACKGROUND = [0x0b, 0x0b, 0x14] as const;
const GRID = [0x1c, 0x1c, 0x2e] as const;
const SPECTRUM_HUE_TOP = 270;
const LIGHTNESS = 0.55;

/** Hue in degrees of a band: the scene's spectrum scheme. */
export function previewHue(band: number): number {
  return (SPECTRUM_HUE_TOP * band) / (BANDS - 1);
}

/** HSL (degrees, 0…1, 0…1) to RGB 0…1: the same formula as the scene's. */
export function hsl(h: number, s: number, l: number): [number, number, number] {
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => {
    const k = (((n + h / 30) % 12) + 12) % 12;
    return l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
  };
  return [f(0), f(8), f(4)];
}

/** RGB (0…1) of every band, BANDS × 3 values, as the scene's spectrum palette. */
export const PREVIEW_PALETTE: Float32Array = (() => {
  const out = new Float32Array(BANDS * 3);
  for (let band = 0; band < BANDS; band++) out.set(hsl(previewHue(band), 1, LIGHTNESS), band * 3);
  return out;
})();

export interface PreviewImage {
  width: number;
  height: number;
  /** width × height × 3 bytes, rows top to bottom. */
  rgb: Uint8Array;
}

/**
 * Draws the heat map of `frames` (in time order). Each column shows the loudest level each band
 * reached during its slice of time; columns no frame falls in repeat the one to their left.
 */
export function renderPreview(
  frames: readonly HologramFrame[],
  width = PREVIEW_WIDTH,
  height = PREVIEW_HEIGHT,
): PreviewImage {
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0; i < rgb.length; i += 3) rgb.set(BACKGROUND, i);
  const plotW = Math.max(1, width - 2 * MARGIN_X);
  const plotH = Math.max(1, height - 2 * MARGIN_Y);
  const bandTop = (band: number) => MARGIN_Y + Math.round(plotH * (1 - (band + 1) / BANDS));
  const bandBottom = (band: number) => MARGIN_Y + Math.round(plotH * (1 - band / BANDS));

  // Octave lines at every C, so even a silent hologram shows the hologram's pitch grid.
  for (let band = 12; band < BANDS; band += 12) {
    const y = bandBottom(band);
    for (let x = MARGIN_X; x < MARGIN_X + plotW; x++) rgb.set(GRID, (y * width + x) * 3);
  }
  if (frames.length === 0) return { width, height, rgb };

  // Loudest fraction (0 floor … 1 top) of each band in each column.
  const columns = new Float32Array(plotW * BANDS).fill(-1);
  const t0 = frames[0]?.t ?? 0;
  const span = Math.max((frames[frames.length - 1]?.t ?? t0) - t0, 1e-9);
  for (const frame of frames) {
    const col = Math.min(plotW - 1, Math.floor(((frame.t - t0) / span) * plotW));
    const at = col * BANDS;
    for (let band = 0; band < BANDS; band++) {
      const db = Math.max(frame.left[band] ?? DB_FLOOR, frame.right[band] ?? DB_FLOOR);
      const f = Math.min(1, Math.max(0, (db - DB_FLOOR) / (DB_TOP - DB_FLOOR)));
      if (f > (columns[at + band] ?? -1)) columns[at + band] = f;
    }
  }
  for (let col = 1; col < plotW; col++) {
    if ((columns[col * BANDS] ?? -1) < 0) {
      columns.copyWithin(col * BANDS, (col - 1) * BANDS, col * BANDS);
    }
  }

  for (let col = 0; col < plotW; col++) {
    const x = MARGIN_X + col;
    for (let band = 0; band < BANDS; band++) {
      const f = Math.max(0, columns[col * BANDS + band] ?? 0);
      // Quiet bands fade into the background; the curve keeps the noise floor dark.
      const a = f * f;
      if (a < 1 / 255) continue;
      const colour = [0, 1, 2].map((i) => {
        const bg = BACKGROUND[i as 0 | 1 | 2];
        const c = (PREVIEW_PALETTE[band * 3 + i] ?? 0) * 255;
        return Math.round(bg + (c - bg) * a);
      });
      for (let y = bandTop(band); y < bandBottom(band); y++) rgb.set(colour, (y * width + x) * 3);
    }
  }
  return { width, height, rgb };
}
