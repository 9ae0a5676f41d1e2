// UI strings in Russian and English. The dictionaries and `detectLang`/`translate` are pure so
// they run under node in unit tests; the browser helpers touch globals only when called.

/** Languages the UI is written in, in the order the switch shows them. */
export const LANGS = ['ru', 'en'] as const;

export type Lang = (typeof LANGS)[number];

/** Every UI string. Both dictionaries are typed with it, so neither can miss or add a key. */
export interface Messages {
  readonly tagline: string;
  readonly languageLabel: string;
  readonly online: string;
  readonly offline: string;
  readonly statusHeading: string;
  readonly statusChecking: string;
  readonly statusUp: string;
  readonly statusDegraded: string;
  readonly statusDown: string;
  readonly statusUnreachable: string;
  readonly statusInvalid: string;
  readonly statusVersion: string;
  readonly statusRetry: string;
  readonly partDb: string;
  readonly partStorage: string;
  readonly partAuth: string;
  readonly partUp: string;
  readonly partDown: string;
  readonly updateAvailable: string;
  readonly updateReload: string;
  readonly updateLater: string;
  readonly liveHeading: string;
  readonly scenePlaceholder: string;
  readonly sourceLabel: string;
  readonly sourceMic: string;
  readonly sourceFile: string;
  readonly sourceDemo: string;
  readonly chooseFile: string;
  readonly demoA440: string;
  readonly demoChord: string;
  readonly demoSweep: string;
  readonly demoPan: string;
  readonly start: string;
  readonly stop: string;
  readonly levelLabel: string;
  readonly peakNote: string;
  readonly silence: string;
  readonly settingsHeading: string;
  readonly weightingLabel: string;
  readonly weightingNone: string;
  readonly weightingA: string;
  readonly weightingC: string;
  readonly weightingIso: string;
  readonly phonLabel: string;
  readonly historyLabel: string;
  readonly sensitivityLabel: string;
  readonly colourLabel: string;
  readonly colourSpectrum: string;
  readonly colourMono: string;
  readonly errorMicDenied: string;
  readonly errorMicMissing: string;
  readonly errorFile: string;
  readonly errorNoFile: string;
  readonly errorAudio: string;
}

export type MessageKey = keyof Messages;

const ru: Messages = {
  tagline: 'Увидьте звук — живую 3D-голограмму.',
  languageLabel: 'Язык',
  online: 'В сети',
  offline: 'Нет сети',
  statusHeading: 'Состояние сервиса',
  statusChecking: 'Проверяем сервер…',
  statusUp: 'Все системы работают.',
  statusDegraded: 'Часть систем не работает.',
  statusDown: 'Сервис не работает.',
  statusUnreachable: 'Не удаётся связаться с сервером. Проверьте подключение и попробуйте ещё раз.',
  statusInvalid: 'Сервер ответил неожиданно (HTTP {status}).',
  statusVersion: 'Версия API {version}',
  statusRetry: 'Проверить снова',
  partDb: 'База данных',
  partStorage: 'Хранилище файлов',
  partAuth: 'Вход',
  partUp: 'работает',
  partDown: 'не работает',
  updateAvailable: 'Готова новая версия Holograms.',
  updateReload: 'Обновить',
  updateLater: 'Позже',
  liveHeading: 'Живая голограмма',
  scenePlaceholder: 'Выберите источник и нажмите «Старт» — здесь появится голограмма звука.',
  sourceLabel: 'Источник звука',
  sourceMic: 'Микрофон',
  sourceFile: 'Аудиофайл',
  sourceDemo: 'Демо-сигнал',
  chooseFile: 'Выберите файл',
  demoA440: 'Ля 440 Гц',
  demoChord: 'До-мажорный аккорд',
  demoSweep: 'Глиссандо 27 Гц – 14 кГц',
  demoPan: 'Тон слева направо',
  start: 'Старт',
  stop: 'Стоп',
  levelLabel: 'Уровень',
  peakNote: 'Громче всего: {note}',
  silence: 'Тишина',
  settingsHeading: 'Настройки',
  weightingLabel: 'Частотная коррекция',
  weightingNone: 'нет',
  weightingA: 'A-коррекция',
  weightingC: 'C-коррекция',
  weightingIso: 'равная громкость (ISO 226)',
  phonLabel: 'Громкость контура, фон',
  historyLabel: 'История, кадров',
  sensitivityLabel: 'Чувствительность, дБ',
  colourLabel: 'Цвета',
  colourSpectrum: 'спектр',
  colourMono: 'бирюзовый',
  errorMicDenied: 'Нет доступа к микрофону. Разрешите его в настройках браузера.',
  errorMicMissing: 'Микрофон не найден.',
  errorFile: 'Этот файл не удалось прочитать как звук.',
  errorNoFile: 'Сначала выберите файл.',
  errorAudio: 'Не удалось запустить звук: {message}',
};

const en: Messages = {
  tagline: 'See sound as a living 3D hologram.',
  languageLabel: 'Language',
  online: 'Online',
  offline: 'Offline',
  statusHeading: 'Service status',
  statusChecking: 'Checking the server…',
  statusUp: 'All systems are working.',
  statusDegraded: 'Some parts are not working.',
  statusDown: 'The service is down.',
  statusUnreachable: 'Cannot reach the server. Check your connection and try again.',
  statusInvalid: 'The server sent an unexpected answer (HTTP {status}).',
  statusVersion: 'API version {version}',
  statusRetry: 'Check again',
  partDb: 'Database',
  partStorage: 'File storage',
  partAuth: 'Sign-in',
  partUp: 'working',
  partDown: 'not working',
  updateAvailable: 'A new version of Holograms is ready.',
  updateReload: 'Reload',
  updateLater: 'Later',
  liveHeading: 'Live hologram',
  scenePlaceholder: 'Pick a source and press Start: the hologram of the sound appears here.',
  sourceLabel: 'Sound source',
  sourceMic: 'Microphone',
  sourceFile: 'Audio file',
  sourceDemo: 'Demo signal',
  chooseFile: 'Choose a file',
  demoA440: 'A 440 Hz',
  demoChord: 'C major chord',
  demoSweep: 'Sweep 27 Hz – 14 kHz',
  demoPan: 'Tone moving left to right',
  start: 'Start',
  stop: 'Stop',
  levelLabel: 'Level',
  peakNote: 'Loudest: {note}',
  silence: 'Silence',
  settingsHeading: 'Settings',
  weightingLabel: 'Weighting',
  weightingNone: 'none',
  weightingA: 'A-weighting',
  weightingC: 'C-weighting',
  weightingIso: 'equal loudness (ISO 226)',
  phonLabel: 'Contour level, phon',
  historyLabel: 'History, frames',
  sensitivityLabel: 'Sensitivity, dB',
  colourLabel: 'Colours',
  colourSpectrum: 'spectrum',
  colourMono: 'cyan',
  errorMicDenied: 'Microphone access was denied. Allow it in the browser settings.',
  errorMicMissing: 'No microphone was found.',
  errorFile: 'This file could not be read as audio.',
  errorNoFile: 'Choose a file first.',
  errorAudio: 'Could not start audio: {message}',
};

export const messages: Readonly<Record<Lang, Messages>> = { ru, en };

/** Each language's own name, for the switch's accessible labels. */
export const LANG_NAMES: Readonly<Record<Lang, string>> = { ru: 'Русский', en: 'English' };

export const DEFAULT_LANG: Lang = 'en';

export const LANG_STORAGE_KEY = 'holograms.lang';

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}

/**
 * The language to show: a stored choice wins; otherwise the first of the browser's preferred
 * languages (BCP 47 tags, best first) whose primary subtag we support; otherwise English.
 */
export function detectLang(preferred: readonly string[], stored: string | null = null): Lang {
  if (isLang(stored)) return stored;
  for (const tag of preferred) {
    const primary = tag.split('-')[0]?.toLowerCase();
    if (isLang(primary)) return primary;
  }
  return DEFAULT_LANG;
}

/** `template` with each `{name}` placeholder replaced; unknown placeholders stay visible. */
export function fill(template: string, params: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (match, name: string) =>
    name in params ? String(params[name]) : match,
  );
}

/** The string for `key` with `{name}` placeholders replaced; unknown placeholders stay visible. */
export function translate(
  lang: Lang,
  key: MessageKey,
  params: Readonly<Record<string, string | number>> = {},
): string {
  return fill(messages[lang][key], params);
}

function readStoredLang(): string | null {
  try {
    return globalThis.localStorage?.getItem(LANG_STORAGE_KEY) ?? null;
  } catch {
    return null; // storage can be disabled (privacy settings); detection still works
  }
}

/** The language for this page load, from the stored choice or the browser's languages. */
export function initialLang(): Lang {
  return detectLang(globalThis.navigator?.languages ?? [], readStoredLang());
}

/** Remembers an explicit choice, so detection does not override it on the next visit. */
export function saveLang(lang: Lang): void {
  try {
    globalThis.localStorage?.setItem(LANG_STORAGE_KEY, lang);
  } catch {
    // Not persisting is acceptable: the choice still applies to this page.
  }
}

/** Marks the document with the UI language (screen readers, hyphenation, Lighthouse). */
export function applyDocumentLang(lang: Lang): void {
  document.documentElement.lang = lang;
}
