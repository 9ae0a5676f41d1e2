import { describe, expect, it } from 'vitest';
import {
  DRAG_RADIANS_PER_HEIGHT,
  dragRotation,
  KEY_ROTATE_STEP,
  KEY_ZOOM_STEP,
  keyAction,
  pinchZoomFactor,
  wheelZoomFactor,
} from './controls.ts';

describe('keyAction', () => {
  it('rotates with the arrow keys', () => {
    expect(keyAction('ArrowLeft')).toEqual({ kind: 'rotate', yaw: -KEY_ROTATE_STEP, pitch: 0 });
    expect(keyAction('ArrowRight')).toEqual({ kind: 'rotate', yaw: KEY_ROTATE_STEP, pitch: 0 });
    expect(keyAction('ArrowUp')).toEqual({ kind: 'rotate', yaw: 0, pitch: KEY_ROTATE_STEP });
    expect(keyAction('ArrowDown')).toEqual({ kind: 'rotate', yaw: 0, pitch: -KEY_ROTATE_STEP });
  });

  it('zooms with + and − (also = and _, their unshifted keys) and resets with 0', () => {
    expect(keyAction('+')).toEqual({ kind: 'zoom', factor: KEY_ZOOM_STEP });
    expect(keyAction('=')).toEqual({ kind: 'zoom', factor: KEY_ZOOM_STEP });
    expect(keyAction('-')).toEqual({ kind: 'zoom', factor: 1 / KEY_ZOOM_STEP });
    expect(keyAction('_')).toEqual({ kind: 'zoom', factor: 1 / KEY_ZOOM_STEP });
    expect(keyAction('0')).toEqual({ kind: 'reset' });
  });

  it('leaves other keys alone (Tab keeps moving focus)', () => {
    for (const key of ['Tab', 'Enter', 'a', ' ', 'toString', '__proto__']) {
      expect(keyAction(key)).toBeNull();
    }
  });
});

describe('pointer and wheel', () => {
  it('turns by DRAG_RADIANS_PER_HEIGHT for a drag across the full height', () => {
    const [yaw, pitch] = dragRotation(0, 600, 600);
    expect(yaw === 0).toBe(true);
    expect(pitch).toBeCloseTo(DRAG_RADIANS_PER_HEIGHT, 12);
    const [yaw2] = dragRotation(300, 0, 600);
    expect(yaw2).toBeCloseTo(-DRAG_RADIANS_PER_HEIGHT / 2, 12);
  });

  it('survives a zero-height element', () => {
    const [yaw, pitch] = dragRotation(10, 10, 0);
    expect(Number.isFinite(yaw) && Number.isFinite(pitch)).toBe(true);
  });

  it('zooms in when the wheel scrolls up and out when it scrolls down', () => {
    expect(wheelZoomFactor(-100)).toBeGreaterThan(1);
    expect(wheelZoomFactor(100)).toBeLessThan(1);
    expect(wheelZoomFactor(0)).toBe(1);
    expect(wheelZoomFactor(100) * wheelZoomFactor(-100)).toBeCloseTo(1, 12);
  });

  it('scales line and page wheel deltas to pixels', () => {
    expect(wheelZoomFactor(3, 1)).toBeCloseTo(wheelZoomFactor(48, 0), 12);
    expect(wheelZoomFactor(1, 2)).toBeCloseTo(wheelZoomFactor(400, 0), 12);
  });

  it('zooms a pinch by the ratio of the finger distances', () => {
    expect(pinchZoomFactor(100, 150)).toBe(1.5);
    expect(pinchZoomFactor(100, 50)).toBe(0.5);
    expect(pinchZoomFactor(0, 50)).toBe(1);
  });
});
