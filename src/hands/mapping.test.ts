import { describe, expect, it } from 'vitest';
import { GESTURE_ACTION_TYPES } from '../../api/gestures/contract.ts';
import type { GestureEvent } from '../../workers/hands/api.ts';
import { GESTURES } from '../../workers/tria/replies.ts';
import {
  ACTION_CHOICES,
  BUILT_IN_GESTURES,
  CUSTOM_ACTION_CHOICE,
  customMapping,
  DEFAULT_MAPPING,
  GestureMapper,
  loadMapping,
  MAPPING_STORAGE_KEY,
  parseMapping,
  saveMapping,
} from './mapping.ts';

const event = (gesture: string, t = 0, extra: Partial<GestureEvent> = {}): GestureEvent => ({
  t,
  gesture,
  confidence: 0.9,
  hand: 'right',
  ...extra,
});

class MemoryStorage {
  readonly items = new Map<string, string>();
  getItem(k: string) {
    return this.items.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.items.set(k, v);
  }
}

describe('the default mapping', () => {
  it('maps every built-in gesture to a known action choice', () => {
    for (const g of BUILT_IN_GESTURES) expect(ACTION_CHOICES).toContain(DEFAULT_MAPPING[g]);
  });

  it('turns swipes into 30° turns and two-hand zooms into zoom steps', () => {
    const m = new GestureMapper();
    expect(m.map(event('swipe-left'))).toEqual({ type: 'rotate', yawDeg: -30, pitchDeg: 0 });
    expect(m.map(event('swipe-right'))).toEqual({ type: 'rotate', yawDeg: 30, pitchDeg: 0 });
    expect(m.map(event('swipe-up'))).toEqual({ type: 'rotate', yawDeg: 0, pitchDeg: 30 });
    expect(m.map(event('swipe-down'))).toEqual({ type: 'rotate', yawDeg: 0, pitchDeg: -30 });
    expect(m.map(event('spread'))).toEqual({ type: 'zoom', factor: 1.25 });
    expect(m.map(event('squeeze'))).toEqual({ type: 'zoom', factor: 0.8 });
    expect(m.map(event('point'))).toEqual({ type: 'reset-view' });
    expect(m.map(event('victory'))).toEqual({ type: 'colour-scheme', scheme: 'next' });
    expect(m.map(event('open'))).toBeNull();
    expect(m.map(event('horns'))).toBeNull();
  });

  it('turns the view with a pinch-drag: 180° per frame width', () => {
    const m = new GestureMapper();
    expect(m.map(event('pinch-drag', 0, { dx: 0.1, dy: -0.05 }))).toEqual({
      type: 'rotate',
      yawDeg: 18,
      pitchDeg: 9,
    });
    expect(m.map(event('pinch-drag'))).toBeNull();
  });
});

describe('what Tria says about gestures', () => {
  it('names every gesture the default mapping gives an action', () => {
    const words: Record<string, RegExp> = {
      'swipe-left': /swipe left/,
      'swipe-right': /left or right/,
      'swipe-up': /up or down/,
      'swipe-down': /up or down/,
      spread: /spread/,
      squeeze: /squeeze/,
      'pinch-drag': /pinch and drag/,
      fist: /fist/,
      point: /point a finger/i,
      victory: /victory/,
      'thumbs-up': /thumbs up/,
    };
    for (const [gesture, choice] of Object.entries(DEFAULT_MAPPING))
      if (choice !== 'none') expect(GESTURES.en, gesture).toMatch(words[gesture] ?? /^$/);
  });
});

describe('GestureMapper', () => {
  it('toggles history and recording from the state it saw on the bus', () => {
    const m = new GestureMapper();
    expect(m.map(event('fist', 0))).toEqual({ type: 'history', on: true });
    m.observe({ type: 'history', on: true });
    expect(m.map(event('fist', 2000))).toEqual({ type: 'history', on: false });
    expect(m.map(event('thumbs-up', 0))).toEqual({ type: 'start-recording' });
    m.observe({ type: 'start-recording' });
    expect(m.map(event('thumbs-up', 5000))).toEqual({ type: 'stop-recording' });
    m.observe({ type: 'stop-recording' });
    expect(m.map(event('thumbs-up', 9000))).toEqual({ type: 'start-recording' });
  });

  it('does not repeat a pose action within the cooldown, but lets swipes through', () => {
    const m = new GestureMapper(undefined, { cooldownMs: 1000 });
    expect(m.map(event('victory', 0))).not.toBeNull();
    expect(m.map(event('victory', 500))).toBeNull();
    expect(m.map(event('victory', 1200))).not.toBeNull();
    expect(m.map(event('swipe-left', 0))).not.toBeNull();
    expect(m.map(event('swipe-left', 100))).not.toBeNull();
  });

  it('follows a changed mapping, custom gestures included', () => {
    const m = new GestureMapper({ ...DEFAULT_MAPPING, horns: 'sensitivity-up', open: 'zoom-out' });
    expect(m.map(event('horns'))).toEqual({ type: 'sensitivity', deltaDb: 3 });
    m.mapping = { ...m.mapping, horns: 'sensitivity-down' };
    expect(m.map(event('horns', 5000))).toEqual({ type: 'sensitivity', deltaDb: -3 });
    expect(m.map(event('open'))).toEqual({ type: 'zoom', factor: 0.8 });
  });
});

describe('taught gestures', () => {
  it("turns each taught action into the AppAction of that type, ahead of the device's mapping", () => {
    const m = new GestureMapper({ ...DEFAULT_MAPPING, horns: 'zoom-out' });
    m.custom = customMapping(
      GESTURE_ACTION_TYPES.map((action) => ({ name: `taught ${action}`, action })),
    );
    for (const [i, type] of GESTURE_ACTION_TYPES.entries())
      expect(m.map(event(`taught ${type}`, i * 2000))?.type).toBe(type);
    expect(Object.values(CUSTOM_ACTION_CHOICE).every((c) => ACTION_CHOICES.includes(c))).toBe(true);
    // A taught action wins; one taught without an action leaves the device's mapping in place.
    m.custom = customMapping([{ name: 'horns', action: 'sensitivity' }]);
    expect(m.map(event('horns', 100_000))).toEqual({ type: 'sensitivity', deltaDb: 3 });
    m.custom = customMapping([{ name: 'horns', action: null }]);
    expect(m.map(event('horns', 200_000))).toEqual({ type: 'zoom', factor: 0.8 });
  });

  it('starts or stops recording whatever the state, unlike the toggle', () => {
    const m = new GestureMapper({ start: 'recording-start', stop: 'recording-stop' });
    m.observe({ type: 'start-recording' });
    expect(m.map(event('start', 0))).toEqual({ type: 'start-recording' });
    m.observe({ type: 'stop-recording' });
    expect(m.map(event('stop', 0))).toEqual({ type: 'stop-recording' });
  });
});

describe('mapping storage', () => {
  it('keeps valid entries, falls back to the defaults for the rest', () => {
    const parsed = parseMapping({
      fist: 'zoom-in',
      victory: 'explode',
      horns: 'reset-view',
      '': 'zoom-in',
      ['x'.repeat(65)]: 'zoom-in',
    });
    expect(parsed.fist).toBe('zoom-in');
    expect(parsed.victory).toBe(DEFAULT_MAPPING.victory);
    expect(parsed.horns).toBe('reset-view');
    expect(Object.keys(parsed)).toHaveLength(BUILT_IN_GESTURES.length + 1);
    expect(parseMapping([1, 2])).toEqual(DEFAULT_MAPPING);
  });

  it('round-trips through storage and survives junk', () => {
    const storage = new MemoryStorage();
    expect(loadMapping(storage)).toEqual(DEFAULT_MAPPING);
    saveMapping(storage, { ...DEFAULT_MAPPING, point: 'none' });
    expect(loadMapping(storage).point).toBe('none');
    storage.setItem(MAPPING_STORAGE_KEY, '{not json');
    expect(loadMapping(storage)).toEqual(DEFAULT_MAPPING);
  });
});
