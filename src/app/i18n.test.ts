import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_LANG,
  detectLang,
  initialLang,
  LANG_NAMES,
  LANG_STORAGE_KEY,
  LANGS,
  type MessageKey,
  messages,
  saveLang,
  translate,
} from './i18n.ts';

const placeholders = (text: string): string[] =>
  [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();

function memoryStorage() {
  const data = new Map<string, string>();
  return {
    getItem: (key: string) => data.get(key) ?? null,
    setItem: (key: string, value: string) => void data.set(key, value),
    data,
  };
}

describe('dictionaries', () => {
  it('define the same keys in every language', () => {
    const [first, ...rest] = LANGS;
    const reference = Object.keys(messages[first]).sort();
    expect(reference.length).toBeGreaterThan(10);
    for (const lang of rest) expect(Object.keys(messages[lang]).sort()).toEqual(reference);
  });

  it('have no empty or untrimmed strings', () => {
    for (const lang of LANGS) {
      for (const [key, text] of Object.entries(messages[lang])) {
        expect(text.trim(), `${lang}.${key}`).not.toBe('');
        expect(text, `${lang}.${key}`).toBe(text.trim());
      }
    }
  });

  it('use the same placeholders in every language', () => {
    for (const key of Object.keys(messages.en) as MessageKey[]) {
      expect(placeholders(messages.ru[key]), key).toEqual(placeholders(messages.en[key]));
    }
  });

  it('are really translated: Russian strings are written in Cyrillic', () => {
    for (const [key, text] of Object.entries(messages.ru)) {
      expect(text, `ru.${key}`).toMatch(/[а-яё]/i);
    }
  });

  it('name each language in itself', () => {
    expect(LANG_NAMES).toEqual({ ru: 'Русский', en: 'English' });
  });
});

describe('detectLang', () => {
  it('picks Russian for Russian browser languages', () => {
    expect(detectLang(['ru-RU'])).toBe('ru');
    expect(detectLang(['ru'])).toBe('ru');
    expect(detectLang(['RU-ru', 'en-US'])).toBe('ru');
  });

  it('picks English otherwise', () => {
    expect(detectLang(['en-US'])).toBe('en');
    expect(detectLang(['de-DE', 'fr'])).toBe('en');
    expect(detectLang([])).toBe('en');
    expect(DEFAULT_LANG).toBe('en');
  });

  it('follows the order of preference to the first supported language', () => {
    expect(detectLang(['de-DE', 'ru-RU', 'en'])).toBe('ru');
    expect(detectLang(['en-GB', 'ru-RU'])).toBe('en');
  });

  it('does not confuse languages that only share letters', () => {
    expect(detectLang(['rue'])).toBe('en'); // Rusyn
    expect(detectLang(['eo', 'enm'])).toBe('en');
    expect(detectLang(['rue', 'ru'])).toBe('ru');
  });

  it('prefers a stored choice and ignores a bad one', () => {
    expect(detectLang(['ru-RU'], 'en')).toBe('en');
    expect(detectLang(['en-US'], 'ru')).toBe('ru');
    expect(detectLang(['ru-RU'], 'klingon')).toBe('ru');
    expect(detectLang(['en-US'], null)).toBe('en');
  });
});

describe('translate', () => {
  it('returns the string of the chosen language', () => {
    expect(translate('en', 'offline')).toBe('Offline');
    expect(translate('ru', 'offline')).toBe('Нет сети');
  });

  it('fills placeholders', () => {
    expect(translate('en', 'statusVersion', { version: '1.2.3' })).toBe('API version 1.2.3');
    expect(translate('ru', 'statusInvalid', { status: 502 })).toBe(
      'Сервер ответил неожиданно (HTTP 502).',
    );
  });

  it('leaves a missing placeholder visible rather than printing "undefined"', () => {
    expect(translate('en', 'statusVersion')).toBe('API version {version}');
  });
});

describe('stored choice', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('saves the choice and reads it back on the next load', () => {
    const storage = memoryStorage();
    vi.stubGlobal('localStorage', storage);
    vi.stubGlobal('navigator', { languages: ['en-US'] });
    expect(initialLang()).toBe('en');
    saveLang('ru');
    expect(storage.data.get(LANG_STORAGE_KEY)).toBe('ru');
    expect(initialLang()).toBe('ru');
  });

  it('falls back to detection when storage throws', () => {
    vi.stubGlobal('localStorage', {
      getItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
      setItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
    });
    vi.stubGlobal('navigator', { languages: ['ru-RU'] });
    expect(initialLang()).toBe('ru');
    expect(() => saveLang('en')).not.toThrow();
  });
});
