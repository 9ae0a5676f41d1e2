// AudioWorklet processor that hands the input's PCM to the analysis worker without touching
// the main thread: into a SharedArrayBuffer ring when the page is cross-origin isolated,
// otherwise in batches whose buffers are transferred over a MessagePort to the worker (which
// sends them back for reuse, so the audio thread does not allocate in steady state).
import { PcmRingWriter } from '../../workers/audio/pcm-ring.ts';

declare const sampleRate: number;
declare function registerProcessor(
  name: string,
  ctor: new (options: { processorOptions?: PcmTapOptions }) => AudioWorkletProcessorLike,
): void;
declare class AudioWorkletProcessorLike {
  readonly port: MessagePort;
  process(inputs: Float32Array[][]): boolean;
}
declare const AudioWorkletProcessor: typeof AudioWorkletProcessorLike;

export interface PcmTapOptions {
  /** SharedArrayBuffer of a PcmRing (cross-origin isolated pages). */
  ring?: SharedArrayBuffer;
  /** Samples per transferred batch (transfer path). */
  batch?: number;
}

/** Messages on the processor's port. */
export type PcmTapControl = { type: 'connect'; port: MessagePort } | { type: 'stop' };

/** What the worker receives on the transfer path, and sends back for reuse. */
export interface PcmBatch {
  left: Float32Array;
  right: Float32Array;
  sampleRate: number;
}

class PcmTap extends AudioWorkletProcessor {
  private readonly ring: PcmRingWriter | null;
  private readonly batch: number;
  private out: MessagePort | null = null;
  private pool: PcmBatch[] = [];
  private current: PcmBatch | null = null;
  private filled = 0;
  private running = true;

  constructor(options: { processorOptions?: PcmTapOptions }) {
    super();
    const opts = options.processorOptions ?? {};
    this.ring = opts.ring ? new PcmRingWriter(opts.ring) : null;
    this.batch = opts.batch ?? 1024;
    this.port.onmessage = (e: MessageEvent<PcmTapControl>) => {
      if (e.data.type === 'stop') this.running = false;
      else {
        this.out = e.data.port;
        this.out.onmessage = (back: MessageEvent<PcmBatch>) => this.pool.push(back.data);
      }
    };
  }

  private take(): PcmBatch {
    return (
      this.pool.pop() ?? {
        left: new Float32Array(this.batch),
        right: new Float32Array(this.batch),
        sampleRate,
      }
    );
  }

  override process(inputs: Float32Array[][]): boolean {
    const input = inputs[0];
    const left = input?.[0];
    if (!left) return this.running;
    const right = input[1] ?? left;
    if (this.ring) {
      this.ring.write([left, right], left.length);
      return this.running;
    }
    if (!this.out) return this.running;
    let offset = 0;
    while (offset < left.length) {
      this.current ??= this.take();
      const n = Math.min(left.length - offset, this.batch - this.filled);
      this.current.left.set(left.subarray(offset, offset + n), this.filled);
      this.current.right.set(right.subarray(offset, offset + n), this.filled);
      this.filled += n;
      offset += n;
      if (this.filled === this.batch) {
        const full = this.current;
        this.out.postMessage(full, [full.left.buffer, full.right.buffer]);
        this.current = null;
        this.filled = 0;
      }
    }
    return this.running;
  }
}

registerProcessor('holo-pcm-tap', PcmTap);
