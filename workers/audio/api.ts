// The analysis worker's API as the main thread sees it (types only; worker.ts exposes it).
//
//   import { transfer, wrap } from 'comlink';
//   import type { AnalysisWorker, AnalysisWorkerApi } from '../../workers/audio/api.ts';
//   const worker = new Worker(new URL('../../workers/audio/worker.ts', import.meta.url), { type: 'module' });
//   const analysis: AnalysisWorker = wrap<AnalysisWorkerApi>(worker);
//   const bands = await analysis.configure({ sampleRate: ctx.sampleRate, channels: 2, fps: 60 });
//   const frames = await analysis.push(transfer(left, [left.buffer]), transfer(right, [right.buffer]));
// or, live: `attachRing`/`attachPort` + `onFrame(proxy(callback))` (src/audio/audio-engine.ts).
import type { Remote } from 'comlink';
import type { BandInfo } from './bands.ts';
import type { HologramFrame } from './frame.ts';
import type { Weighting } from './weighting.ts';

export type { BandInfo, HologramFrame, Weighting };

export interface AnalysisConfig {
  /** Input sample rate in Hz (8 000 … 384 000), e.g. AudioContext.sampleRate. */
  sampleRate: number;
  /** 1: mono (right mirrors left); 2: stereo (push needs both channels). */
  channels: 1 | 2;
  /** Frames per second of audio time; default 60. */
  fps?: number;
  /** Default 'none'. */
  weighting?: Weighting;
  /** ISO 226 loudness level for weighting 'iso226', 0 … 100 phon; default 40. */
  phon?: number;
}

export interface AnalysisWorkerApi {
  /**
   * Starts a new analysis (t = 0, no history). Returns, per band, whether it is valid at this
   * rate and its window and latency in ms. Throws RangeError on impossible settings.
   */
  configure(config: AnalysisConfig): BandInfo[];
  /**
   * Feeds one block of any length (stereo: left and right of equal length, samples −1 … 1).
   * Returns the frames the block completed, oldest first (often none for small blocks); each
   * frame's three arrays share one ArrayBuffer, transferred to the caller. Throws before
   * configure.
   */
  push(left: Float32Array, right?: Float32Array): HologramFrame[];
  /** Forgets history and restarts time at 0, keeping the configuration. */
  reset(): void;

  // Live input: the AudioWorklet delivers PCM to the worker directly and frames come back
  // through `onFrame`, so PCM never passes through the main thread.

  /** Registers the callback (a Comlink proxy) that receives each live frame (transferred). */
  onFrame(callback: (frame: HologramFrame) => void): void;
  /** Reads PCM from a shared ring (src/audio/pcm-tap.worklet.ts, cross-origin isolated pages). */
  attachRing(ring: SharedArrayBuffer): void;
  /** Receives transferred PCM batches on this port (pages that are not cross-origin isolated). */
  attachPort(port: MessagePort): void;
  /** Stops reading live input. */
  detach(): void;
  stats(): LiveStats;
}

export interface LiveStats {
  framesProduced: number;
  samplesRead: number;
  /** Samples skipped because the worker fell behind the audio thread (ring only). */
  samplesDropped: number;
}

/** The worker seen through Comlink's `wrap`: every method returns a Promise. */
export type AnalysisWorker = Remote<AnalysisWorkerApi>;
