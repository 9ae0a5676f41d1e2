import { describe, expect, it } from 'vitest';
import { MAX_HISTORY } from '../hologram/history.ts';
import {
  DEFAULT_SETTINGS,
  loadSettings,
  parseSettings,
  SETTINGS_STORAGE_KEY,
  saveSettings,
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
