// Retries of model requests: 429, 5xx, timeouts and lost connections are tried again after an
// exponential backoff with jitter (a Retry-After header is honoured up to the cap), at most
// `maxAttempts` times in all. Only a request that has not yet shown the user anything is
// retried: a reply that broke off half-way cannot be taken back. Clock and randomness are
// injected so the policy is tested with a fake clock.
import type { TriaConfig } from '../config.ts';

export type RetryPolicy = TriaConfig['retry'];

/** Why a model request failed, as the chat reports it. */
export type FailureKind = 'rate_limited' | 'unavailable' | 'timeout' | 'aborted' | 'failed';

export interface Failure {
  kind: FailureKind;
  /** Worth trying again (before anything was shown). */
  retryable: boolean;
  /** The server's Retry-After, in ms, when it sent one. */
  retryAfterMs?: number;
}

/**
 * The wait before retry number `retry` (1 = the first retry): half of min(max, base · 2^(retry−1))
 * plus a random share of the other half ("equal jitter": never zero, never in lock-step), or the
 * server's Retry-After when longer, never above maxDelayMs.
 */
export function backoffDelay(
  policy: RetryPolicy,
  retry: number,
  random: () => number,
  retryAfterMs?: number,
): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  const jittered = cap / 2 + random() * (cap / 2);
  return Math.min(policy.maxDelayMs, Math.max(jittered, retryAfterMs ?? 0));
}

/** Waits `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export interface RetryOptions {
  policy: RetryPolicy;
  classify: (err: unknown) => Failure;
  /** True once the attempt has shown the user something: no retry after that. */
  committed?: () => boolean;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  signal?: AbortSignal;
  onRetry?: (info: { retry: number; delayMs: number; failure: Failure }) => void;
}

/** A failure that ended the retries, with its classification. */
export class RetriesExhaustedError extends Error {
  override name = 'RetriesExhaustedError';
  constructor(
    readonly failure: Failure,
    readonly attempts: number,
    override readonly cause: unknown,
  ) {
    super(`model request failed (${failure.kind}) after ${attempts} attempt(s)`);
  }
}

/** Runs `attempt` (given its 1-based number) until it succeeds or a retry is not allowed. */
export async function withRetry<T>(
  attempt: (n: number) => Promise<T>,
  opts: RetryOptions,
): Promise<T> {
  const wait = opts.sleep ?? sleep;
  const random = opts.random ?? Math.random;
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (err) {
      const failure = opts.classify(err);
      const again =
        failure.retryable &&
        n < opts.policy.maxAttempts &&
        !(opts.committed?.() ?? false) &&
        !opts.signal?.aborted;
      if (!again) throw new RetriesExhaustedError(failure, n, err);
      const delayMs = backoffDelay(opts.policy, n, random, failure.retryAfterMs);
      opts.onRetry?.({ retry: n, delayMs, failure });
      try {
        await wait(delayMs, opts.signal);
      } catch {
        throw new RetriesExhaustedError({ kind: 'aborted', retryable: false }, n, err);
      }
    }
  }
}
