// tokenUid reads a JWT's `sub` (base64url, unpadded, UTF-8) and refuses anything else.
import { describe, expect, it } from 'vitest';
import { tokenUid } from './token.ts';

const jwt = (claims: unknown) =>
  `${Buffer.from('{"alg":"RS256"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;

describe('tokenUid', () => {
  it('reads the sub claim', () => {
    expect(tokenUid(jwt({ sub: 'Xy9_uid-ü', aud: 'demo' }))).toBe('Xy9_uid-ü');
  });

  it('answers null for tokens without a readable sub', () => {
    for (const t of [
      '',
      'abc',
      'a..c',
      jwt({}),
      jwt({ sub: 7 }),
      jwt({ sub: '' }),
      jwt('x'),
      'a.%%%.c',
    ]) {
      expect(tokenUid(t)).toBeNull();
    }
  });
});
