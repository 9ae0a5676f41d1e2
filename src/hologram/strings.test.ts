import { describe, expect, it } from 'vitest';
import { SCENE_LANGS, SCENE_STRINGS, sceneStrings } from './strings.ts';

describe('scene strings', () => {
  it('define the same non-empty keys in both languages', () => {
    const keys = Object.keys(SCENE_STRINGS.en).sort();
    expect(Object.keys(SCENE_STRINGS.ru).sort()).toEqual(keys);
    for (const lang of SCENE_LANGS) {
      for (const [key, text] of Object.entries(SCENE_STRINGS[lang])) {
        expect(text.trim(), `${lang}.${key}`).not.toBe('');
      }
    }
  });

  it('differ between languages for the words people read', () => {
    expect(SCENE_STRINGS.ru.noWebgl).not.toBe(SCENE_STRINGS.en.noWebgl);
    expect(SCENE_STRINGS.ru.pitchAxis).not.toBe(SCENE_STRINGS.en.pitchAxis);
  });

  it('pick Russian for ru tags and English for anything else', () => {
    expect(sceneStrings('ru')).toBe(SCENE_STRINGS.ru);
    expect(sceneStrings('ru-RU')).toBe(SCENE_STRINGS.ru);
    expect(sceneStrings('en-GB')).toBe(SCENE_STRINGS.en);
    expect(sceneStrings('de')).toBe(SCENE_STRINGS.en);
    expect(sceneStrings(null)).toBe(SCENE_STRINGS.en);
  });
});
