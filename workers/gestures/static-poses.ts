// Static pose classifier on normalised landmarks. Features (in palm lengths / cosines):
//  extension per long finger: (tip − MCP)·palm direction / the finger's length, ~1 straight, <0 curled;
//  thumb out: how far the thumb tip lies beyond the index MCP, sideways in the palm's own frame;
//  pinch: thumb-tip to index-tip distance; thumb up: cosine of the thumb's image direction with up.
// Each rule is a minimum of soft (logistic) conditions; the best pose wins if it scores ≥ MIN_SCORE.
import type { Pose } from './hand-model.ts';
import {
  at,
  cross,
  distance,
  dot,
  FINGER_JOINTS,
  type Hand,
  LANDMARK,
  type Landmark,
  norm,
  sub,
} from './landmarks.ts';
import { type NormalisedHand, normalise } from './normalise.ts';

export type { Pose } from './hand-model.ts';

export interface PoseResult {
  pose: Pose | 'none';
  confidence: number;
}

export interface PoseFeatures {
  index: number;
  middle: number;
  ring: number;
  pinky: number;
  thumbOut: number;
  pinch: number;
  thumbUp: number;
}

/** Thresholds (centre, width) of each soft condition. */
export const THRESHOLDS = {
  extended: [0.45, 0.1],
  thumbOut: [0.25, 0.08],
  pinch: [0.35, 0.05],
  thumbUp: [0.5, 0.1],
} as const;
export const MIN_SCORE = 0.5;

const unit = (v: Landmark): Landmark => {
  const n = norm(v) || 1;
  return { x: v.x / n, y: v.y / n, z: v.z / n };
};

export function poseFeatures(n: NormalisedHand): PoseFeatures {
  const p = n.points;
  const wrist = at(p, LANDMARK.wrist);
  const ext = (f: 'index' | 'middle' | 'ring' | 'pinky') => {
    const [a, b, c, d] = FINGER_JOINTS[f].map((i) => at(p, i)) as [
      Landmark,
      Landmark,
      Landmark,
      Landmark,
    ];
    const length = distance(a, b) + distance(b, c) + distance(c, d) || 1;
    return dot(sub(d, a), unit(sub(a, wrist))) / length;
  };
  const up = unit(sub(at(p, LANDMARK.middleMcp), wrist));
  const normal = unit(
    cross(sub(at(p, LANDMARK.indexMcp), wrist), sub(at(p, LANDMARK.pinkyMcp), wrist)),
  );
  const side = cross(up, normal);
  const thumbTip = at(p, LANDMARK.thumbTip);
  const thumb = sub(thumbTip, at(p, LANDMARK.thumbMcp));
  return {
    index: ext('index'),
    middle: ext('middle'),
    ring: ext('ring'),
    pinky: ext('pinky'),
    thumbOut: dot(sub(thumbTip, at(p, LANDMARK.indexMcp)), side),
    pinch: distance(thumbTip, at(p, LANDMARK.indexTip)),
    thumbUp: (thumb.x * n.up.x + thumb.y * n.up.y) / (Math.hypot(thumb.x, thumb.y) || 1),
  };
}

const soft = (value: number, [centre, width]: readonly [number, number]) =>
  1 / (1 + Math.exp(-(value - centre) / width));

/** Score of every pose from the features (0…1). */
export function poseScores(f: PoseFeatures): Record<Pose, number> {
  const e = (v: number) => soft(v, THRESHOLDS.extended);
  const [I, M, R, P] = [e(f.index), e(f.middle), e(f.ring), e(f.pinky)];
  const T = soft(f.thumbOut, THRESHOLDS.thumbOut);
  const pinch = 1 - soft(f.pinch, THRESHOLDS.pinch);
  return {
    open: Math.min(I, M, R, P, T, 1 - pinch),
    fist: Math.min(1 - I, 1 - M, 1 - R, 1 - P, 1 - T),
    pinch,
    point: Math.min(I, 1 - M, 1 - R, 1 - P, 1 - pinch),
    victory: Math.min(I, M, 1 - R, 1 - P),
    'thumbs-up': Math.min(1 - I, 1 - M, 1 - R, 1 - P, T, soft(f.thumbUp, THRESHOLDS.thumbUp)),
  };
}

/** The static pose of a hand, or 'none' when no pose scores at least MIN_SCORE. */
export function classifyPose(hand: Hand): PoseResult {
  const scores = poseScores(poseFeatures(normalise(hand)));
  let best: PoseResult = { pose: 'none', confidence: 0 };
  for (const [pose, score] of Object.entries(scores) as [Pose, number][])
    if (score > best.confidence) best = { pose, confidence: score };
  return best.confidence >= MIN_SCORE ? best : { pose: 'none', confidence: best.confidence };
}
