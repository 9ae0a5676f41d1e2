import { describe, expect, it } from 'vitest';
import {
  bandHue,
  COLOUR_SCHEMES,
  hslToRgb,
  isColourScheme,
  levelBrightness,
  MIN_BRIGHTNESS,
  palette,
} from './colour.ts';
import { BANDS } from './frame.ts';

function rgbOf(scheme: 'spectrum' | 'mono', band: number): [number, number, number] {
  const p = palette(scheme);
  return [p[band * 3] ?? NaN, p[band * 3 + 1] ?? NaN, p[band * 3 + 2] ?? NaN];
}

/** Hue in degrees of an RGB colour (0…360). */
function hueOf([r, g, b]: [number, number, number]): number {
  const max = Math.max(r, g, b);
  const d = max - Math.min(r, g, b);
  if (d === 0) return 0;
  const h = max === r ? ((g - b) / d + 6) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  return h * 60;
}

describe('hslToRgb', () => {
  it('converts the primaries and grey', () => {
    const out = new Float32Array(3);
    hslToRgb(0, 1, 0.5, out);
    expect([...out]).toEqual([1, 0, 0]);
    hslToRgb(120, 1, 0.5, out);
    expect([...out]).toEqual([0, 1, 0]);
    hslToRgb(240, 1, 0.5, out);
    expect([...out]).toEqual([0, 0, 1]);
    hslToRgb(77, 0, 0.25, out);
    expect([...out]).toEqual([0.25, 0.25, 0.25]);
  });

  it('writes at an offset', () => {
    const out = new Float32Array(6);
    hslToRgb(60, 1, 0.5, out, 3);
    expect([...out]).toEqual([0, 0, 0, 1, 1, 0]);
  });
});

describe('spectrum scheme', () => {
  it('is red at band 0 and violet (hue 270°) at band 129', () => {
    expect(bandHue(0)).toBe(0);
    expect(bandHue(BANDS - 1)).toBe(270);
    expect(hueOf(rgbOf('spectrum', 0))).toBeCloseTo(0, 3);
    const [r, g, b] = rgbOf('spectrum', 0);
    expect(r).toBeGreaterThan(0.9);
    expect(g).toBeLessThan(0.2);
    expect(b).toBeLessThan(0.2);
    expect(hueOf(rgbOf('spectrum', BANDS - 1))).toBeCloseTo(270, 3);
  });

  it('raises the hue with every band', () => {
    let previous = -1;
    for (let band = 0; band < BANDS; band++) {
      const hue = hueOf(rgbOf('spectrum', band));
      expect(hue).toBeGreaterThan(previous);
      expect(hue).toBeCloseTo(bandHue(band), 2);
      previous = hue;
    }
  });
});

describe('mono scheme', () => {
  it('is the same cyan for every band', () => {
    const first = rgbOf('mono', 0);
    expect(hueOf(first)).toBeGreaterThan(170);
    expect(hueOf(first)).toBeLessThan(200);
    for (let band = 1; band < BANDS; band++) expect(rgbOf('mono', band)).toEqual(first);
  });
});

describe('schemes and brightness', () => {
  it('lists and recognises the schemes', () => {
    expect(COLOUR_SCHEMES).toEqual(['spectrum', 'mono']);
    expect(isColourScheme('mono')).toBe(true);
    expect(isColourScheme('rainbow')).toBe(false);
    expect(isColourScheme(3)).toBe(false);
  });

  it('gives every band three channels within 0…1', () => {
    for (const scheme of COLOUR_SCHEMES) {
      const p = palette(scheme);
      expect(p).toHaveLength(BANDS * 3);
      expect([...p].every((v) => v >= 0 && v <= 1)).toBe(true);
    }
  });

  it('makes louder bars brighter, from MIN_BRIGHTNESS to 1', () => {
    expect(levelBrightness(0)).toBe(MIN_BRIGHTNESS);
    expect(levelBrightness(1)).toBe(1);
    expect(levelBrightness(0.5)).toBeGreaterThan(levelBrightness(0.4));
  });
});
