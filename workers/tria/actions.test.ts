// The action validator accepts exactly the TriaAction shapes, with sane numbers and no extras.
import { describe, expect, it } from 'vitest';
import { isTriaAction } from './actions.ts';

describe('isTriaAction', () => {
  it.each([
    { type: 'rotate', yawDeg: -45, pitchDeg: 0 },
    { type: 'rotate', yawDeg: 0, pitchDeg: 360 },
    { type: 'zoom', factor: 0.5 },
    { type: 'zoom', factor: 10 },
    { type: 'reset-view' },
    { type: 'history', on: false },
    { type: 'colour-scheme', scheme: 'next' },
    { type: 'start-recording' },
    { type: 'stop-recording' },
    { type: 'open-hologram', id: 'abc' },
    { type: 'find-similar', id: '4f1c2b9e-0000-4000-8000-000000000000' },
  ])('accepts %j', (action) => {
    expect(isTriaAction(action)).toBe(true);
  });

  it.each([
    null,
    'rotate',
    [],
    {},
    { type: 'explode' },
    { type: 'rotate', yawDeg: 30 },
    { type: 'rotate', yawDeg: Number.NaN, pitchDeg: 0 },
    { type: 'rotate', yawDeg: 720, pitchDeg: 0 },
    { type: 'rotate', yawDeg: '30', pitchDeg: 0 },
    { type: 'zoom', factor: 0 },
    { type: 'zoom', factor: 11 },
    { type: 'history', on: 'yes' },
    { type: 'colour-scheme', scheme: 'dark' },
    { type: 'open-hologram', id: '' },
    { type: 'find-similar' },
    { type: 'reset-view', extra: 1 },
    { type: 'zoom', factor: 2, yawDeg: 5 },
  ])('rejects %j', (x) => {
    expect(isTriaAction(x)).toBe(false);
  });
});
