// Live audio: opens a source, taps its PCM with an AudioWorklet and feeds it to the analysis
// worker, which sends HologramFrames back. The main thread only wires things up and receives
// frames; PCM goes audio thread → worker directly (shared ring when cross-origin isolated,
// transferred batches otherwise).
import * as Comlink from 'comlink';
import type { AnalysisConfig, AnalysisWorkerApi } from '../../workers/audio/api.ts';
import { createPcmRing } from '../../workers/audio/pcm-ring.ts';
import type { HologramFrame } from '../hologram/frame.ts';
import type { PcmTapControl } from './pcm-tap.worklet.ts';
import workletUrl from './pcm-tap.worklet.ts?worker&url';
import { type OpenSource, openSource, type SourceSpec } from './sources.ts';

export type AnalysisSettings = Required<Pick<AnalysisConfig, 'fps' | 'weighting' | 'phon'>>;

export interface EngineInfo {
  sampleRate: number;
  channels: 1 | 2;
  transport: 'shared-ring' | 'transfer';
}

export class AudioEngine {
  private ctx: AudioContext | null = null;
  private worker: Worker | null = null;
  private api: Comlink.Remote<AnalysisWorkerApi> | null = null;
  private tap: AudioWorkletNode | null = null;
  private source: OpenSource | null = null;

  constructor(private readonly onFrame: (frame: HologramFrame) => void) {}

  get running(): boolean {
    return this.source !== null;
  }

  async start(spec: SourceSpec, settings: AnalysisSettings): Promise<EngineInfo> {
    await this.stop();
    const ctx = new AudioContext({ latencyHint: 'interactive' });
    this.ctx = ctx;
    try {
      await ctx.audioWorklet.addModule(workletUrl);
      const worker = new Worker(new URL('../../workers/audio/worker.ts', import.meta.url), {
        type: 'module',
        name: 'holo-audio-analysis',
      });
      this.worker = worker;
      const api = Comlink.wrap<AnalysisWorkerApi>(worker);
      this.api = api;
      await api.configure({ ...settings, sampleRate: ctx.sampleRate, channels: 2 });
      await api.onFrame(Comlink.proxy((frame: HologramFrame) => this.onFrame(frame)));

      const shared = globalThis.crossOriginIsolated === true;
      const tapOptions: AudioWorkletNodeOptions = {
        numberOfInputs: 1,
        numberOfOutputs: 1,
        channelCount: 2,
        channelCountMode: 'explicit',
        channelInterpretation: 'speakers',
      };
      let tap: AudioWorkletNode;
      if (shared) {
        const ring = createPcmRing(ctx.sampleRate, 2);
        tap = new AudioWorkletNode(ctx, 'holo-pcm-tap', {
          ...tapOptions,
          processorOptions: { ring: ring.buffer },
        });
        await api.attachRing(ring.buffer);
      } else {
        tap = new AudioWorkletNode(ctx, 'holo-pcm-tap', {
          ...tapOptions,
          processorOptions: { batch: 512 },
        });
        const channel = new MessageChannel();
        const connect: PcmTapControl = { type: 'connect', port: channel.port1 };
        tap.port.postMessage(connect, [channel.port1]);
        await api.attachPort(Comlink.transfer(channel.port2, [channel.port2]));
      }
      // The tap writes no output; connecting it keeps the graph pulling it.
      tap.connect(ctx.destination);
      this.tap = tap;

      const source = await openSource(ctx, spec);
      source.node.connect(tap);
      if (source.audible) source.node.connect(ctx.destination);
      this.source = source;
      await ctx.resume();
      return {
        sampleRate: ctx.sampleRate,
        channels: source.channels,
        transport: shared ? 'shared-ring' : 'transfer',
      };
    } catch (err) {
      await this.stop();
      throw err;
    }
  }

  /**
   * The playing source as a MediaStream (for MediaRecorder), tapped from the audio graph so files
   * and demo signals record like the microphone; `release` disconnects the tap. Null when stopped.
   */
  captureStream(): { stream: MediaStream; release: () => void } | null {
    const ctx = this.ctx;
    const source = this.source;
    if (!ctx || !source) return null;
    const tap = ctx.createMediaStreamDestination();
    source.node.connect(tap);
    return { stream: tap.stream, release: () => source.node.disconnect(tap) };
  }

  async configure(settings: AnalysisSettings): Promise<void> {
    if (this.api && this.ctx) {
      await this.api.configure({ ...settings, sampleRate: this.ctx.sampleRate, channels: 2 });
    }
  }

  async stop(): Promise<void> {
    this.source?.stop();
    this.source = null;
    if (this.tap) {
      const stop: PcmTapControl = { type: 'stop' };
      this.tap.port.postMessage(stop);
      this.tap.disconnect();
      this.tap = null;
    }
    this.api?.[Comlink.releaseProxy]();
    this.api = null;
    this.worker?.terminate();
    this.worker = null;
    const ctx = this.ctx;
    this.ctx = null;
    if (ctx && ctx.state !== 'closed') await ctx.close();
  }
}
