// The scene's own words in English and Russian (axis titles, its accessible name, the message
// shown without WebGL). Kept here so the hologram does not depend on the app shell.

export const SCENE_LANGS = ['en', 'ru'] as const;

export type SceneLang = (typeof SCENE_LANGS)[number];

export interface SceneStrings {
  /** Accessible name of the focusable scene; says how to steer it. */
  readonly label: string;
  readonly pitchAxis: string;
  readonly levelAxis: string;
  readonly leftChannel: string;
  readonly rightChannel: string;
  readonly noWebgl: string;
}

const en: SceneStrings = {
  label:
    'Sound hologram in 3D. Arrow keys rotate, plus and minus zoom, 0 resets the view; drag to rotate, scroll or pinch to zoom.',
  pitchAxis: 'Pitch',
  levelAxis: 'Level, dB',
  leftChannel: 'L',
  rightChannel: 'R',
  noWebgl:
    'The 3D hologram needs WebGL 2, which this browser or device does not provide. Try turning on hardware acceleration or another browser.',
};

const ru: SceneStrings = {
  label:
    'Звуковая 3D-голограмма. Стрелки поворачивают, плюс и минус приближают, 0 возвращает вид; тяните, чтобы повернуть, прокрутите или сведите пальцы, чтобы приблизить.',
  pitchAxis: 'Высота',
  levelAxis: 'Уровень, дБ',
  leftChannel: 'Л',
  rightChannel: 'П',
  noWebgl:
    'Для 3D-голограммы нужен WebGL 2, а этот браузер или устройство его не поддерживает. Включите аппаратное ускорение или откройте другой браузер.',
};

export const SCENE_STRINGS: Readonly<Record<SceneLang, SceneStrings>> = { en, ru };

/** The strings for a language tag: "ru", "ru-RU" → Russian; anything else → English. */
export function sceneStrings(lang: string | null | undefined): SceneStrings {
  return (lang ?? '').toLowerCase().split('-')[0] === 'ru' ? ru : en;
}
