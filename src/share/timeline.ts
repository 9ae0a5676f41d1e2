// Where each chunk of a shared hologram sits on the recording's clock, and which recorded frame
// belongs to a moment of it. A chunk's place is exact once its frames are in (their `startMs`,
// the recorder's chunk start) and its audio is decoded (its length); until then it is estimated
// by spreading the unknown stretch evenly over the chunks not yet loaded, so the page can seek
// anywhere before everything is downloaded. Pure.
import type { HologramFrame } from '../hologram/frame.ts';

export interface LoadedSpan {
  /** Where the chunk starts on the recording's clock, ms. */
  startMs: number;
  /** Where it ends: the later of its audio's end and its last frame, ms. */
  endMs: number;
  /** Its frames in time order (t on the recording's clock). */
  frames: readonly HologramFrame[];
}

/** A chunk length to assume when nothing better is known (the recorder writes 4 s chunks). */
export const DEFAULT_CHUNK_MS = 4000;

/** The last index i with values[i] ≤ x (−1 when none), for values in ascending order. */
export function lastAtOrBefore(count: number, valueAt: (i: number) => number, x: number): number {
  let lo = 0;
  let hi = count - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (valueAt(mid) <= x) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

export class Timeline {
  private readonly spans: Array<LoadedSpan | null>;
  /** starts[i]: chunk i's start (known or estimated); starts[count]: the end. */
  private starts: Float64Array;
  private loaded = 0;

  /** `count` chunks; `nominalMs` is the hologram's stated duration. */
  constructor(
    readonly count: number,
    private readonly nominalMs: number,
  ) {
    this.spans = Array.from({ length: count }, () => null);
    this.starts = new Float64Array(count + 1);
    this.estimate();
  }

  /** Records chunk `index`'s place and frames (again when its audio length becomes known). */
  set(index: number, span: LoadedSpan): void {
    if (index < 0 || index >= this.count) throw new RangeError(`no chunk ${index}`);
    if (!this.spans[index]) this.loaded++;
    this.spans[index] = span;
    this.estimate();
  }

  isLoaded(index: number): boolean {
    return this.spans[index] != null;
  }

  get allLoaded(): boolean {
    return this.loaded === this.count;
  }

  /** Chunk `index`'s start, ms: exact when loaded, estimated otherwise. */
  startOf(index: number): number {
    return this.starts[Math.max(0, Math.min(index, this.count))] ?? 0;
  }

  /** The end of the hologram, ms: exact once every chunk is loaded. */
  get endMs(): number {
    return this.starts[this.count] ?? 0;
  }

  /** The chunk a moment falls in (a gap between two chunks belongs to the earlier one). */
  indexAt(ms: number): number {
    if (this.count === 0) return -1;
    return Math.max(
      0,
      lastAtOrBefore(this.count, (i) => this.startOf(i), ms),
    );
  }

  /**
   * The frame showing at `ms`: the latest with t ≤ ms in the chunk `ms` falls in (before a
   * chunk's first frame, the previous chunk's last one, or its own first). Null while that chunk
   * is not loaded or no frame is known there.
   */
  frameAt(ms: number): HologramFrame | null {
    const index = this.indexAt(ms);
    const span = index < 0 ? null : this.spans[index];
    if (!span) return null;
    const frames = span.frames;
    const at = lastAtOrBefore(frames.length, (i) => (frames[i] as HologramFrame).t, ms);
    if (at >= 0) return frames[at] ?? null;
    const previous = index > 0 ? this.spans[index - 1] : null;
    return previous?.frames.at(-1) ?? frames[0] ?? null;
  }

  private estimate(): void {
    const n = this.count;
    const known = this.spans
      .map((s, i) => (s ? { i, s } : null))
      .filter((x): x is { i: number; s: LoadedSpan } => x !== null);
    const meanLength =
      known.length > 0
        ? known.reduce((sum, k) => sum + (k.s.endMs - k.s.startMs), 0) / known.length
        : n > 0 && this.nominalMs > 0
          ? this.nominalMs / n
          : DEFAULT_CHUNK_MS;
    const starts = new Float64Array(n + 1);
    let prevIndex = -1;
    let prevEnd = 0;
    for (const next of [...known, null]) {
      const nextIndex = next ? next.i : n;
      const unknown = nextIndex - prevIndex - 1;
      // The stretch before the next known chunk (or the stated end) is shared evenly.
      const stretchEnd = next
        ? next.s.startMs
        : Math.max(this.nominalMs, prevEnd + unknown * Math.max(meanLength, 1));
      const each = unknown > 0 ? Math.max(0, stretchEnd - prevEnd) / unknown : 0;
      for (let k = 0; k < unknown; k++) starts[prevIndex + 1 + k] = prevEnd + k * each;
      if (next) {
        starts[next.i] = Math.max(next.s.startMs, prevIndex >= 0 ? (starts[prevIndex] ?? 0) : 0);
        prevEnd = Math.max(next.s.endMs, starts[next.i] ?? 0);
        prevIndex = next.i;
      } else {
        starts[n] = unknown > 0 ? stretchEnd : prevEnd;
      }
    }
    this.starts = starts;
  }
}
