import { describe, expect, it } from 'vitest';
import { MAX_HISTORY } from '../hologram/history.ts';
import {
  DEFAULT_SETTINGS,
  HISTORY_ON_LENGTH,
  loadSettings,
  parseSettings,
  SETTINGS_STORAGE_KEY,
  saveSettings,
  settingsAfter,
} from './settings.ts';

const memory = () => {
  const map = new Map<string, string>();
  return {
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => void map.set(k, v),
  };
};

describe('live settings', () => {
  it('round-trips through storage', () => {
    const s = memory();
    const settings = {
      weighting: 'iso226' as const,
      phon: 60,
      historyLength: 32,
      sensitivity: -6,
      colourScheme: 'mono' as const,
    };
    saveSettings(s, settings);
    expect(loadSettings(s)).toEqual(settings);
  });

  it('falls back field by field on bad values and clamps ranges', () => {
    expect(
      parseSettings({
        weighting: 'z',
        phon: 500,
        historyLength: 1e9,
        sensitivity: Number.NaN,
        colourScheme: 'mono',
      }),
    ).toEqual({
      weighting: DEFAULT_SETTINGS.weighting,
      phon: 90,
      historyLength: MAX_HISTORY,
      sensitivity: DEFAULT_SETTINGS.sensitivity,
      colourScheme: 'mono',
    });
  });

  it('survives missing or corrupt storage', () => {
    const s = memory();
    expect(loadSettings(s)).toEqual(DEFAULT_SETTINGS);
    s.setItem(SETTINGS_STORAGE_KEY, '{not json');
    expect(loadSettings(s)).toEqual(DEFAULT_SETTINGS);
    s.setItem(SETTINGS_STORAGE_KEY, '"a string"');
    expect(loadSettings(s)).toEqual(DEFAULT_SETTINGS);
  });
});

describe('settingsAfter (actions from Tria and gestures)', () => {
  const base = { ...DEFAULT_SETTINGS };

  it('turns history on to a useful length, keeps a longer one, and off to the live frame', () => {
    const on = settingsAfter(base, { type: 'history', on: true });
    expect(on.historyLength).toBe(HISTORY_ON_LENGTH);
    const long = { ...base, historyLength: 100 };
    expect(settingsAfter(long, { type: 'history', on: true })).toEqual(long);
    expect(settingsAfter(long, { type: 'history', on: false }).historyLength).toBe(1);
  });

  it('cycles colour schemes', () => {
    const next = settingsAfter(base, { type: 'colour-scheme', scheme: 'next' });
    expect(next.colourScheme).toBe('mono');
    expect(settingsAfter(next, { type: 'colour-scheme', scheme: 'next' }).colourScheme).toBe(
      'spectrum',
    );
  });

  it('moves sensitivity and clamps it to ±30 dB', () => {
    expect(settingsAfter(base, { type: 'sensitivity', deltaDb: 6 }).sensitivity).toBe(6);
    expect(settingsAfter(base, { type: 'sensitivity', deltaDb: -99 }).sensitivity).toBe(-30);
  });
});
