// From tracked hands, frame by frame, to gesture events: per hand a smoothed static pose (or a
// custom gesture the user taught, which wins when it matches), swipes and pinch-drags; with two
// hands, spread and squeeze. A pose produces an event when the smoothed label changes to it; a
// swipe, a zoom and every pinch-drag step produce one each. A drag needs the smoothed pose to be
// a pinch; swipes are not looked for while two hands are in view or the hand pinches, so
// zooming and dragging do not also swipe.
import { type CustomGestureJSON, CustomGestures } from '../gestures/custom.ts';
import { PinchDrag, SwipeDetector, TwoHandZoom } from '../gestures/dynamic.ts';
import { type HysteresisOptions, LabelSmoother } from '../gestures/hysteresis.ts';
import type { Hand, Handedness } from '../gestures/landmarks.ts';
import { classifyPose } from '../gestures/static-poses.ts';
import type { GestureEvent } from './api.ts';

export interface PipelineOptions {
  hysteresis?: HysteresisOptions;
}

export interface HandState {
  pose: string;
  confidence: number;
}

export interface PipelineResult {
  events: GestureEvent[];
  /** Smoothed label per hand given, in the same order. */
  poses: HandState[];
}

/**
 * The swipe window, longer than the detector's default (300 ms): a slow machine tracks only a
 * few frames per second, and a swipe needs two tracked frames inside the window. The speed
 * threshold still keeps slow drifts out.
 */
export const SWIPE_WINDOW_MS = 600;

class PerHand {
  readonly smoother: LabelSmoother<string>;
  readonly swipe = new SwipeDetector({ windowMs: SWIPE_WINDOW_MS });
  readonly pinch = new PinchDrag();
  constructor(options: PipelineOptions) {
    this.smoother = new LabelSmoother<string>(options.hysteresis);
  }
}

const SIDES: readonly Handedness[] = ['left', 'right'];

export class GesturePipeline {
  private readonly perHand: Record<Handedness, PerHand>;
  private readonly zoom = new TwoHandZoom();
  private custom: CustomGestures | null = null;

  constructor(private readonly options: PipelineOptions = {}) {
    this.perHand = { left: new PerHand(options), right: new PerHand(options) };
  }

  /** Replaces the custom gestures (null: none). */
  setCustomGestures(json: CustomGestureJSON | null): void {
    const custom = json ? CustomGestures.fromJSON(json) : null;
    this.custom = custom && custom.names.length > 0 ? custom : null;
  }

  /** One frame at `t` ms: the hands in view (at most one per side is used). */
  push(t: number, hands: readonly Hand[]): PipelineResult {
    const events: GestureEvent[] = [];
    const bySide = new Map<Handedness, Hand>();
    for (const hand of hands) {
      // Two hands named the same side: the second is the other one.
      const side = bySide.has(hand.handedness)
        ? hand.handedness === 'left'
          ? 'right'
          : 'left'
        : hand.handedness;
      if (!bySide.has(side)) bySide.set(side, hand);
    }
    const twoHands = bySide.size === 2;
    const states = new Map<Handedness, HandState>();
    for (const side of SIDES) {
      const state = this.perHand[side];
      const hand = bySide.get(side) ?? null;
      const before = state.smoother.label.pose;
      const label = state.smoother.push(hand ? this.label(hand) : { pose: 'none', confidence: 0 });
      if (label.pose !== before && label.pose !== 'none')
        events.push({ t, gesture: label.pose, confidence: label.confidence, hand: side });
      states.set(side, { pose: label.pose, confidence: label.confidence });

      // Only a hand held in a pinch drags: a fist's thumb can rest as close to the index tip.
      const drag = state.pinch.push(t, hand && label.pose === 'pinch' ? hand : null);
      if (drag?.type === 'drag')
        events.push({
          t,
          gesture: 'pinch-drag',
          confidence: 1,
          hand: side,
          dx: drag.dx,
          dy: drag.dy,
        });
      const swipe = state.swipe.push(t, hand && !twoHands && !state.pinch.pinching ? hand : null);
      if (swipe)
        events.push({
          t,
          gesture: swipe.gesture,
          confidence: Math.min(1, swipe.speed / (2 * state.swipe.options.minSpeed)),
          hand: side,
        });
    }
    const zoom = this.zoom.push(t, twoHands ? [...bySide.values()] : []);
    if (zoom) {
      const change = zoom.ratio >= 1 ? zoom.ratio - 1 : 1 / zoom.ratio - 1;
      events.push({
        t,
        gesture: zoom.gesture,
        confidence: Math.min(1, change / (2 * this.zoom.options.minChange)),
        hand: 'both',
      });
    }
    const poses = hands.map((_, i) => {
      const side = [...bySide.entries()].find(([, h]) => h === hands[i])?.[0];
      return (side && states.get(side)) ?? { pose: 'none', confidence: 0 };
    });
    return { events, poses };
  }

  /**
   * A taught gesture that matches beats the built-in poses. Its k-NN confidence falls to 0 at
   * the rejection distance; any match counts at least 0.5 here, so that the hysteresis (enter
   * at 0.7) takes one within 60 % of that distance.
   */
  private label(hand: Hand): { pose: string; confidence: number } {
    const custom = this.custom?.classify(hand);
    if (custom) return { pose: custom.gesture, confidence: 0.5 + 0.5 * custom.confidence };
    return classifyPose(hand);
  }

  reset(): void {
    for (const side of SIDES) {
      this.perHand[side] = new PerHand(this.options);
    }
  }
}
