import { describe, expect, it } from 'vitest';
import {
  PinchDrag,
  type PinchDragEvent,
  SwipeDetector,
  type SwipeDirection,
  TwoHandZoom,
} from './dynamic.ts';
import { createRng, type Pose, sampleHand } from './hand-model.ts';
import type { Hand } from './landmarks.ts';

const FPS = 30;
const rng = createRng(3);
const hand = (pose: Pose, x: number, y: number, handedness: 'left' | 'right' = 'right') =>
  sampleHand(pose, { x, y, handedness, scale: 0.1, noise: 0.04, rng });

/** Frames at 30 fps following path(u) for u in 0…1 over `ms`. */
function frames(ms: number, path: (u: number) => Hand | Hand[]): [number, Hand | Hand[]][] {
  const n = Math.round((ms * FPS) / 1000);
  return Array.from({ length: n + 1 }, (_, i) => [(i * 1000) / FPS, path(i / n)]);
}

function swipes(seq: [number, Hand | Hand[]][]): string[] {
  const d = new SwipeDetector();
  return seq.flatMap(([t, h]) => d.push(t, h as Hand)?.gesture ?? []);
}

describe('SwipeDetector', () => {
  const moves: Record<SwipeDirection, [number, number]> = {
    left: [-0.4, 0],
    right: [0.4, 0],
    up: [0, -0.35],
    down: [0, 0.35],
  };
  for (const [direction, [dx, dy]] of Object.entries(moves))
    it(`detects one swipe ${direction}`, () => {
      const still = (u: number) => () => hand('open', 0.5 + u * dx, 0.5 + u * dy);
      const seq = [
        ...frames(300, still(0)),
        ...frames(350, (u) => hand('open', 0.5 + u * dx, 0.5 + u * dy)),
        ...frames(500, still(1)),
      ].map(([, h], i): [number, Hand | Hand[]] => [(i * 1000) / FPS, h]);
      expect(swipes(seq)).toEqual([`swipe-${direction}`]);
    });

  it('finds no swipe in a hand held still with noise, nor in a slow drift', () => {
    expect(swipes(frames(5000, () => hand('open', 0.5, 0.5)))).toEqual([]);
    expect(swipes(frames(3000, (u) => hand('fist', 0.3 + 0.4 * u, 0.5)))).toEqual([]);
  });

  it('forgets the track when the hand is lost', () => {
    const d = new SwipeDetector();
    expect(d.push(0, hand('open', 0.2, 0.5))).toBeNull();
    expect(d.push(33, null)).toBeNull();
    expect(d.push(66, hand('open', 0.6, 0.5))).toBeNull();
  });
});

describe('PinchDrag', () => {
  it('emits start, drag deltas that add up to the motion, and end', () => {
    const p = new PinchDrag();
    const seq = [
      ...frames(200, () => hand('open', 0.4, 0.5)),
      ...frames(600, (u) => hand('pinch', 0.4 + 0.2 * u, 0.5 - 0.1 * u)),
      ...frames(200, () => hand('open', 0.6, 0.4)),
    ].map(([, h], i): [number, Hand] => [(i * 1000) / FPS, h as Hand]);
    const events = seq.flatMap(([t, h]) => p.push(t, h) ?? []);
    expect(events[0]?.type).toBe('start');
    expect(events.at(-1)?.type).toBe('end');
    const drags = events.filter(
      (e): e is Extract<PinchDragEvent, { type: 'drag' }> => e.type === 'drag',
    );
    expect(drags.length).toBeGreaterThan(10);
    const dx = drags.reduce((s, e) => s + e.dx, 0);
    const dy = drags.reduce((s, e) => s + e.dy, 0);
    expect(dx).toBeCloseTo(0.2, 1);
    expect(dy).toBeCloseTo(-0.1, 1);
    expect(events.filter((e) => e.type === 'start')).toHaveLength(1);
  });
});

describe('TwoHandZoom', () => {
  const pair = (gap: number) => [
    hand('open', 0.5 - gap / 2, 0.5, 'left'),
    hand('open', 0.5 + gap / 2, 0.5, 'right'),
  ];
  const zooms = (seq: [number, Hand | Hand[]][]) => {
    const z = new TwoHandZoom();
    return seq.flatMap(([t, h]) => z.push(t, h as Hand[])?.gesture ?? []);
  };

  it('detects spread and squeeze', () => {
    expect(zooms(frames(400, (u) => pair(0.2 + 0.4 * u)))).toEqual(['spread']);
    expect(zooms(frames(400, (u) => pair(0.6 - 0.4 * u)))).toEqual(['squeeze']);
  });

  it('stays quiet for still hands or a single hand', () => {
    expect(zooms(frames(3000, () => pair(0.4)))).toEqual([]);
    expect(zooms(frames(400, (u) => [hand('open', 0.2 + 0.4 * u, 0.5)]))).toEqual([]);
  });
});
