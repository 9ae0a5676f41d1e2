// Replay page addresses and share links.
import { describe, expect, it } from 'vitest';
import { publicPaths, replayToken, shareLink } from './route.ts';

describe('replay routes', () => {
  it('finds the token of /h/{token} and nothing else', () => {
    expect(replayToken('/h/Jx3v9Qm1T0bq2RkzL8wYc5aHn4dPfEuG')).toBe(
      'Jx3v9Qm1T0bq2RkzL8wYc5aHn4dPfEuG',
    );
    expect(replayToken('/h/abc_-9/')).toBe('abc_-9');
    for (const p of ['/', '/h/', '/h', '/h/a/b', '/x/h/abc', '/h/a%2Fb', '/h/a.b', '/H/abc']) {
      expect(replayToken(p), p).toBeNull();
    }
  });

  it('builds the public paths and the link', () => {
    expect(publicPaths.manifest('tok')).toBe('/api/public/shares/tok');
    expect(publicPaths.part('tok', 3, 'frames')).toBe('/api/public/shares/tok/chunks/3/frames');
    expect(shareLink('https://holograms.media/', 'tok')).toBe('https://holograms.media/h/tok');
  });
});
