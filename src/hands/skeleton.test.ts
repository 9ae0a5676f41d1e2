import { describe, expect, it } from 'vitest';
import { HAND_CONNECTIONS } from './skeleton.ts';

describe('HAND_CONNECTIONS', () => {
  it('joins all 21 landmarks into one skeleton', () => {
    const seen = new Set<number>([0]);
    let grew = true;
    while (grew) {
      grew = false;
      for (const [a, b] of HAND_CONNECTIONS)
        if (seen.has(a) !== seen.has(b)) {
          seen.add(a);
          seen.add(b);
          grew = true;
        }
    }
    expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: 21 }, (_, i) => i));
  });
});
