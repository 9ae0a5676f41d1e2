// The 21 hand landmarks MediaPipe's HandLandmarker returns, in its normalised image coordinates:
// x to the right and y down in 0…1 of the frame, z depth relative to the wrist on roughly the
// scale of x (smaller is nearer the camera).

export interface Landmark {
  x: number;
  y: number;
  z: number;
}

export type Handedness = 'left' | 'right';

export interface Hand {
  /** Exactly 21 points, indexed by LANDMARK. */
  landmarks: Landmark[];
  handedness: Handedness;
}

export const LANDMARK = {
  wrist: 0,
  thumbCmc: 1,
  thumbMcp: 2,
  thumbIp: 3,
  thumbTip: 4,
  indexMcp: 5,
  indexPip: 6,
  indexDip: 7,
  indexTip: 8,
  middleMcp: 9,
  middlePip: 10,
  middleDip: 11,
  middleTip: 12,
  ringMcp: 13,
  ringPip: 14,
  ringDip: 15,
  ringTip: 16,
  pinkyMcp: 17,
  pinkyPip: 18,
  pinkyDip: 19,
  pinkyTip: 20,
} as const;

export const LANDMARK_COUNT = 21;

export type Finger = 'thumb' | 'index' | 'middle' | 'ring' | 'pinky';

/** Landmark indices per finger, base to tip (the thumb starts at its CMC joint). */
export const FINGER_JOINTS: Record<Finger, readonly [number, number, number, number]> = {
  thumb: [1, 2, 3, 4],
  index: [5, 6, 7, 8],
  middle: [9, 10, 11, 12],
  ring: [13, 14, 15, 16],
  pinky: [17, 18, 19, 20],
};

/** Landmark i of a set, throwing when the set is short (keeps callers free of `undefined`). */
export function at(points: readonly Landmark[], i: number): Landmark {
  const p = points[i];
  if (!p) throw new RangeError(`landmark ${i} missing (have ${points.length})`);
  return p;
}

export const sub = (a: Landmark, b: Landmark): Landmark => ({
  x: a.x - b.x,
  y: a.y - b.y,
  z: a.z - b.z,
});
export const dot = (a: Landmark, b: Landmark): number => a.x * b.x + a.y * b.y + a.z * b.z;
export const norm = (a: Landmark): number => Math.sqrt(dot(a, a));
export const distance = (a: Landmark, b: Landmark): number => norm(sub(a, b));
export const cross = (a: Landmark, b: Landmark): Landmark => ({
  x: a.y * b.z - a.z * b.y,
  y: a.z * b.x - a.x * b.z,
  z: a.x * b.y - a.y * b.x,
});
