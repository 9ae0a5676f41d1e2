import { describe, expect, it } from 'vitest';
import { LANGS } from '../app/i18n.ts';
import { ACTION_CHOICES, BUILT_IN_GESTURES } from './mapping.ts';
import { fill, gestureName, HANDS_MESSAGES } from './messages.ts';

describe('gesture panel strings', () => {
  it('name every built-in gesture and every action in both languages', () => {
    for (const lang of LANGS) {
      const m = HANDS_MESSAGES[lang];
      for (const g of BUILT_IN_GESTURES) expect(m.gestures[g], `${lang} ${g}`).toBeTruthy();
      for (const a of ACTION_CHOICES) expect(m.actions[a], `${lang} ${a}`).toBeTruthy();
      expect(Object.keys(m.gestures).sort()).toEqual(
        Object.keys(HANDS_MESSAGES.en.gestures).sort(),
      );
    }
  });

  it('fills placeholders and shows custom gestures as taught', () => {
    expect(fill(HANDS_MESSAGES.en.trackingInfo, { delegate: 'CPU', fps: 12, dropped: 3 })).toBe(
      'Tracking on the CPU · 12 frames/s · 3 frames skipped',
    );
    expect(gestureName('ru', 'fist')).toBe('Кулак');
    expect(gestureName('ru', 'horns')).toBe('horns');
  });
});
