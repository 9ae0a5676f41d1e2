import { describe, expect, it } from 'vitest';
import { CustomGestures } from '../gestures/custom.ts';
import { createRng, type HandShape, poseShape, sampleHand } from '../gestures/hand-model.ts';
import { at, distance, type Hand, type Landmark } from '../gestures/landmarks.ts';
import type { GestureEvent } from './api.ts';
import { GesturePipeline } from './pipeline.ts';

const FRAME_MS = 33;

/** Runs frames through a pipeline and returns every event. */
function run(pipeline: GesturePipeline, frames: Hand[][], t0 = 0): GestureEvent[] {
  return frames.flatMap((hands, i) => pipeline.push(t0 + i * FRAME_MS, hands).events);
}

const still = (hand: Hand, n: number): Hand[][] => Array.from({ length: n }, () => [hand]);

describe('GesturePipeline', () => {
  it('names a held pose once, after the hysteresis, for the hand holding it', () => {
    const pipeline = new GesturePipeline();
    const fist = sampleHand('fist', { handedness: 'left', x: 0.4 });
    const victory = sampleHand('victory', { handedness: 'left', x: 0.4 });
    const events = run(pipeline, [...still(fist, 6), ...still(victory, 6)]);
    expect(events.map((e) => [e.gesture, e.hand])).toEqual([
      ['fist', 'left'],
      ['victory', 'left'],
    ]);
    expect(events[0]?.t).toBe(2 * FRAME_MS);
    expect(events[0]?.confidence).toBeGreaterThan(0.7);
    const { poses } = pipeline.push(20 * FRAME_MS, [victory]);
    expect(poses).toEqual([{ pose: 'victory', confidence: expect.any(Number) }]);
  });

  it('sees a swipe of an open hand, and its direction', () => {
    const pipeline = new GesturePipeline();
    const frames = Array.from({ length: 12 }, (_, i) => [
      sampleHand('open', { x: 0.3 + (0.4 * i) / 11, scale: 0.12 }),
    ]);
    const swipes = run(pipeline, frames).filter((e) => e.gesture.startsWith('swipe-'));
    expect(swipes).toHaveLength(1);
    expect(swipes[0]).toMatchObject({ gesture: 'swipe-right', hand: 'right' });
    expect(swipes[0]?.confidence).toBeGreaterThan(0.5);
  });

  it('sees a swipe at 3 tracked frames per second, but not a slow drift or a still hand', () => {
    const rng = createRng(9);
    const at = (x: number) => sampleHand('open', { x, scale: 0.1, noise: 0.04, rng });
    const swipesOf = (frames: [number, number][]) => {
      const pipeline = new GesturePipeline();
      return frames
        .flatMap(([t, x]) => pipeline.push(t, [at(x)]).events)
        .filter((e) => e.gesture.startsWith('swipe-'))
        .map((e) => e.gesture);
    };
    // 0.25 → 0.75 of the frame in 700 ms, sampled every 330 ms.
    const fast = [0, 330, 660, 990, 1320].map((t): [number, number] => [
      t,
      0.25 + 0.5 * Math.min(1, Math.max(0, (t - 300) / 700)),
    ]);
    expect(swipesOf(fast)).toEqual(['swipe-right']);
    const drift = Array.from({ length: 91 }, (_, i): [number, number] => [
      i * 33,
      0.3 + i * 0.0045,
    ]);
    expect(swipesOf(drift)).toEqual([]);
    const still = Array.from({ length: 150 }, (_, i): [number, number] => [i * 33, 0.5]);
    expect(swipesOf(still)).toEqual([]);
  });

  it('zooms with two hands moving apart, without swiping', () => {
    const pipeline = new GesturePipeline();
    const frames = Array.from({ length: 14 }, (_, i) => {
      const d = 0.1 + (0.25 * i) / 13;
      return [
        sampleHand('open', { handedness: 'left', x: 0.5 - d, scale: 0.1 }),
        sampleHand('open', { handedness: 'right', x: 0.5 + d, scale: 0.1 }),
      ];
    });
    const events = run(pipeline, frames).filter((e) => !['open'].includes(e.gesture));
    expect(events.map((e) => [e.gesture, e.hand])).toEqual([['spread', 'both']]);
  });

  it('tells two hands apart even when both are named the same side', () => {
    const pipeline = new GesturePipeline();
    const frames = Array.from({ length: 14 }, (_, i) => {
      const d = 0.35 - (0.25 * i) / 13;
      return [
        sampleHand('fist', { handedness: 'right', x: 0.5 - d, scale: 0.1 }),
        sampleHand('fist', { handedness: 'right', x: 0.5 + d, scale: 0.1 }),
      ];
    });
    const events = run(pipeline, frames);
    expect(events.filter((e) => e.gesture === 'squeeze')).toHaveLength(1);
    expect(events.filter((e) => e.gesture === 'fist').map((e) => e.hand)).toEqual([
      'left',
      'right',
    ]);
  });

  it('drags with a pinch: deltas add up to the motion, and a fast drag is not a swipe', () => {
    const pipeline = new GesturePipeline();
    const frames = Array.from({ length: 10 }, (_, i) => [
      sampleHand('pinch', { x: 0.3 + 0.04 * i, y: 0.6 - 0.01 * i, scale: 0.12 }),
    ]);
    const events = run(pipeline, frames);
    const drags = events.filter((e) => e.gesture === 'pinch-drag');
    // The drag starts once the pinch is the smoothed pose (3 frames).
    expect(drags.length).toBe(7);
    const dx = drags.reduce((s, e) => s + (e.dx ?? 0), 0);
    const dy = drags.reduce((s, e) => s + (e.dy ?? 0), 0);
    expect(dx).toBeCloseTo(0.04 * drags.length, 3);
    expect(dy).toBeCloseTo(-0.01 * drags.length, 3);
    expect(events.some((e) => e.gesture.startsWith('swipe-'))).toBe(false);
    expect(events.some((e) => e.gesture === 'pinch')).toBe(true);
  });

  it('does not drag with a fist whose thumb rests near the index tip', () => {
    const pipeline = new GesturePipeline();
    const frames = Array.from({ length: 10 }, (_, i) => {
      const fist = sampleHand('fist', { x: 0.3 + 0.02 * i, scale: 0.12 });
      const lm = fist.landmarks.map((p) => ({ ...p }));
      const [thumb, index, wrist, middle] = [4, 8, 0, 9].map((i) => at(lm, i)) as [
        Landmark,
        Landmark,
        Landmark,
        Landmark,
      ];
      // Thumb tip moved onto the line to the index tip, 0.3 palm lengths from it.
      const k = (0.3 * distance(wrist, middle)) / distance(thumb, index);
      lm[4] = {
        x: index.x + (thumb.x - index.x) * k,
        y: index.y + (thumb.y - index.y) * k,
        z: index.z + (thumb.z - index.z) * k,
      };
      return [{ ...fist, landmarks: lm }];
    });
    const events = run(pipeline, frames).map((e) => e.gesture);
    expect(events).toEqual(['fist']);
  });

  it('names a taught custom gesture ahead of the built-in poses', () => {
    const rng = createRng(5);
    const horns: HandShape = {
      ...poseShape('point'),
      middle: poseShape('fist').middle,
      pinky: poseShape('open').pinky,
    };
    const taught = new CustomGestures();
    for (let i = 0; i < 10; i++)
      taught.add('horns', sampleHand(horns, { noise: 0.02, jitter: 3, rotation: i * 4, rng }));
    const pipeline = new GesturePipeline();
    pipeline.setCustomGestures(taught.toJSON());
    const probe = sampleHand(horns, { rotation: 10, rng });
    expect(run(pipeline, still(probe, 5)).map((e) => e.gesture)).toEqual(['horns']);
    pipeline.setCustomGestures(null);
    pipeline.reset();
    expect(run(pipeline, still(probe, 5)).map((e) => e.gesture)).not.toContain('horns');
  });

  it('starts over after reset: the same pose is named again', () => {
    const pipeline = new GesturePipeline();
    const point = sampleHand('point');
    expect(run(pipeline, still(point, 4)).map((e) => e.gesture)).toEqual(['point']);
    expect(run(pipeline, still(point, 4), 1000)).toEqual([]);
    pipeline.reset();
    expect(run(pipeline, still(point, 4), 2000).map((e) => e.gesture)).toEqual(['point']);
  });
});
