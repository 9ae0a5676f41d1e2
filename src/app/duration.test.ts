import { describe, expect, it } from 'vitest';
import { formatClock, formatDuration } from './duration.ts';

describe('formatDuration', () => {
  it('writes minutes and seconds, and hours when needed, to the nearest second', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(12_400)).toBe('0:12');
    expect(formatDuration(12_500)).toBe('0:13');
    expect(formatDuration(61_000)).toBe('1:01');
    expect(formatDuration(3_723_000)).toBe('1:02:03');
    expect(formatDuration(-5)).toBe('0:00');
  });
});

describe('formatClock', () => {
  it('shows whole seconds elapsed, hours when there are any', () => {
    expect(formatClock(0)).toBe('0:00');
    expect(formatClock(6999)).toBe('0:06');
    expect(formatClock(725_000)).toBe('12:05');
    expect(formatClock(3_723_000)).toBe('1:02:03');
    expect(formatClock(-5)).toBe('0:00');
    expect(formatClock(Number.NaN)).toBe('0:00');
  });
});
