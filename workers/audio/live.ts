// Live PCM input inside the worker: drains what the AudioWorklet delivers — from a shared ring
// (polled) or as transferred batches on a MessagePort (sent back for reuse) — into a sink, so
// PCM goes audio thread → worker without the main thread. Pure of DOM: Node tests drive it
// with a real MessageChannel and SharedArrayBuffer.
import { PcmRingReader } from './pcm-ring.ts';

/** Receives `n` samples per channel (views valid only during the call). */
export type PcmSink = (left: Float32Array, right: Float32Array) => void;

/** A batch on the MessagePort transport (see src/audio/pcm-tap.worklet.ts). */
export interface PcmBatch {
  left: Float32Array;
  right: Float32Array;
}

/** How often the ring is polled: well under one 60 fps frame. */
const RING_POLL_MS = 5;
const READ_BLOCK = 2048;

export class LiveInput {
  private ring: PcmRingReader | null = null;
  private port: MessagePort | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly block = [new Float32Array(READ_BLOCK), new Float32Array(READ_BLOCK)] as const;
  private read = 0;

  constructor(private readonly sink: PcmSink) {}

  /** Samples delivered to the sink since construction. */
  get samplesRead(): number {
    return this.read;
  }

  /** Samples the ring skipped because the worker fell behind the audio thread. */
  get samplesDropped(): number {
    return this.ring?.dropped ?? 0;
  }

  attachRing(ring: SharedArrayBuffer): void {
    this.detach();
    this.ring = new PcmRingReader(ring);
    this.timer = setInterval(() => this.drainRing(), RING_POLL_MS);
  }

  attachPort(port: MessagePort): void {
    this.detach();
    this.port = port;
    port.onmessage = (e: MessageEvent<PcmBatch>) => {
      const { left, right } = e.data;
      this.deliver(left, right);
      port.postMessage(e.data, [left.buffer, right.buffer]);
    };
  }

  detach(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.ring = null;
    if (this.port) {
      this.port.onmessage = null;
      this.port.close();
    }
    this.port = null;
  }

  /** Delivers everything the ring holds now. */
  drainRing(): void {
    const ring = this.ring;
    if (!ring) return;
    const [l, r] = this.block;
    for (let n = ring.read([l, r]); n > 0; n = ring.read([l, r])) {
      this.deliver(
        n === READ_BLOCK ? l : l.subarray(0, n),
        n === READ_BLOCK ? r : r.subarray(0, n),
      );
    }
  }

  private deliver(left: Float32Array, right: Float32Array): void {
    this.read += left.length;
    this.sink(left, right);
  }
}
