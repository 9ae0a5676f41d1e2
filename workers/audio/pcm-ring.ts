// A single-producer/single-consumer ring of stereo PCM in a SharedArrayBuffer: the AudioWorklet
// writes 128-sample quanta on the audio thread, the analysis worker reads them, and neither
// ever waits for the other or for the main thread. Indices are sample counters in an Int32
// header that wrap at 2^31 (differences are taken with `| 0`). When the reader falls behind by
// more than the capacity, the oldest samples are skipped and counted; the audio thread never
// blocks.

const HEADER_INTS = 4; // [writeIndex, readIndex, dropped, channels]
const WRITE = 0;
const READ = 1;
const DROPPED = 2;
const CHANNELS = 3;

export interface PcmRing {
  readonly buffer: SharedArrayBuffer;
  readonly capacity: number;
}

/** Capacity is rounded up to a power of two so indices can be masked. */
export function createPcmRing(capacitySamples: number, channels: 1 | 2): PcmRing {
  const capacity = 2 ** Math.ceil(Math.log2(Math.max(256, capacitySamples)));
  const buffer = new SharedArrayBuffer(HEADER_INTS * 4 + capacity * channels * 4);
  new Int32Array(buffer, 0, HEADER_INTS)[CHANNELS] = channels;
  return { buffer, capacity };
}

function views(buffer: SharedArrayBuffer) {
  const header = new Int32Array(buffer, 0, HEADER_INTS);
  const channels = header[CHANNELS] as number;
  const capacity = (buffer.byteLength - HEADER_INTS * 4) / 4 / channels;
  const data = Array.from(
    { length: channels },
    (_, c) => new Float32Array(buffer, HEADER_INTS * 4 + c * capacity * 4, capacity),
  );
  return { header, data, capacity, mask: capacity - 1 };
}

/** The audio-thread side. `write` never blocks and never allocates. */
export class PcmRingWriter {
  private readonly v: ReturnType<typeof views>;

  constructor(buffer: SharedArrayBuffer) {
    this.v = views(buffer);
  }

  write(channels: ArrayLike<Float32Array>, frames: number): void {
    const { header, data, mask } = this.v;
    const w = Atomics.load(header, WRITE);
    for (let c = 0; c < data.length; c++) {
      const src = channels[Math.min(c, channels.length - 1)];
      const dst = data[c] as Float32Array;
      if (!src) continue;
      for (let i = 0; i < frames; i++) dst[(w + i) & mask] = src[i] as number;
    }
    Atomics.store(header, WRITE, (w + frames) | 0);
  }
}

/** The worker side: copies what is available into caller-owned arrays. */
export class PcmRingReader {
  private readonly v: ReturnType<typeof views>;

  constructor(buffer: SharedArrayBuffer) {
    this.v = views(buffer);
  }

  get channels(): number {
    return this.v.data.length;
  }

  /** Samples skipped because the reader fell behind by more than the capacity. */
  get dropped(): number {
    return Atomics.load(this.v.header, DROPPED);
  }

  /** Reads up to `out[0].length` samples per channel; returns how many were read. */
  read(out: Float32Array[]): number {
    const { header, data, mask, capacity } = this.v;
    const w = Atomics.load(header, WRITE);
    let r = Atomics.load(header, READ);
    let available = (w - r) | 0;
    if (available > capacity) {
      Atomics.add(header, DROPPED, available - capacity);
      r = (w - capacity) | 0;
      available = capacity;
    }
    const n = Math.min(available, out[0]?.length ?? 0);
    for (let c = 0; c < out.length; c++) {
      const src = data[Math.min(c, data.length - 1)] as Float32Array;
      const dst = out[c] as Float32Array;
      for (let i = 0; i < n; i++) dst[i] = src[(r + i) & mask] as number;
    }
    Atomics.store(header, READ, (r + n) | 0);
    return n;
  }
}
