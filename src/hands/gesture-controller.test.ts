import { describe, expect, it } from 'vitest';
import type { FrameResult, GestureEvent } from '../../workers/hands/api.ts';
import { type ActionRequest, AppBus } from '../app/app-bus.ts';
import { GestureController } from './gesture-controller.ts';

const result = (t: number, events: GestureEvent[]): FrameResult => ({
  t,
  hands: [],
  events,
  landmarkMs: 20,
  classifyMs: 0.01,
});
const gesture = (t: number, name: string): GestureEvent => ({
  t,
  gesture: name,
  confidence: 0.9,
  hand: 'left',
});

describe('GestureController', () => {
  it('publishes every gesture on the bus and dispatches the mapped actions as gestures', () => {
    const bus = new AppBus();
    const published: GestureEvent[] = [];
    const actions: ActionRequest[] = [];
    bus.onGesture((e) => published.push(e));
    bus.onAction((r) => actions.push(r));
    const controller = new GestureController(bus);
    const handled = controller.handle(
      result(100, [gesture(100, 'open'), gesture(100, 'swipe-right')]),
    );
    expect(published.map((e) => e.gesture)).toEqual(['open', 'swipe-right']);
    expect(handled.map((h) => h.action)).toEqual([
      null,
      { type: 'rotate', yawDeg: 30, pitchDeg: 0 },
    ]);
    expect(actions).toEqual([
      { action: { type: 'rotate', yawDeg: 30, pitchDeg: 0 }, source: 'gesture' },
    ]);
    controller.dispose();
  });

  it('toggles from the state other features set (history turned on by Tria)', () => {
    const bus = new AppBus();
    const controller = new GestureController(bus);
    bus.dispatch({ type: 'history', on: true }, 'tria');
    const [handled] = controller.handle(result(0, [gesture(0, 'fist')]));
    expect(handled?.action).toEqual({ type: 'history', on: false });
    // It saw its own "off" on the bus; once disposed it no longer follows the bus.
    controller.dispose();
    bus.dispatch({ type: 'history', on: true }, 'tria');
    expect(controller.mapper.map(gesture(5000, 'fist'))).toEqual({ type: 'history', on: true });
  });

  it('counts tracked frames over the last second', () => {
    const controller = new GestureController(new AppBus());
    for (let t = 0; t <= 2000; t += 100) controller.handle(result(t, []));
    controller.handle({ ...result(2050, []), skipped: 'out-of-order' });
    expect(controller.trackedFps).toBe(11);
    controller.dispose();
  });
});
