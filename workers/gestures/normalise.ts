// Normalisation of a hand to a canonical frame: the wrist at the origin, y up, the wrist→
// middle-MCP distance 1 (3-D), that vector rotated in the image plane to point straight up, and
// every hand turned into a right hand with its palm to the camera (thumb towards −x, palm
// normal towards −z): left hands are mirrored in x, and so is a hand showing its back.
// `up` keeps where the image's up now points, for rules that need it (thumbs up).
import { at, cross, type Hand, LANDMARK, type Landmark, sub } from './landmarks.ts';

export interface NormalisedHand {
  points: Landmark[];
  /** The image's up direction in the normalised frame (unit, in the x–y plane). */
  up: { x: number; y: number };
  /** The hand's size in image units: wrist→middle-MCP distance before scaling. */
  scale: number;
  /** True when the palm faced away from the camera (and was mirrored for it). */
  back: boolean;
}

export function normalise(hand: Hand): NormalisedHand {
  const lm = hand.landmarks;
  const wrist = at(lm, LANDMARK.wrist);
  const sx = hand.handedness === 'left' ? -1 : 1;
  // Translate, flip y to point up, mirror left hands.
  const moved = lm.map((p) => ({ x: sx * (p.x - wrist.x), y: wrist.y - p.y, z: p.z - wrist.z }));
  const m = at(moved, LANDMARK.middleMcp);
  const scale = Math.hypot(m.x, m.y, m.z) || 1;
  const theta = Math.PI / 2 - Math.atan2(m.y, m.x);
  const c = Math.cos(theta) / scale;
  const s = Math.sin(theta) / scale;
  const points = moved.map((p) => ({ x: p.x * c - p.y * s, y: p.x * s + p.y * c, z: p.z / scale }));
  const up = { x: -Math.sin(theta), y: Math.cos(theta) };
  const o = at(points, LANDMARK.wrist);
  const normal = cross(
    sub(at(points, LANDMARK.indexMcp), o),
    sub(at(points, LANDMARK.pinkyMcp), o),
  );
  const back = normal.z > 0;
  if (back) {
    for (const p of points) p.x = -p.x;
    up.x = -up.x;
  }
  return { points, up, scale, back };
}

/** The normalised landmarks as one flat vector (wrist left out: it is always 0). */
export function featureVector(points: readonly Landmark[]): number[] {
  const v: number[] = [];
  for (let i = 1; i < points.length; i++) {
    const p = at(points, i);
    v.push(p.x, p.y, p.z);
  }
  return v;
}
