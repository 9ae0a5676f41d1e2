import { describe, expect, it } from 'vitest';
import { formatClock } from './format.ts';

describe('formatClock', () => {
  it('shows minutes and seconds, hours when there are any', () => {
    expect(formatClock(0)).toBe('0:00');
    expect(formatClock(6999)).toBe('0:06');
    expect(formatClock(725_000)).toBe('12:05');
    expect(formatClock(3_723_000)).toBe('1:02:03');
    expect(formatClock(-5)).toBe('0:00');
    expect(formatClock(Number.NaN)).toBe('0:00');
  });
});
