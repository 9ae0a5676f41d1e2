// How long the sync engine waits before trying a request again: exponential backoff with jitter
// for failures that say nothing, the server's Retry-After when it says how long (429, 503).

export interface BackoffPolicy {
  /** The first wait, ms. */
  baseMs: number;
  /** No wait grows past this, ms. */
  maxMs: number;
  /** The longest Retry-After honoured as given, ms (a longer one is cut to this). */
  maxRetryAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = {
  baseMs: 1_000,
  maxMs: 5 * 60_000,
  maxRetryAfterMs: 60 * 60_000,
};

/**
 * The wait after the `failures`-th consecutive failure (1, 2, …): "equal jitter", half of
 * min(max, base·2^(failures−1)) plus a random part of the other half, so waits grow, never
 * collapse to zero, and clients that failed together do not retry together.
 */
export function backoffDelay(failures: number, random: () => number, policy = DEFAULT_BACKOFF) {
  const exp = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, Math.min(failures - 1, 30)));
  return Math.round(exp / 2 + random() * (exp / 2));
}

/**
 * A Retry-After header as ms from `nowMs`: delay-seconds or an HTTP date; null when absent or
 * unreadable. Dates in the past give 0.
 */
export function parseRetryAfter(value: string | null, nowMs: number): number | null {
  if (value === null) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  if (Number.isNaN(at) || !/[a-z]/i.test(text)) return null;
  return Math.max(0, at - nowMs);
}

/** The wait the server asked for, cut to the policy's limit, with up to 1 s of jitter. */
export function retryAfterDelay(ms: number, random: () => number, policy = DEFAULT_BACKOFF) {
  return Math.min(policy.maxRetryAfterMs, ms) + Math.round(random() * 1000);
}
