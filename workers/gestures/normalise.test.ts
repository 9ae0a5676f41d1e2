import { describe, expect, it } from 'vitest';
import { sampleHand } from './hand-model.ts';
import { at, LANDMARK } from './landmarks.ts';
import { featureVector, normalise } from './normalise.ts';

describe('normalise', () => {
  it('puts the wrist at 0 and the middle MCP at (0, 1)', () => {
    const n = normalise(sampleHand('open', { rotation: 30, scale: 0.2, x: 0.3, y: 0.7 }));
    const w = at(n.points, LANDMARK.wrist);
    const m = at(n.points, LANDMARK.middleMcp);
    expect(Math.hypot(w.x, w.y, w.z)).toBeLessThan(1e-12);
    expect(m.x).toBeCloseTo(0, 9);
    expect(m.y).toBeCloseTo(1, 9);
    expect(n.scale).toBeCloseTo(0.2, 9);
  });

  it('maps rotated, scaled, moved and left hands onto the same points', () => {
    const ref = featureVector(normalise(sampleHand('victory')).points);
    for (const handedness of ['left', 'right'] as const)
      for (const rotation of [-45, 0, 45]) {
        const hand = sampleHand('victory', { handedness, rotation, scale: 0.07, x: 0.2, y: 0.3 });
        const v = featureVector(normalise(hand).points);
        for (const [i, x] of v.entries()) expect(x).toBeCloseTo(ref[i] ?? Number.NaN, 9);
      }
  });

  it('keeps the image up direction and flags a hand showing its back', () => {
    const n = normalise(sampleHand('open', { rotation: 90 }));
    expect(n.up.x).toBeCloseTo(1, 9); // turned back clockwise, image up now points to +x
    expect(n.back).toBe(false);
    expect(normalise(sampleHand('open', { yaw: 180 })).back).toBe(true);
  });
});
