// Dynamic gestures from a time series of hands (t in ms, landmarks in image units, x right,
// y down). Distances are in palm lengths (wrist→middle-MCP), so they do not depend on how far
// the hand is from the camera. Each detector is a pure state machine fed one frame at a time.
//  SwipeDetector: wrist displacement over a sliding window, past a minimum distance and speed,
//    mostly along one axis; then a cooldown.
//  PinchDrag: thumb and index tips together (enter/exit hysteresis) while moving: drag deltas.
//  TwoHandZoom: the distance between two hands' centres growing (spread) or shrinking (squeeze).
import { at, distance, type Hand, LANDMARK, type Landmark } from './landmarks.ts';

export type SwipeDirection = 'left' | 'right' | 'up' | 'down';

export interface SwipeEvent {
  gesture: `swipe-${SwipeDirection}`;
  t: number;
  /** Distance covered in the window, palm lengths. */
  distance: number;
  /** Palm lengths per second. */
  speed: number;
}

export interface SwipeOptions {
  windowMs?: number;
  minDistance?: number;
  minSpeed?: number;
  /** The main axis must be this many times the other. */
  dominance?: number;
  cooldownMs?: number;
}

/** Palm length in image units (3-D wrist→middle-MCP). */
export const palmLength = (hand: Hand): number =>
  distance(at(hand.landmarks, LANDMARK.wrist), at(hand.landmarks, LANDMARK.middleMcp)) || 1e-6;

interface Track {
  t: number;
  x: number;
  y: number;
  scale: number;
}

export class SwipeDetector {
  private track: Track[] = [];
  private cooldownUntil = Number.NEGATIVE_INFINITY;
  readonly options: Required<SwipeOptions>;

  constructor(options: SwipeOptions = {}) {
    this.options = {
      windowMs: 300,
      minDistance: 1.5,
      minSpeed: 4,
      dominance: 2,
      cooldownMs: 600,
      ...options,
    };
  }

  /** Feeds one frame (null: no hand) and returns a swipe when one completes. */
  push(t: number, hand: Hand | null): SwipeEvent | null {
    if (!hand) {
      this.track = [];
      return null;
    }
    const wrist = at(hand.landmarks, LANDMARK.wrist);
    const o = this.options;
    this.track.push({ t, x: wrist.x, y: wrist.y, scale: palmLength(hand) });
    while ((this.track[0]?.t ?? t) < t - o.windowMs) this.track.shift();
    const first = this.track[0];
    if (!first || t < this.cooldownUntil || t <= first.t) return null;
    const scale = this.track.reduce((s, p) => s + p.scale, 0) / this.track.length;
    const dx = (wrist.x - first.x) / scale;
    const dy = (wrist.y - first.y) / scale;
    const dist = Math.hypot(dx, dy);
    const speed = (dist * 1000) / (t - first.t);
    const [major, minor] = Math.abs(dx) >= Math.abs(dy) ? [dx, dy] : [dy, dx];
    if (
      dist < o.minDistance ||
      speed < o.minSpeed ||
      Math.abs(major) < o.dominance * Math.abs(minor)
    )
      return null;
    const horizontal = major === dx;
    const direction: SwipeDirection = horizontal
      ? dx > 0
        ? 'right'
        : 'left'
      : dy > 0
        ? 'down'
        : 'up';
    this.track = [];
    this.cooldownUntil = t + o.cooldownMs;
    return { gesture: `swipe-${direction}`, t, distance: dist, speed };
  }
}

export type PinchDragEvent =
  | { type: 'start'; t: number; x: number; y: number }
  | { type: 'drag'; t: number; x: number; y: number; dx: number; dy: number }
  | { type: 'end'; t: number };

export interface PinchDragOptions {
  /** Thumb–index tip distance (palm lengths) that starts a pinch… */
  enter?: number;
  /** …and the larger one that ends it. */
  exit?: number;
}

export class PinchDrag {
  private last: { x: number; y: number } | null = null;
  readonly enter: number;
  readonly exit: number;

  constructor(options: PinchDragOptions = {}) {
    this.enter = options.enter ?? 0.35;
    this.exit = options.exit ?? 0.5;
  }

  get pinching(): boolean {
    return this.last !== null;
  }

  /** Feeds one frame; while pinched, returns drag deltas of the pinch point (image units). */
  push(t: number, hand: Hand | null): PinchDragEvent | null {
    const tip = hand && pinchPoint(hand);
    if (!tip || (this.last && tip.gap > this.exit)) {
      if (!this.last) return null;
      this.last = null;
      return { type: 'end', t };
    }
    if (!this.last) {
      if (tip.gap >= this.enter) return null;
      this.last = { x: tip.x, y: tip.y };
      return { type: 'start', t, x: tip.x, y: tip.y };
    }
    const event = {
      type: 'drag' as const,
      t,
      x: tip.x,
      y: tip.y,
      dx: tip.x - this.last.x,
      dy: tip.y - this.last.y,
    };
    this.last = { x: tip.x, y: tip.y };
    return event;
  }
}

/** Midpoint of the thumb and index tips and their distance in palm lengths. */
function pinchPoint(hand: Hand): { x: number; y: number; gap: number } {
  const a = at(hand.landmarks, LANDMARK.thumbTip);
  const b = at(hand.landmarks, LANDMARK.indexTip);
  return { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2, gap: distance(a, b) / palmLength(hand) };
}

export interface ZoomEvent {
  gesture: 'spread' | 'squeeze';
  t: number;
  /** Distance between the hands now over the distance at the window's start. */
  ratio: number;
}

export interface TwoHandOptions {
  windowMs?: number;
  /** Relative change that counts: ratio ≥ 1 + minChange, or ≤ 1 / (1 + minChange). */
  minChange?: number;
  cooldownMs?: number;
}

/** Centre of a hand: the mean of the wrist and the four finger MCPs. */
export function handCentre(hand: Hand): Landmark {
  const ids = [
    LANDMARK.wrist,
    LANDMARK.indexMcp,
    LANDMARK.middleMcp,
    LANDMARK.ringMcp,
    LANDMARK.pinkyMcp,
  ];
  const c = { x: 0, y: 0, z: 0 };
  for (const i of ids) {
    const p = at(hand.landmarks, i);
    c.x += p.x / ids.length;
    c.y += p.y / ids.length;
    c.z += p.z / ids.length;
  }
  return c;
}

export class TwoHandZoom {
  private track: { t: number; d: number }[] = [];
  private cooldownUntil = Number.NEGATIVE_INFINITY;
  readonly options: Required<TwoHandOptions>;

  constructor(options: TwoHandOptions = {}) {
    this.options = { windowMs: 500, minChange: 0.3, cooldownMs: 500, ...options };
  }

  /** Feeds the hands of one frame; needs exactly two. */
  push(t: number, hands: readonly Hand[]): ZoomEvent | null {
    const [a, b] = hands;
    if (!a || !b || hands.length !== 2) {
      this.track = [];
      return null;
    }
    const ca = handCentre(a);
    const cb = handCentre(b);
    const d = Math.hypot(ca.x - cb.x, ca.y - cb.y);
    const o = this.options;
    this.track.push({ t, d });
    while ((this.track[0]?.t ?? t) < t - o.windowMs) this.track.shift();
    const first = this.track[0];
    if (!first || t < this.cooldownUntil || first.d <= 0) return null;
    const ratio = d / first.d;
    const gesture =
      ratio >= 1 + o.minChange ? 'spread' : ratio <= 1 / (1 + o.minChange) ? 'squeeze' : null;
    if (!gesture) return null;
    this.track = [];
    this.cooldownUntil = t + o.cooldownMs;
    return { gesture, t, ratio };
  }
}
