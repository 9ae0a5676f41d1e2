import { describe, expect, it } from 'vitest';
import { EMOJI_HANDS, handVideoGraph, poseSegments, videoSeconds } from './hand-video.ts';

describe('handVideoGraph', () => {
  it('overlays each glyph for its segment only, moving it from → to', () => {
    const files = new Map([[EMOJI_HANDS.open, '/tmp/open.png']]);
    const graph = handVideoGraph(
      [
        { glyph: EMOJI_HANDS.open, seconds: 1, from: { x: 0.25, y: 0.5 }, to: { x: 0.75, y: 0.5 } },
        { glyph: null, seconds: 0.5 },
      ],
      files,
      { width: 640, height: 480, fps: 15, background: 'white' },
    );
    expect(graph).toContain('color=c=white:s=640x480:r=15[v0]');
    expect(graph).toContain('movie=/tmp/open.png[g0]');
    expect(graph).toContain("x='160.0000+320.0000*(t-0.0000)/1.0000-w/2'");
    expect(graph).toContain("enable='between(t,0.0000,0.9990)'");
    expect(graph.endsWith('[v1]null[out0]')).toBe(true);
  });

  it('shows a pose after an open hand, then an empty frame', () => {
    const segments = poseSegments('fist');
    expect(segments.map((s) => s.glyph)).toEqual([EMOJI_HANDS.open, EMOJI_HANDS.fist, null]);
    expect(videoSeconds(segments)).toBeCloseTo(3.6, 6);
    expect(() =>
      handVideoGraph(segments, new Map(), { width: 1, height: 1, fps: 1, background: 'white' }),
    ).toThrow(/no PNG/);
  });
});
