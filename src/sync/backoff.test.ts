// Backoff waits (equal jitter, capped) and Retry-After parsing (seconds, HTTP dates, junk).
import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_BACKOFF, parseRetryAfter, retryAfterDelay } from './backoff.ts';

describe('backoffDelay', () => {
  it('doubles from the base, with the jitter in the upper half', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, () => 0))).toEqual([500, 1000, 2000, 4000]);
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, () => 0.999_999))).toEqual([
      1000, 2000, 4000, 8000,
    ]);
  });

  it('never passes the cap, however many failures', () => {
    for (const n of [10, 11, 50, 10_000]) {
      expect(backoffDelay(n, () => 0.999_999)).toBe(DEFAULT_BACKOFF.maxMs);
      expect(backoffDelay(n, () => 0)).toBe(DEFAULT_BACKOFF.maxMs / 2);
    }
  });
});

describe('parseRetryAfter', () => {
  const now = Date.UTC(2026, 10, 23, 8, 0, 0);

  it('reads delay-seconds', () => {
    expect(parseRetryAfter('5', now)).toBe(5000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
  });

  it('reads an HTTP date relative to now, past dates as 0', () => {
    expect(parseRetryAfter(new Date(now + 90_000).toUTCString(), now)).toBe(90_000);
    expect(parseRetryAfter(new Date(now - 90_000).toUTCString(), now)).toBe(0);
  });

  it('ignores what it cannot read', () => {
    for (const v of [null, '', '-3', '1.5', 'soon', 'Tue'])
      expect(parseRetryAfter(v, now)).toBeNull();
  });

  it('cuts an unreasonable wait to the policy limit and adds at most 1 s of jitter', () => {
    expect(retryAfterDelay(7000, () => 0.5)).toBe(7500);
    expect(retryAfterDelay(10 * 3_600_000, () => 0)).toBe(DEFAULT_BACKOFF.maxRetryAfterMs);
  });
});
