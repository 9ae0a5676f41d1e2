// Both languages have every string, and placeholders survive translation.
import { describe, expect, it } from 'vitest';
import { fill } from '../app/i18n.ts';
import { SHARE_MESSAGES } from './messages.ts';

describe('share messages', () => {
  it('say everything in Russian and English with the same placeholders', () => {
    const { en, ru } = SHARE_MESSAGES;
    expect(Object.keys(ru).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en) as Array<keyof typeof en>) {
      expect(ru[key].trim(), key).not.toBe('');
      const holes = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(holes(ru[key]), key).toEqual(holes(en[key]));
    }
  });

  it('fills placeholders', () => {
    expect(fill('a {x} b {y} {z}', { x: 1, y: 'two' })).toBe('a 1 b two {z}');
  });
});
