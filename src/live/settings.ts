// The live view's settings (weighting, history, sensitivity, colours), validated field by
// field so a stale or hand-edited value in localStorage falls back to its default instead of
// breaking the app.
import { WEIGHTINGS, type Weighting } from '../../workers/audio/weighting.ts';
import { COLOUR_SCHEMES, type ColourScheme } from '../hologram/colour.ts';
import { MAX_HISTORY } from '../hologram/history.ts';

export { WEIGHTINGS };

export interface LiveViewSettings {
  weighting: Weighting;
  /** Loudness level of the ISO 226 contour, 20…90 phon. */
  phon: number;
  /** Frames kept as fading slices; 1 = live only. */
  historyLength: number;
  /** Display gain in dB added to every level, −30…+30. */
  sensitivity: number;
  colourScheme: ColourScheme;
}

export const DEFAULT_SETTINGS: Readonly<LiveViewSettings> = {
  weighting: 'none',
  phon: 40,
  historyLength: 1,
  sensitivity: 0,
  colourScheme: 'spectrum',
};

export const SETTINGS_STORAGE_KEY = 'holograms.live-settings';

const clampInt = (v: unknown, min: number, max: number, fallback: number) =>
  typeof v === 'number' && Number.isFinite(v)
    ? Math.round(Math.min(max, Math.max(min, v)))
    : fallback;

export function parseSettings(raw: unknown): LiveViewSettings {
  const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const d = DEFAULT_SETTINGS;
  return {
    weighting: WEIGHTINGS.includes(r.weighting as Weighting)
      ? (r.weighting as Weighting)
      : d.weighting,
    phon: clampInt(r.phon, 20, 90, d.phon),
    historyLength: clampInt(r.historyLength, 1, MAX_HISTORY, d.historyLength),
    sensitivity: clampInt(r.sensitivity, -30, 30, d.sensitivity),
    colourScheme: COLOUR_SCHEMES.includes(r.colourScheme as ColourScheme)
      ? (r.colourScheme as ColourScheme)
      : d.colourScheme,
  };
}

export function loadSettings(storage: Pick<Storage, 'getItem'>): LiveViewSettings {
  try {
    return parseSettings(JSON.parse(storage.getItem(SETTINGS_STORAGE_KEY) ?? 'null'));
  } catch {
    return { ...DEFAULT_SETTINGS };
  }
}

export function saveSettings(storage: Pick<Storage, 'setItem'>, settings: LiveViewSettings) {
  storage.setItem(SETTINGS_STORAGE_KEY, JSON.stringify(settings));
}

/** History length that "history on" asks for when the view shows the live frame only. */
export const HISTORY_ON_LENGTH = 64;

/** Actions from Tria or gestures that change these settings (the others move the camera). */
export type SettingsAction =
  | { type: 'history'; on: boolean }
  | { type: 'colour-scheme'; scheme: 'next' }
  | { type: 'sensitivity'; deltaDb: number };

/** The settings after `action`, clamped like everything else `parseSettings` accepts. */
export function settingsAfter(
  settings: LiveViewSettings,
  action: SettingsAction,
): LiveViewSettings {
  switch (action.type) {
    case 'history':
      if (!action.on) return parseSettings({ ...settings, historyLength: 1 });
      return settings.historyLength > 1
        ? settings
        : parseSettings({ ...settings, historyLength: HISTORY_ON_LENGTH });
    case 'colour-scheme': {
      const next = (COLOUR_SCHEMES.indexOf(settings.colourScheme) + 1) % COLOUR_SCHEMES.length;
      return parseSettings({ ...settings, colourScheme: COLOUR_SCHEMES[next] });
    }
    case 'sensitivity':
      return parseSettings({ ...settings, sensitivity: settings.sensitivity + action.deltaDb });
  }
}
