// The replay's sound: each chunk's WebM/Opus decoded into an AudioBuffer and played by an
// AudioBufferSourceNode scheduled on the AudioContext's clock, back to back on the recording's
// timeline (clock.ts), at 0.5–2× speed (playbackRate; the pitch moves with the speed). The
// position it reports is the clock the frames follow. Everything goes through one gain node to
// the speakers, an analyser (the level meter) and, while exporting, a MediaStream.
import { type ClockAnchor, clampRate, positionAt, sourceTiming } from './clock.ts';

interface Placed {
  buffer: AudioBuffer;
  startMs: number;
}

export class ReplayAudio {
  readonly context: AudioContext;
  readonly analyser: AnalyserNode;
  private readonly output: GainNode;
  private readonly placed = new Map<number, Placed>();
  private readonly sources = new Map<number, AudioBufferSourceNode>();
  private anchor: ClockAnchor | null = null;
  private pausedAt = 0;
  private speed = 1;
  private readonly levels = new Float32Array(1024);

  constructor() {
    this.context = new AudioContext({ latencyHint: 'playback' });
    this.output = this.context.createGain();
    this.analyser = this.context.createAnalyser();
    this.analyser.fftSize = this.levels.length;
    this.output.connect(this.context.destination);
    this.output.connect(this.analyser);
  }

  /** Decodes one chunk's WebM/Opus file (the bytes are copied, the caller keeps them). */
  decode(bytes: ArrayBuffer): Promise<AudioBuffer> {
    return this.context.decodeAudioData(bytes.slice(0));
  }

  /** Puts a decoded chunk on the timeline; while playing, it is scheduled at once. */
  place(index: number, startMs: number, buffer: AudioBuffer): void {
    this.placed.set(index, { buffer, startMs });
    if (this.anchor) this.schedule(index);
  }

  get playing(): boolean {
    return this.anchor !== null;
  }

  get rate(): number {
    return this.speed;
  }

  /** The replay's position on the recording's clock, ms. */
  get positionMs(): number {
    return this.anchor ? positionAt(this.anchor, this.context.currentTime) : this.pausedAt;
  }

  /** Starts (or restarts) playing from `fromMs`. Resolves false when the browser keeps sound off. */
  async play(fromMs = this.positionMs): Promise<boolean> {
    this.stopSources();
    this.pausedAt = fromMs;
    if (this.context.state !== 'running') {
      // Without a user gesture the browser may never resume: give up quickly, stay paused.
      const resumed = await Promise.race([
        this.context.resume().then(() => true),
        new Promise<boolean>((r) => setTimeout(() => r(false), 400)),
      ]);
      if (!resumed || (this.context.state as AudioContextState) !== 'running') return false;
    }
    this.anchor = { ctxTime: this.context.currentTime, positionMs: fromMs, rate: this.speed };
    for (const index of this.placed.keys()) this.schedule(index);
    return true;
  }

  /** Stops at the current position (or at `atMs`). */
  pause(atMs = this.positionMs): void {
    this.stopSources();
    this.anchor = null;
    this.pausedAt = atMs;
  }

  /** Moves to `ms`, playing on from there if playing. */
  seek(ms: number): void {
    if (this.anchor) void this.play(ms);
    else this.pausedAt = ms;
  }

  setRate(rate: number): void {
    const position = this.positionMs;
    this.speed = clampRate(rate);
    if (this.anchor) void this.play(position);
  }

  /** Sends the sound to a MediaStream too (for recording a video); undone by the returned call. */
  captureStream(): { stream: MediaStream; stop: () => void } {
    const destination = this.context.createMediaStreamDestination();
    this.output.connect(destination);
    return { stream: destination.stream, stop: () => this.output.disconnect(destination) };
  }

  /** Peak level of the sound going out now, 0 … 1. */
  peak(): number {
    this.analyser.getFloatTimeDomainData(this.levels);
    let peak = 0;
    for (const v of this.levels) peak = Math.max(peak, Math.abs(v));
    return peak;
  }

  async close(): Promise<void> {
    this.stopSources();
    this.anchor = null;
    await this.context.close();
  }

  private schedule(index: number): void {
    const anchor = this.anchor;
    const placed = this.placed.get(index);
    if (!anchor || !placed || this.sources.has(index)) return;
    const timing = sourceTiming(
      anchor,
      this.context.currentTime,
      placed.startMs,
      placed.buffer.duration * 1000,
    );
    if (!timing) return;
    const source = this.context.createBufferSource();
    source.buffer = placed.buffer;
    source.playbackRate.value = anchor.rate;
    source.connect(this.output);
    source.onended = () => {
      if (this.sources.get(index) === source) this.sources.delete(index);
    };
    source.start(timing.when, timing.offset);
    this.sources.set(index, source);
  }

  private stopSources(): void {
    for (const source of this.sources.values()) {
      source.onended = null;
      try {
        source.stop();
      } catch {
        // never started
      }
      source.disconnect();
    }
    this.sources.clear();
  }
}
