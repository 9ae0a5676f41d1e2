import { describe, expect, it } from 'vitest';
import {
  cameraPosition,
  DEFAULT_VIEW,
  MAX_DISTANCE,
  MIN_DISTANCE,
  PITCH_LIMIT,
  resetView,
  rotateView,
  type ViewState,
  zoomView,
} from './orbit.ts';

const view = (): ViewState => ({ ...DEFAULT_VIEW });

describe('rotateView', () => {
  it('turns yaw and pitch in place', () => {
    const v = view();
    expect(rotateView(v, 0.1, -0.05)).toBe(true);
    expect(v.yaw).toBeCloseTo(DEFAULT_VIEW.yaw + 0.1, 12);
    expect(v.pitch).toBeCloseTo(DEFAULT_VIEW.pitch - 0.05, 12);
  });

  it('wraps yaw into −π…π', () => {
    const v = { yaw: 3, pitch: 0, distance: 4 };
    rotateView(v, 0.5, 0);
    expect(v.yaw).toBeCloseTo(3.5 - 2 * Math.PI, 12);
    rotateView(v, -7 * Math.PI, 0);
    expect(v.yaw).toBeGreaterThanOrEqual(-Math.PI);
    expect(v.yaw).toBeLessThan(Math.PI);
  });

  it('stops pitch at the limit and reports no change beyond it', () => {
    const v = view();
    rotateView(v, 0, 10);
    expect(v.pitch).toBe(PITCH_LIMIT);
    expect(rotateView(v, 0, 1)).toBe(false);
    rotateView(v, 0, -10);
    expect(v.pitch).toBe(-PITCH_LIMIT);
  });

  it('ignores non-finite input', () => {
    const v = view();
    expect(rotateView(v, Number.NaN, 0)).toBe(false);
    expect(v).toEqual(DEFAULT_VIEW);
  });
});

describe('zoomView', () => {
  it('moves closer for factors above 1 and away below 1', () => {
    const v = view();
    expect(zoomView(v, 2)).toBe(true);
    expect(v.distance).toBeCloseTo(DEFAULT_VIEW.distance / 2, 12);
    zoomView(v, 0.5);
    expect(v.distance).toBeCloseTo(DEFAULT_VIEW.distance, 12);
  });

  it('keeps the distance within its limits', () => {
    const v = view();
    zoomView(v, 100);
    expect(v.distance).toBe(MIN_DISTANCE);
    expect(zoomView(v, 2)).toBe(false);
    zoomView(v, 0.001);
    expect(v.distance).toBe(MAX_DISTANCE);
  });

  it('ignores zero, negative and non-finite factors', () => {
    const v = view();
    for (const f of [0, -2, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(zoomView(v, f)).toBe(false);
    }
    expect(v).toEqual(DEFAULT_VIEW);
  });
});

describe('resetView', () => {
  it('restores the default and says whether anything moved', () => {
    const v = view();
    expect(resetView(v)).toBe(false);
    rotateView(v, 1, 0.2);
    zoomView(v, 1.5);
    expect(resetView(v)).toBe(true);
    expect(v).toEqual(DEFAULT_VIEW);
  });
});

describe('cameraPosition', () => {
  const target = { x: 1, y: 2, z: 3 };

  it('looks from the front (+z) at yaw 0 and pitch 0', () => {
    const out = { x: 0, y: 0, z: 0 };
    cameraPosition({ yaw: 0, pitch: 0, distance: 5 }, target, out);
    expect(out.x).toBeCloseTo(1, 12);
    expect(out.y).toBeCloseTo(2, 12);
    expect(out.z).toBeCloseTo(8, 12);
  });

  it('goes right for positive yaw and up for positive pitch, at the given distance', () => {
    const out = { x: 0, y: 0, z: 0 };
    cameraPosition({ yaw: Math.PI / 2, pitch: 0, distance: 5 }, target, out);
    expect(out.x).toBeCloseTo(6, 12);
    expect(out.z).toBeCloseTo(3, 12);
    cameraPosition({ yaw: 0.4, pitch: 0.7, distance: 5 }, target, out);
    expect(out.y).toBeGreaterThan(target.y);
    expect(Math.hypot(out.x - 1, out.y - 2, out.z - 3)).toBeCloseTo(5, 12);
  });
});
