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

/** The string for `key` with `{name}` placeholders replaced; unknown placeholders stay visible. */
export function translate(
  lang: Lang,
  key: MessageKey,
  params: Readonly<Record<string, string | number>> = {},
): string {
  return messages[lang][key].replace(/\{(\w+)\}/g, (match, name: string) =>
    name in params ? String(params[name]) : match,
  );
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
