// The streaming analyser: PCM in (blocks of any size), HologramFrames out at a chosen frame
// rate. Frame k is taken when the k-th frame time's sample has arrived (k = 1, 2, …; t is that
// sample's time), each band showing its window ending there (bands.ts gives each window and
// latency). Levels: 20·log10 of the band's peak-amplitude estimate plus the weighting, clamped
// to DB_FLOOR … DB_TOP, so a full-scale sine at a band centre reads 0 dBFS. Pan per band from
// the two amplitudes as shown: (R − L) / (R + L), 0 when both are at the floor.
// After construction nothing is allocated per frame: frames come from a pool that grows only
// when more frames are waiting to be pulled than ever before.
import { type BandInfo, bandLayout } from './bands.ts';
import { ChannelBank, MAX_BLOCK } from './channel.ts';
import { BANDS, copyFrame, createFrame, DB_FLOOR, DB_TOP, type HologramFrame } from './frame.ts';
import { WEIGHTINGS, type Weighting, weightingFunction } from './weighting.ts';

export interface AnalyserOptions {
  /** Input sample rate in Hz (8 000 … 384 000). */
  sampleRate: number;
  /** 1: mono (right mirrors left, pan 0); 2: stereo. Default 2. */
  channels?: 1 | 2;
  /** Frames per second of PCM time. Default 60. */
  fps?: number;
  /** Frequency weighting added to every band. Default 'none'. */
  weighting?: Weighting;
  /** Loudness level of the ISO 226 contour for weighting 'iso226'. Default 40 phon. */
  phon?: number;
}

const FLOOR_AMPLITUDE = 10 ** (DB_FLOOR / 20);
const TOP_AMPLITUDE = 10 ** (DB_TOP / 20);

function checkOptions(o: AnalyserOptions): Required<AnalyserOptions> {
  const full: Required<AnalyserOptions> = {
    sampleRate: o.sampleRate,
    channels: o.channels ?? 2,
    fps: o.fps ?? 60,
    weighting: o.weighting ?? 'none',
    phon: o.phon ?? 40,
  };
  if (!(full.sampleRate >= 8000 && full.sampleRate <= 384_000)) {
    throw new RangeError(`sampleRate must be 8000 … 384000 Hz, got ${full.sampleRate}`);
  }
  if (full.channels !== 1 && full.channels !== 2) {
    throw new RangeError(`channels must be 1 or 2, got ${full.channels}`);
  }
  if (!(full.fps > 0 && full.fps <= 1000)) {
    throw new RangeError(`fps must be > 0 and ≤ 1000, got ${full.fps}`);
  }
  if (!WEIGHTINGS.includes(full.weighting)) {
    throw new RangeError(
      `weighting must be one of ${WEIGHTINGS.join(', ')}, got ${full.weighting}`,
    );
  }
  return full;
}

export class HologramAnalyser {
  readonly options: Readonly<Required<AnalyserOptions>>;
  /** Per band: validity, window and latency at this sample rate. */
  readonly bands: readonly BandInfo[];
  private readonly left: ChannelBank;
  private readonly right: ChannelBank | null;
  /** Linear weighting gain per band; 0 for bands that are not valid. */
  private readonly gains = new Float64Array(BANDS);
  private readonly magLeft = new Float64Array(BANDS);
  private readonly magRight = new Float64Array(BANDS);
  private readonly pool: HologramFrame[] = [];
  private readIndex = 0;
  private writeIndex = 0;
  private samples = 0;
  private frameIndex = 1;
  private nextFrameAt = 0;

  constructor(options: AnalyserOptions) {
    this.options = checkOptions(options);
    const { sampleRate, channels, weighting, phon } = this.options;
    this.bands = bandLayout(sampleRate);
    this.left = new ChannelBank(this.bands, sampleRate);
    this.right = channels === 2 ? new ChannelBank(this.bands, sampleRate) : null;
    const weight = weightingFunction(weighting, phon);
    for (const b of this.bands)
      this.gains[b.index] = b.valid ? 10 ** (weight(b.frequency) / 20) : 0;
    this.nextFrameAt = this.frameSample(1);
  }

  /** Frames taken and not yet pulled. */
  get pending(): number {
    return this.writeIndex - this.readIndex;
  }

  /**
   * Feeds samples (−1 … 1; stereo needs `right` of the same length) and takes every frame whose
   * time they reach. Returns the number of frames waiting to be pulled.
   */
  push(left: Float32Array, right?: Float32Array): number {
    if (this.right && right?.length !== left.length) {
      throw new RangeError('stereo analysis needs left and right blocks of equal length');
    }
    this.compact();
    for (let i = 0; i < left.length; ) {
      const step = Math.min(left.length - i, this.nextFrameAt - this.samples, MAX_BLOCK);
      this.left.process(left, i, i + step);
      if (this.right && right) this.right.process(right, i, i + step);
      i += step;
      this.samples += step;
      if (this.samples === this.nextFrameAt) {
        this.takeFrame();
        this.frameIndex++;
        this.nextFrameAt = this.frameSample(this.frameIndex);
      }
    }
    return this.pending;
  }

  /**
   * The oldest waiting frame, copied into `out` when given; otherwise the analyser's own frame,
   * valid until the next push or reset. Undefined when none is waiting.
   */
  pull(out?: HologramFrame): HologramFrame | undefined {
    if (this.readIndex === this.writeIndex) return undefined;
    const frame = this.pool[this.readIndex++] as HologramFrame;
    return out ? copyFrame(frame, out) : frame;
  }

  /** Back to the state after construction: empty history, t = 0, no waiting frames. */
  reset(): void {
    this.left.reset();
    this.right?.reset();
    this.readIndex = 0;
    this.writeIndex = 0;
    this.samples = 0;
    this.frameIndex = 1;
    this.nextFrameAt = this.frameSample(1);
  }

  private frameSample(k: number): number {
    return Math.round((k * this.options.sampleRate) / this.options.fps);
  }

  /** Moves waiting frames to the front of the pool, reusing the pulled ones. */
  private compact(): void {
    if (this.readIndex === 0) return;
    const { pool } = this;
    for (let i = this.readIndex; i < this.writeIndex; i++) {
      const j = i - this.readIndex;
      const keep = pool[i] as HologramFrame;
      pool[i] = pool[j] as HologramFrame;
      pool[j] = keep;
    }
    this.writeIndex -= this.readIndex;
    this.readIndex = 0;
  }

  private takeFrame(): void {
    if (this.writeIndex === this.pool.length) this.pool.push(createFrame());
    const frame = this.pool[this.writeIndex++] as HologramFrame;
    const { gains, magLeft, magRight } = this;
    this.left.magnitudes(magLeft);
    if (this.right) this.right.magnitudes(magRight);
    else magRight.set(magLeft);
    frame.t = (1000 * this.samples) / this.options.sampleRate;
    for (let b = 0; b < BANDS; b++) {
      const g = gains[b] as number;
      const l = clamp((magLeft[b] as number) * g);
      const r = clamp((magRight[b] as number) * g);
      frame.left[b] = 20 * Math.log10(l);
      frame.right[b] = 20 * Math.log10(r);
      frame.pan[b] = (r - l) / (r + l);
    }
  }
}

function clamp(amplitude: number): number {
  return amplitude < FLOOR_AMPLITUDE
    ? FLOOR_AMPLITUDE
    : amplitude > TOP_AMPLITUDE
      ? TOP_AMPLITUDE
      : amplitude;
}
