import { describe, expect, it } from 'vitest';
import { sampleHand } from '../gestures/hand-model.ts';
import { classifyPose } from '../gestures/static-poses.ts';
import { toHands } from './result.ts';

const victory = sampleHand('victory', { handedness: 'right', x: 0.3, y: 0.6 });

describe('toHands', () => {
  it('mirrors x and swaps the side for a front camera', () => {
    const [hand] = toHands(
      { landmarks: [victory.landmarks], handedness: [[{ categoryName: 'Left', score: 0.9 }]] },
      true,
    );
    expect(hand?.handedness).toBe('right');
    expect(hand?.score).toBe(0.9);
    expect(hand?.landmarks[0]?.x).toBeCloseTo(0.7, 6);
    expect(hand?.landmarks[0]?.y).toBe(victory.landmarks[0]?.y);
  });

  it('keeps coordinates and side without mirroring', () => {
    const [hand] = toHands(
      { landmarks: [victory.landmarks], handedness: [[{ categoryName: 'Right', score: 1 }]] },
      false,
    );
    expect(hand?.handedness).toBe('right');
    expect(hand?.landmarks).toEqual(victory.landmarks);
  });

  it('keeps the pose: a mirrored hand with its side swapped classifies the same', () => {
    const [hand] = toHands(
      { landmarks: [victory.landmarks], handedness: [[{ categoryName: 'Right', score: 1 }]] },
      true,
    );
    expect(hand?.handedness).toBe('left');
    expect(classifyPose(hand ?? victory).pose).toBe('victory');
  });

  it('drops incomplete hands', () => {
    expect(
      toHands(
        {
          landmarks: [victory.landmarks.slice(0, 20)],
          handedness: [[{ categoryName: 'Right', score: 1 }]],
        },
        true,
      ),
    ).toEqual([]);
  });
});
