// A history buffer written twice (at i and i + capacity), so the newest n ≤ capacity samples
// are always one contiguous run: the band filters read them without wrapping or copying.

export class HistoryRing {
  readonly data: Float64Array;
  private pos = 0;

  constructor(readonly capacity: number) {
    this.data = new Float64Array(2 * capacity);
  }

  write(src: ArrayLike<number>, from: number, to: number): void {
    const { data, capacity } = this;
    let pos = this.pos;
    for (let i = from; i < to; i++) {
      const v = src[i] as number;
      data[pos] = v;
      data[pos + capacity] = v;
      pos = pos + 1 === capacity ? 0 : pos + 1;
    }
    this.pos = pos;
  }

  /** Index in `data` of the oldest of the newest `n` samples; they run to start + n. */
  start(n: number): number {
    return this.pos + this.capacity - n;
  }

  reset(): void {
    this.data.fill(0);
    this.pos = 0;
  }
}
