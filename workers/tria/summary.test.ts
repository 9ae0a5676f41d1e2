// summarizeFrames on synthetic frames: dominant notes, loudness over time, stereo image, duration.
import { describe, expect, it } from 'vitest';
import type { HologramFrame } from '../audio/frame.ts';
import { createFrame, DB_FLOOR } from '../audio/frame.ts';
import { loudestBand, summarizeFrames, TIMELINE_SPANS } from './summary.ts';

/** One band at `db` in both channels, panned to `pan`. */
function frame(t: number, band: number, db: number, pan = 0): HologramFrame {
  const f = createFrame();
  f.t = t;
  f.left[band] = db;
  f.right[band] = db;
  f.pan[band] = pan;
  return f;
}

describe('summarizeFrames', () => {
  it('finds the dominant notes by how often each band is loudest', () => {
    const frames = [
      ...[0, 10, 20, 30, 40, 50].map((t) => frame(t, 57, -10)),
      ...[60, 70, 80].map((t) => frame(t, 64, -10)),
      frame(90, 60, -10),
      frame(100, 0, DB_FLOOR),
    ];
    const s = summarizeFrames(frames);
    expect(s.frameCount).toBe(11);
    expect(s.durationMs).toBe(100);
    expect(s.dominantNotes).toEqual([
      { band: 57, share: 0.6 },
      { band: 64, share: 0.3 },
      { band: 60, share: 0.1 },
    ]);
  });

  it('reports loudness over time as a power sum per frame', () => {
    // Two bands at −20 dB in both channels: 10·log10(2 · 0.01) ≈ −16.99 dB.
    const two = frame(0, 40, -20);
    two.left[50] = -20;
    two.right[50] = -20;
    const frames = [two, frame(1000, 40, -40), frame(2000, 40, -60), frame(3000, 40, -30)];
    const { loudness } = summarizeFrames(frames);
    expect(loudness.maxDb).toBeCloseTo(-16.99, 2);
    // Silent bands (−100 dB) add nothing.
    expect(loudness.minDb).toBeCloseTo(-60, 9);
    expect(loudness.meanDb).toBeCloseTo((-16.99 - 40 - 60 - 30) / 4, 1);
    expect(loudness.timelineDb).toHaveLength(4);
    expect(loudness.timelineDb[2]).toBeCloseTo(-60, 9);
  });

  it('averages the timeline over at most TIMELINE_SPANS equal spans, in time order', () => {
    const frames = Array.from({ length: 32 }, (_, i) => frame(i * 10, 57, i < 16 ? -10 : -50));
    const { timelineDb } = summarizeFrames(frames.reverse()).loudness;
    expect(timelineDb).toHaveLength(TIMELINE_SPANS);
    expect(timelineDb[0]).toBeCloseTo(-10, 1);
    expect(timelineDb[TIMELINE_SPANS - 1]).toBeCloseTo(-50, 1);
  });

  it('measures the stereo image: power-weighted mean pan and its spread', () => {
    expect(summarizeFrames([frame(0, 57, -10, -1)]).stereo).toEqual({ meanPan: -1, width: 0 });
    const wide = frame(0, 57, -10, -1);
    wide.left[64] = -10;
    wide.right[64] = -10;
    wide.pan[64] = 1;
    const s = summarizeFrames([wide]).stereo;
    expect(s.meanPan).toBeCloseTo(0, 9);
    expect(s.width).toBeCloseTo(1, 9);
    // Silent bands do not count, whatever their pan.
    const quiet = frame(0, 57, -10, 0.5);
    quiet.pan[10] = -1;
    expect(summarizeFrames([quiet]).stereo.meanPan).toBeCloseTo(0.5, 6);
  });

  it('summarises nothing as silence', () => {
    expect(summarizeFrames([])).toEqual({
      frameCount: 0,
      durationMs: 0,
      dominantNotes: [],
      loudness: { minDb: DB_FLOOR, meanDb: DB_FLOOR, maxDb: DB_FLOOR, timelineDb: [] },
      stereo: { meanPan: 0, width: 0 },
    });
    expect(summarizeFrames([createFrame()]).dominantNotes).toEqual([]);
  });
});

describe('loudestBand', () => {
  it('takes the louder channel and treats −90 dB and below as silence', () => {
    const f = createFrame();
    f.left.fill(-90);
    expect(loudestBand(f)).toBeNull();
    f.right[70] = -89;
    expect(loudestBand(f)).toEqual({ band: 70, db: -89 });
  });
});
