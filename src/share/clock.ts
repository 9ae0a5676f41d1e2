// The replay clock: a position on the recording's clock (ms) tied to an AudioContext time, and
// when and where each chunk's AudioBuffer must start so that its sound lands on that clock at
// any speed. Pure arithmetic; player.ts does the Web Audio calls.

export interface ClockAnchor {
  /** AudioContext time (s) at which the replay was at `positionMs`. */
  ctxTime: number;
  positionMs: number;
  /** Playback speed, 0.5 … 2. */
  rate: number;
}

export const MIN_RATE = 0.5;
export const MAX_RATE = 2;

export function clampRate(rate: number): number {
  return Number.isFinite(rate) ? Math.min(MAX_RATE, Math.max(MIN_RATE, rate)) : 1;
}

/** The replay's position (ms) at AudioContext time `ctxTime` (s). */
export function positionAt(anchor: ClockAnchor, ctxTime: number): number {
  return anchor.positionMs + (ctxTime - anchor.ctxTime) * 1000 * anchor.rate;
}

/**
 * When (AudioContext s) and from where (s into the buffer) to start a chunk that covers
 * [startMs, startMs + durationMs) on the recording's clock, given that the context is at `now`.
 * Null when the chunk is already over.
 */
export function sourceTiming(
  anchor: ClockAnchor,
  now: number,
  startMs: number,
  durationMs: number,
): { when: number; offset: number } | null {
  const from = Math.max(now, anchor.ctxTime);
  const position = positionAt(anchor, from);
  if (startMs + durationMs <= position) return null;
  if (startMs >= position) {
    return { when: from + (startMs - position) / 1000 / anchor.rate, offset: 0 };
  }
  return { when: from, offset: (position - startMs) / 1000 };
}
