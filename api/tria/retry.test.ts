import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  backoffDelay,
  type Failure,
  RetriesExhaustedError,
  type RetryPolicy,
  sleep,
  withRetry,
} from './retry.ts';

const policy: RetryPolicy = { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 8_000 };
const retryable: Failure = { kind: 'unavailable', retryable: true };

/** A fake clock: sleeping advances `now` and records each wait. */
function fakeClock() {
  const clock = { now: 0, waits: [] as number[] };
  const fakeSleep = async (ms: number) => {
    clock.waits.push(ms);
    clock.now += ms;
  };
  return { clock, fakeSleep };
}

describe('backoffDelay', () => {
  it('doubles the cap per retry and keeps the wait between half the cap and the cap', () => {
    for (const r of [0, 0.5, 0.999]) {
      expect(backoffDelay(policy, 1, () => r)).toBeGreaterThanOrEqual(250);
      expect(backoffDelay(policy, 1, () => r)).toBeLessThanOrEqual(500);
      expect(backoffDelay(policy, 2, () => r)).toBeGreaterThanOrEqual(500);
      expect(backoffDelay(policy, 2, () => r)).toBeLessThanOrEqual(1000);
      expect(backoffDelay(policy, 3, () => r)).toBeGreaterThanOrEqual(1000);
      expect(backoffDelay(policy, 3, () => r)).toBeLessThanOrEqual(2000);
    }
    expect(backoffDelay(policy, 1, () => 0)).toBe(250);
    expect(backoffDelay(policy, 1, () => 1)).toBe(500);
  });

  it('never waits longer than maxDelayMs, however many retries', () => {
    expect(backoffDelay(policy, 30, () => 1)).toBe(8_000);
    expect(backoffDelay(policy, 30, () => 0)).toBe(4_000);
  });

  it('honours a longer Retry-After, capped at maxDelayMs, and ignores a shorter one', () => {
    expect(backoffDelay(policy, 1, () => 0, 3_000)).toBe(3_000);
    expect(backoffDelay(policy, 1, () => 0, 60_000)).toBe(8_000);
    expect(backoffDelay(policy, 3, () => 0, 10)).toBe(1_000);
  });

  it('spreads clients apart (jitter): different random draws, different waits', () => {
    const waits = new Set([0.1, 0.4, 0.7, 0.9].map((r) => backoffDelay(policy, 2, () => r)));
    expect(waits.size).toBe(4);
  });
});

describe('withRetry', () => {
  it('retries retryable failures with growing waits and returns the first success', async () => {
    const { clock, fakeSleep } = fakeClock();
    let calls = 0;
    const result = await withRetry(
      async (n) => {
        calls++;
        if (n < 3) throw new Error(`boom ${n}`);
        return 'ok';
      },
      { policy, classify: () => retryable, sleep: fakeSleep, random: () => 0.5 },
    );
    expect(result).toBe('ok');
    expect(calls).toBe(3);
    expect(clock.waits).toEqual([375, 750]);
    expect(clock.now).toBe(1125);
  });

  it('gives up after maxAttempts with the last failure classified', async () => {
    const { clock, fakeSleep } = fakeClock();
    const retries: number[] = [];
    const err = await withRetry(
      async () => {
        throw new Error('always');
      },
      {
        policy,
        classify: () => ({ kind: 'rate_limited', retryable: true, retryAfterMs: 1_000 }),
        sleep: fakeSleep,
        random: () => 0,
        onRetry: (i) => retries.push(i.retry),
      },
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RetriesExhaustedError);
    expect((err as RetriesExhaustedError).attempts).toBe(4);
    expect((err as RetriesExhaustedError).failure.kind).toBe('rate_limited');
    expect(retries).toEqual([1, 2, 3]);
    // Retry-After (1 s) wins over the first two backoffs (250, 500 ms), not the third (1 s).
    expect(clock.waits).toEqual([1_000, 1_000, 1_000]);
  });

  it('does not retry a failure that is not retryable', async () => {
    const { clock, fakeSleep } = fakeClock();
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw new Error('400');
        },
        { policy, classify: () => ({ kind: 'failed', retryable: false }), sleep: fakeSleep },
      ),
    ).rejects.toBeInstanceOf(RetriesExhaustedError);
    expect(calls).toBe(1);
    expect(clock.waits).toEqual([]);
  });

  it('does not retry once the attempt has shown something', async () => {
    let shown = false;
    let calls = 0;
    const err = await withRetry(
      async () => {
        calls++;
        shown = true;
        throw new Error('cut off');
      },
      { policy, classify: () => retryable, committed: () => shown, sleep: async () => {} },
    ).catch((e: unknown) => e as RetriesExhaustedError);
    expect(calls).toBe(1);
    expect(err.failure.kind).toBe('unavailable');
  });

  it('stops waiting when the signal aborts during a backoff', async () => {
    const ac = new AbortController();
    const err = await withRetry(
      async () => {
        throw new Error('down');
      },
      {
        policy,
        classify: () => retryable,
        signal: ac.signal,
        sleep: (ms, signal) => {
          ac.abort(new Error('client left'));
          return sleep(ms, signal);
        },
      },
    ).catch((e: unknown) => e as RetriesExhaustedError);
    expect(err.failure.kind).toBe('aborted');
    expect(err.attempts).toBe(1);
  });

  describe('with the real sleep on a fake timer clock', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it('waits the backoff on the timer clock before the next attempt', async () => {
      vi.useFakeTimers();
      const started: number[] = [];
      const done = withRetry(
        async (n) => {
          started.push(Date.now());
          if (n === 1) throw new Error('503');
          return n;
        },
        { policy, classify: () => retryable, random: () => 1 },
      );
      await vi.advanceTimersByTimeAsync(499);
      expect(started).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(1);
      await expect(done).resolves.toBe(2);
      expect((started[1] ?? 0) - (started[0] ?? 0)).toBe(500);
    });
  });
});
