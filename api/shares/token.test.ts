// Share tokens: 192 random bits as 32 url-safe characters; the shape check refuses the rest.
import { describe, expect, it } from 'vitest';
import { isShareToken, newShareToken, TOKEN_BYTES, TOKEN_LENGTH } from './token.ts';

describe('share tokens', () => {
  it('are 32 base64url characters carrying at least 128 random bits', () => {
    expect(TOKEN_BYTES * 8).toBeGreaterThanOrEqual(128);
    const tokens = Array.from({ length: 2000 }, newShareToken);
    for (const t of tokens) {
      expect(t).toHaveLength(TOKEN_LENGTH);
      expect(t).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(Buffer.from(t, 'base64url').toString('base64url')).toBe(t);
      expect(isShareToken(t)).toBe(true);
    }
    expect(new Set(tokens).size).toBe(tokens.length);
    // Every one of the 64 characters turns up at every position about equally often.
    for (let pos = 0; pos < TOKEN_LENGTH - 1; pos++) {
      const counts = new Map<string, number>();
      for (const t of tokens) counts.set(t[pos] as string, (counts.get(t[pos] as string) ?? 0) + 1);
      expect(counts.size, `position ${pos}`).toBeGreaterThan(56);
      expect(Math.max(...counts.values()), `position ${pos}`).toBeLessThan(80);
    }
  });

  it('refuses anything else before a lookup', () => {
    const t = newShareToken();
    for (const bad of [
      '',
      t.slice(1),
      `${t}A`,
      `${t.slice(0, -1)}=`,
      `${t.slice(0, -1)}/`,
      `${t.slice(0, -1)}.`,
      `${t.slice(0, -1)}é`,
      '../../etc/passwd0000000000000000',
      `${t.slice(0, -1)}\n`,
    ]) {
      expect(isShareToken(bad), JSON.stringify(bad)).toBe(false);
    }
  });
});
