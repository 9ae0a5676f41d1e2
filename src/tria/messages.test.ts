import { describe, expect, it } from 'vitest';
import { recognise } from '../../workers/tria/intents.ts';
import { fill } from '../app/i18n.ts';
import { TRIA_MESSAGES } from './messages.ts';

describe('chat strings', () => {
  it('offers suggestions the local engine understands, in the language they are written in', () => {
    for (const lang of ['ru', 'en'] as const) {
      const suggestions = TRIA_MESSAGES[lang].suggestions;
      expect(suggestions.length).toBeGreaterThanOrEqual(4);
      for (const s of suggestions) {
        const r = recognise(s);
        expect(r.intent, s).not.toBe('fallback');
        expect(r.lang, s).toBe(lang);
      }
    }
  });

  it('suggests the same intents in both languages', () => {
    const intents = (lang: 'ru' | 'en') =>
      TRIA_MESSAGES[lang].suggestions.map((s) => recognise(s).intent);
    expect(intents('ru')).toEqual(intents('en'));
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(fill(TRIA_MESSAGES.en.notices.unreachable, { code: 'unreachable' })).toBe(
      'Tria’s server can’t be reached (unreachable); answering on this device.',
    );
    expect(fill('{a} and {b}', { a: '1' })).toBe('1 and {b}');
  });
});
