// A kinematic hand model that generates MediaPipe-like landmark sets for tests and benchmarks.
// A right hand is built in its own frame (wrist at the origin, fingers along +y, thumb towards
// −x, palm facing −z, i.e. the camera; wrist→middle-MCP = 1) from joint angles per finger, then
// tilted out of the image plane, rotated in it, mirrored for a left hand, scaled, placed in the
// image (x right, y down, 0…1) and given Gaussian noise from a seeded PRNG.
import { at, distance, type Hand, type Handedness, LANDMARK, type Landmark } from './landmarks.ts';

export const POSES = ['open', 'fist', 'pinch', 'point', 'victory', 'thumbs-up'] as const;
export type Pose = (typeof POSES)[number];

/** Flexion at MCP, PIP, DIP in degrees, and sideways splay at the MCP (+ towards the pinky). */
export interface FingerAngles {
  flex: [number, number, number];
  splay: number;
}

/** Thumb: base angle in the palm plane away from the fingers (abduction) and out of it towards
 * the palm (opposition), then flexion at MCP and IP, all in degrees. */
export interface ThumbAngles {
  abduction: number;
  opposition: number;
  flex: [number, number];
}

export interface HandShape {
  thumb: ThumbAngles;
  index: FingerAngles;
  middle: FingerAngles;
  ring: FingerAngles;
  pinky: FingerAngles;
  /** Orientation of the whole hand before the sample's own: yaw about y, then in-plane roll. */
  yaw?: number;
  roll?: number;
}

type LongFinger = 'index' | 'middle' | 'ring' | 'pinky';
const LONG: readonly LongFinger[] = ['index', 'middle', 'ring', 'pinky'];
const MCP: Record<LongFinger, Landmark> = {
  index: { x: -0.3, y: 0.95, z: 0 },
  middle: { x: 0, y: 1, z: 0 },
  ring: { x: 0.25, y: 0.93, z: 0 },
  pinky: { x: 0.47, y: 0.82, z: 0 },
};
const BONES: Record<LongFinger, [number, number, number]> = {
  index: [0.45, 0.27, 0.22],
  middle: [0.5, 0.3, 0.23],
  ring: [0.46, 0.28, 0.22],
  pinky: [0.36, 0.2, 0.19],
};
const THUMB_CMC: Landmark = { x: -0.22, y: 0.22, z: -0.05 };
const THUMB_BONES: [number, number, number] = [0.45, 0.33, 0.28];

const open = (splay: number): FingerAngles => ({ flex: [5, 5, 5], splay });
const curled = (splay = 0): FingerAngles => ({ flex: [85, 100, 60], splay });
const TUCKED: ThumbAngles = { abduction: 25, opposition: 45, flex: [35, 35] };

const BASE: Record<Exclude<Pose, 'pinch'>, HandShape> = {
  open: {
    thumb: { abduction: 50, opposition: 10, flex: [5, 5] },
    index: open(-8),
    middle: open(0),
    ring: open(6),
    pinky: open(14),
  },
  fist: { thumb: TUCKED, index: curled(), middle: curled(), ring: curled(), pinky: curled() },
  point: { thumb: TUCKED, index: open(0), middle: curled(), ring: curled(), pinky: curled() },
  victory: { thumb: TUCKED, index: open(-10), middle: open(8), ring: curled(), pinky: curled() },
  'thumbs-up': {
    thumb: { abduction: 75, opposition: 0, flex: [0, 0] },
    index: curled(),
    middle: curled(),
    ring: curled(),
    pinky: curled(),
    yaw: 30,
    roll: -80,
  },
};

let pinchShape: HandShape | undefined;

/** The joint angles of a pose; pinch solves the thumb so its tip meets the index tip. */
export function poseShape(pose: Pose): HandShape {
  if (pose !== 'pinch') return BASE[pose];
  pinchShape ??= solvePinch();
  return pinchShape;
}

function solvePinch(): HandShape {
  const shape: HandShape = {
    thumb: TUCKED,
    index: { flex: [55, 60, 30], splay: 0 },
    middle: open(2),
    ring: open(8),
    pinky: open(14),
  };
  let best = Number.POSITIVE_INFINITY;
  let thumb = TUCKED;
  for (let a = 0; a <= 90; a += 3)
    for (let o = 0; o <= 90; o += 3)
      for (let f1 = 0; f1 <= 60; f1 += 5)
        for (let f2 = 0; f2 <= 60; f2 += 5) {
          const t: ThumbAngles = { abduction: a, opposition: o, flex: [f1, f2] };
          const p = buildLocal({ ...shape, thumb: t });
          const d = distance(at(p, LANDMARK.thumbTip), at(p, LANDMARK.indexTip));
          if (d < best) [best, thumb] = [d, t];
        }
  return { ...shape, thumb };
}

const rad = (deg: number) => (deg * Math.PI) / 180;
const step = (p: Landmark, len: number, dir: Landmark): Landmark => ({
  x: p.x + len * dir.x,
  y: p.y + len * dir.y,
  z: p.z + len * dir.z,
});

/** The 21 points of a right hand in its own frame (y up, palm to −z). */
export function buildLocal(shape: HandShape): Landmark[] {
  const points: Landmark[] = [{ x: 0, y: 0, z: 0 }];
  const t = shape.thumb;
  let p = THUMB_CMC;
  points.push(p);
  const thumbFlex = [0, ...t.flex];
  let bend = 0;
  THUMB_BONES.forEach((len, k) => {
    bend += thumbFlex[k] ?? 0;
    const a = rad(t.abduction - bend);
    const o = rad(t.opposition + bend * 0.6);
    p = step(p, len, {
      x: -Math.sin(a) * Math.cos(o),
      y: Math.cos(a) * Math.cos(o),
      z: -Math.sin(o),
    });
    points.push(p);
  });
  for (const f of LONG) {
    const { flex, splay } = shape[f];
    p = MCP[f];
    points.push(p);
    let angle = 0;
    const s = rad(splay);
    BONES[f].forEach((len, k) => {
      angle += rad(flex[k] ?? 0);
      const dir = {
        x: Math.sin(s) * Math.cos(angle),
        y: Math.cos(s) * Math.cos(angle),
        z: -Math.sin(angle),
      };
      p = step(p, len, dir);
      points.push(p);
    });
  }
  return points;
}

export interface SampleOptions {
  handedness?: Handedness;
  /** In-plane rotation in degrees (counter-clockwise as seen in the image). */
  rotation?: number;
  /** Out-of-plane tilt in degrees: about the image's vertical (yaw) and horizontal (pitch) axes. */
  yaw?: number;
  pitch?: number;
  /** Wrist→middle-MCP distance in image units. Default 0.12. */
  scale?: number;
  /** Wrist position in the image. Default (0.5, 0.6). */
  x?: number;
  y?: number;
  /** Landmark noise σ in palm lengths (wrist→middle-MCP). Default 0. */
  noise?: number;
  /** Random joint-angle variation σ in degrees. Default 0. */
  jitter?: number;
  rng?: Rng;
}

/** One landmark set of a hand holding `shape` (a pose name or joint angles). */
export function sampleHand(shape: Pose | HandShape, options: SampleOptions = {}): Hand {
  const rng = options.rng ?? createRng(1);
  const base = typeof shape === 'string' ? poseShape(shape) : shape;
  const jitter = options.jitter ?? 0;
  const local = buildLocal(jitter > 0 ? jitterShape(base, jitter, rng) : base);
  const scale = options.scale ?? 0.12;
  const noise = (options.noise ?? 0) * scale;
  const mirror = options.handedness === 'left' ? -1 : 1;
  const ry = rad((base.yaw ?? 0) + (options.yaw ?? 0));
  const rx = rad(options.pitch ?? 0);
  const rz = rad((base.roll ?? 0) + (options.rotation ?? 0));
  const landmarks = local.map((q) => {
    let p = {
      x: q.x * Math.cos(ry) + q.z * Math.sin(ry),
      y: q.y,
      z: -q.x * Math.sin(ry) + q.z * Math.cos(ry),
    };
    p = {
      x: p.x,
      y: p.y * Math.cos(rx) - p.z * Math.sin(rx),
      z: p.y * Math.sin(rx) + p.z * Math.cos(rx),
    };
    p = {
      x: p.x * Math.cos(rz) - p.y * Math.sin(rz),
      y: p.x * Math.sin(rz) + p.y * Math.cos(rz),
      z: p.z,
    };
    return {
      x: (options.x ?? 0.5) + mirror * p.x * scale + noise * rng.gaussian(),
      y: (options.y ?? 0.6) - p.y * scale + noise * rng.gaussian(),
      z: p.z * scale + noise * rng.gaussian(),
    };
  });
  return { landmarks, handedness: options.handedness ?? 'right' };
}

function jitterShape(s: HandShape, sigma: number, rng: Rng): HandShape {
  const j = (v: number) => v + sigma * rng.gaussian();
  const finger = (f: FingerAngles): FingerAngles => ({
    flex: [j(f.flex[0]), j(f.flex[1]), j(f.flex[2])],
    splay: j(f.splay),
  });
  return {
    ...s,
    thumb: {
      abduction: j(s.thumb.abduction),
      opposition: j(s.thumb.opposition),
      flex: [j(s.thumb.flex[0]), j(s.thumb.flex[1])],
    },
    index: finger(s.index),
    middle: finger(s.middle),
    ring: finger(s.ring),
    pinky: finger(s.pinky),
  };
}

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Standard normal. */
  gaussian(): number;
}

/** A seeded PRNG (mulberry32) with Box–Muller normals. */
export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    gaussian: () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next()),
  };
}

export interface DatasetOptions {
  seed?: number;
  /** Samples per pose and hand. Default 100. */
  perPose?: number;
  /** Largest in-plane rotation (±) in degrees. Default 45. */
  maxRotation?: number;
  /** Largest out-of-plane tilt (±) in degrees. Default 10. */
  maxTilt?: number;
  /** Noise σ in palm lengths. Default 0.03. */
  noise?: number;
  /** Joint-angle variation σ in degrees. Default 6. */
  jitter?: number;
}

export interface Sample {
  pose: Pose;
  hand: Hand;
}

/** All six poses, both hands, random rotations, tilts, scales, positions and noise. */
export function generateDataset(options: DatasetOptions = {}): Sample[] {
  const rng = createRng(options.seed ?? 42);
  const span = (max: number) => (2 * rng.next() - 1) * max;
  const samples: Sample[] = [];
  for (const pose of POSES)
    for (const handedness of ['left', 'right'] as const)
      for (let i = 0; i < (options.perPose ?? 100); i++) {
        const scale = 0.06 + 0.14 * rng.next();
        const hand = sampleHand(pose, {
          handedness,
          rotation: span(options.maxRotation ?? 45),
          yaw: span(options.maxTilt ?? 10),
          pitch: span(options.maxTilt ?? 10),
          scale,
          x: 0.3 + 0.4 * rng.next(),
          y: 0.4 + 0.3 * rng.next(),
          noise: options.noise ?? 0.03,
          jitter: options.jitter ?? 6,
          rng,
        });
        samples.push({ pose, hand });
      }
  return samples;
}
