// The link-preview heat map: the scene's colours, pitch upwards, time across, louder brighter.
import { describe, expect, it } from 'vitest';
import { palette } from '../../src/hologram/colour.ts';
import { BANDS, createFrame, type HologramFrame } from '../../workers/audio/frame.ts';
import { PREVIEW_HEIGHT, PREVIEW_PALETTE, PREVIEW_WIDTH, renderPreview } from './preview.ts';

const frame = (t: number, bands: Record<number, number>): HologramFrame => {
  const f = createFrame();
  f.t = t;
  for (const [b, db] of Object.entries(bands)) {
    f.left[Number(b)] = db;
    f.right[Number(b)] = db;
  }
  return f;
};

const px = (img: ReturnType<typeof renderPreview>, x: number, y: number) => [
  ...img.rgb.subarray((y * img.width + x) * 3, (y * img.width + x) * 3 + 3),
];
/** The middle row of a band in the default 1200 × 630 picture. */
const rowOf = (band: number) => Math.round(40 + (PREVIEW_HEIGHT - 80) * (1 - (band + 0.5) / BANDS));
const sum = (c: number[]) => c.reduce((s, v) => s + v, 0);

describe('renderPreview', () => {
  it('uses exactly the scene’s spectrum palette', () => {
    const scene = palette('spectrum');
    expect(PREVIEW_PALETTE.length).toBe(scene.length);
    for (let i = 0; i < scene.length; i++)
      expect(PREVIEW_PALETTE[i]).toBeCloseTo(scene[i] as number, 6);
  });

  it('draws a loud band as a line in its hue, low bands at the bottom, in its time span only', () => {
    // 0–1 s: a loud low band (10); 1–2 s: a loud high band (100).
    const frames: HologramFrame[] = [];
    for (let i = 0; i <= 120; i++)
      frames.push(frame((i * 1000) / 60, i < 60 ? { 10: -3 } : { 100: -3 }));
    const img = renderPreview(frames);
    expect([img.width, img.height]).toEqual([PREVIEW_WIDTH, PREVIEW_HEIGHT]);
    const early = 300;
    const late = 900;
    const low = px(img, early, rowOf(10));
    const high = px(img, late, rowOf(100));
    // Band 10 is red-orange (hue 21°), band 100 blue-violet (hue 209°).
    expect(low[0]).toBeGreaterThan(200);
    expect(low[2]).toBeLessThan(60);
    expect(high[2]).toBeGreaterThan(200);
    expect(high[0]).toBeLessThan(60);
    expect(sum(px(img, late, rowOf(10)))).toBeLessThan(sum(low) / 4);
    expect(sum(px(img, early, rowOf(100)))).toBeLessThan(sum(high) / 4);
    expect(rowOf(100)).toBeLessThan(rowOf(10));
  });

  it('is brighter for louder levels and dark at the floor', () => {
    const loud = renderPreview([frame(0, { 57: -3 }), frame(1000, { 57: -3 })]);
    const quiet = renderPreview([frame(0, { 57: -50 }), frame(1000, { 57: -50 })]);
    const silent = renderPreview([frame(0, {}), frame(1000, {})]);
    const at = (img: ReturnType<typeof renderPreview>) => sum(px(img, 600, rowOf(57)));
    expect(at(loud)).toBeGreaterThan(at(quiet));
    expect(at(quiet)).toBeGreaterThan(at(silent));
    expect(px(silent, 600, rowOf(57))).toEqual([0x0b, 0x0b, 0x14]);
  });

  it('draws the octave grid for a hologram without frames, and handles a single frame', () => {
    const empty = renderPreview([]);
    const colours = new Set<string>();
    for (let i = 0; i < empty.rgb.length; i += 3) colours.add(empty.rgb.subarray(i, i + 3).join());
    expect(colours.size).toBe(2);
    const one = renderPreview([frame(5, { 57: -6 })]);
    expect(sum(px(one, 48, rowOf(57)))).toBeGreaterThan(250);
    expect(sum(px(one, 1100, rowOf(57)))).toBeGreaterThan(250);
  });
});
