// Normalisation, stemming and script detection behind Tria's recognition.
import { describe, expect, it } from 'vitest';
import { noteName } from './notes.ts';
import { detectLang, normalise, stem, tokenise } from './text.ts';

describe('text', () => {
  it('normalises case, ё, punctuation, decimals and spaces', () => {
    expect(normalise('  Ещё  РАЗ, повернИ!? ')).toBe('еще раз поверни');
    expect(normalise("What's up — 12,5° or 2.5x?")).toBe('whats up 12.5 or 2.5x');
    expect(tokenise('')).toEqual([]);
  });

  it('stems Russian and English word forms to one stem', () => {
    expect(new Set(['голограмма', 'голограмму', 'голограммой', 'голограммы'].map(stem))).toEqual(
      new Set(['голограмм']),
    );
    expect(new Set(['жест', 'жесты', 'жестами'].map(stem))).toEqual(new Set(['жест']));
    expect(new Set(['record', 'recording', 'recorded', 'records'].map(stem))).toEqual(
      new Set(['record']),
    );
    expect(stem('да')).toBe('да');
  });

  it('detects the majority script', () => {
    expect(detectLang('zoom влево')).toBe('ru');
    expect(detectLang('поверни left right')).toBe('en');
    expect(detectLang('123', 'ru')).toBe('ru');
  });

  it('names notes in both languages', () => {
    expect(noteName(57)).toEqual({ band: 57, en: 'A4', ru: 'ля4', frequencyHz: 440 });
    expect(noteName(0).en).toBe('C0');
    expect(noteName(0).frequencyHz).toBeCloseTo(16.352, 3);
    expect(noteName(70).ru).toBe('ля-диез5');
  });
});
