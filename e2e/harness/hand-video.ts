// Synthetic camera videos of a hand for the gesture tests and the gestures benchmark: emoji
// hands drawn by Chromium with Debian's Noto Color Emoji (saved as PNGs), then composed by
// ffmpeg into a y4m file for --use-file-for-fake-video-capture: each segment shows one glyph
// still or moving in a straight line over a plain background. The medium skin tone (🏽) is
// used: MediaPipe's palm detector finds it far more reliably than the yellow default.
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import { requireExecutable } from './system.ts';

const run = promisify(execFile);

export const SKIN_TONE = '\u{1F3FD}';

/** The emoji hands the tests show, with the pose the classifier should name. */
export const EMOJI_HANDS = {
  open: `\u{1F590}${SKIN_TONE}`,
  fist: `\u270A${SKIN_TONE}`,
  victory: `\u270C${SKIN_TONE}`,
  'thumbs-up': `\u{1F44D}${SKIN_TONE}`,
  point: `\u261D${SKIN_TONE}`,
} as const;
export type EmojiPose = keyof typeof EMOJI_HANDS;

export interface Point {
  /** Centre of the glyph, in fractions of the frame. */
  x: number;
  y: number;
}

export interface Segment {
  /** The glyph to show, or null for an empty frame (the tracker loses the hand). */
  glyph: string | null;
  seconds: number;
  from?: Point;
  /** When given, the glyph moves in a straight line from `from` to `to` over the segment. */
  to?: Point;
}

export interface HandVideoOptions {
  /** Default 320 × 240, what the app asks the camera for. */
  width?: number;
  height?: number;
  fps?: number;
  /** Glyph size in pixels; default 80 (a third of the frame's height, where detection works). */
  glyphPx?: number;
  background?: string;
}

/** Draws each glyph on a transparent square canvas in Chromium; returns glyph → PNG path. */
export async function renderGlyphs(
  browser: Browser,
  glyphs: readonly string[],
  glyphPx: number,
  dir: string,
): Promise<Map<string, string>> {
  const page = await browser.newPage();
  const files = new Map<string, string>();
  try {
    for (const [i, glyph] of [...new Set(glyphs)].entries()) {
      const png = await page.evaluate(
        async ({ glyph, px }) => {
          const font = `${px}px "Noto Color Emoji"`;
          await document.fonts.load(font, glyph);
          const side = Math.ceil(px * 1.3);
          const canvas = document.createElement('canvas');
          canvas.width = side;
          canvas.height = side;
          const g = canvas.getContext('2d');
          if (!g) throw new Error('no 2d canvas');
          g.font = font;
          g.textAlign = 'center';
          g.textBaseline = 'middle';
          g.fillText(glyph, side / 2, side / 2);
          return canvas.toDataURL('image/png').split(',')[1] ?? '';
        },
        { glyph, px: glyphPx },
      );
      const file = path.join(dir, `glyph-${i}.png`);
      await writeFile(file, Buffer.from(png, 'base64'));
      files.set(glyph, file);
    }
  } finally {
    await page.close();
  }
  return files;
}

const num = (v: number) => v.toFixed(4);

/** The ffmpeg filter graph drawing the segments over a plain background. */
export function handVideoGraph(
  segments: readonly Segment[],
  glyphFiles: ReadonlyMap<string, string>,
  opts: Required<Omit<HandVideoOptions, 'glyphPx'>>,
): string {
  const { width, height, fps, background } = opts;
  const chains = [`color=c=${background}:s=${width}x${height}:r=${fps}[v0]`];
  let start = 0;
  let n = 0;
  for (const s of segments) {
    const end = start + s.seconds;
    if (s.glyph) {
      const file = glyphFiles.get(s.glyph);
      if (!file) throw new Error(`no PNG for ${s.glyph}`);
      const from = s.from ?? { x: 0.5, y: 0.5 };
      const to = s.to ?? from;
      const progress = `(t-${num(start)})/${num(s.seconds)}`;
      const x = `${num(from.x * width)}+${num((to.x - from.x) * width)}*${progress}-w/2`;
      const y = `${num(from.y * height)}+${num((to.y - from.y) * height)}*${progress}-h/2`;
      chains.push(`movie=${file}[g${n}]`);
      chains.push(
        `[v${n}][g${n}]overlay=x='${x}':y='${y}':eval=frame:enable='between(t,${num(start)},${num(end - 1e-3)})'[v${n + 1}]`,
      );
      n++;
    }
    start = end;
  }
  chains.push(`[v${n}]null[out0]`);
  return chains.join(';');
}

/** Total length of the segments, seconds. */
export const videoSeconds = (segments: readonly Segment[]) =>
  segments.reduce((s, x) => s + x.seconds, 0);

/** Renders the segments into a y4m file (glyph PNGs made with `renderGlyphs` in `dir`). */
export async function writeHandVideo(
  browser: Browser,
  file: string,
  segments: readonly Segment[],
  options: HandVideoOptions = {},
): Promise<void> {
  const opts = {
    width: options.width ?? 320,
    height: options.height ?? 240,
    fps: options.fps ?? 15,
    background: options.background ?? 'white',
  };
  const glyphs = segments.flatMap((s) => (s.glyph ? [s.glyph] : []));
  const files = await renderGlyphs(browser, glyphs, options.glyphPx ?? 80, path.dirname(file));
  const ffmpeg = requireExecutable('/usr/bin/ffmpeg', 'ffmpeg', 'ffmpeg');
  await run(ffmpeg, [
    '-loglevel',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    handVideoGraph(segments, files, opts),
    '-t',
    String(videoSeconds(segments)),
    '-pix_fmt',
    'yuv420p',
    file,
  ]);
}

/** A pose shown the way the tracker meets it: an open hand first, then the pose, then nothing. */
export function poseSegments(pose: EmojiPose, at: Point = { x: 0.5, y: 0.5 }): Segment[] {
  return [
    { glyph: EMOJI_HANDS.open, seconds: 1, from: at },
    { glyph: EMOJI_HANDS[pose], seconds: 2, from: at },
    { glyph: null, seconds: 0.6 },
  ];
}
