// A clock for tests of the sync engine's waits. `auto` (the default) lets every sleep pass at
// once, advancing the time by its length and recording it, so a test reads exactly how long the
// engine would have waited; manual mode holds each sleep until `advance` passes its end or its
// signal aborts, for tests of waking and aborting a waiting run.
import type { Clock } from './types.ts';

interface Sleeper {
  until: number;
  resolve: () => void;
}

export class FakeClock implements Clock {
  /** Every sleep asked for, ms, in order. */
  readonly sleeps: number[] = [];
  private time: number;
  private readonly auto: boolean;
  private sleepers: Sleeper[] = [];
  private onSleep: (() => void) | null = null;

  constructor(opts: { start?: number; auto?: boolean } = {}) {
    this.time = opts.start ?? Date.UTC(2026, 10, 23, 8, 0, 0);
    this.auto = opts.auto ?? true;
  }

  now(): number {
    return this.time;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(ms);
    if (this.auto) {
      this.time += ms;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      const sleeper: Sleeper = {
        until: this.time + ms,
        resolve: () => {
          this.sleepers = this.sleepers.filter((s) => s !== sleeper);
          resolve();
        },
      };
      this.sleepers.push(sleeper);
      if (signal?.aborted) sleeper.resolve();
      else signal?.addEventListener('abort', () => sleeper.resolve(), { once: true });
      this.onSleep?.();
    });
  }

  /** Resolves once something sleeps (manual mode). */
  waitForSleep(): Promise<void> {
    if (this.sleepers.length > 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      this.onSleep = () => {
        this.onSleep = null;
        resolve();
      };
    });
  }

  /** Moves the time on, waking the sleeps that end by then. */
  advance(ms: number): void {
    this.time += ms;
    for (const s of [...this.sleepers]) if (s.until <= this.time) s.resolve();
  }
}
