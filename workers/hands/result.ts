// MediaPipe's HandLandmarkerResult → the classifier's hands, in the user's view. MediaPipe
// names handedness as if the image were mirrored (a selfie); camera frames arrive unmirrored, so
// with `mirror` x becomes 1 − x and the side is swapped: the landmarks then match the mirrored
// preview the user sees, and 'right' is the user's right hand.
import type { Hand, Handedness, Landmark } from '../gestures/landmarks.ts';

/** The part of HandLandmarkerResult this module reads. */
export interface LandmarkerOutput {
  landmarks: readonly (readonly Landmark[])[];
  handedness: readonly (readonly { categoryName: string; score: number }[])[];
}

export interface ScoredHand extends Hand {
  score: number;
}

export function toHands(result: LandmarkerOutput, mirror: boolean): ScoredHand[] {
  const hands: ScoredHand[] = [];
  result.landmarks.forEach((points, i) => {
    if (points.length !== 21) return;
    const category = result.handedness[i]?.[0];
    const named: Handedness = category?.categoryName === 'Left' ? 'left' : 'right';
    const handedness: Handedness = mirror ? (named === 'left' ? 'right' : 'left') : named;
    hands.push({
      handedness,
      score: category?.score ?? 0,
      landmarks: points.map((p) => ({ x: mirror ? 1 - p.x : p.x, y: p.y, z: p.z })),
    });
  });
  return hands;
}
