// The object worker.ts exposes over Comlink (kept apart from worker.ts so it runs in Node
// tests): one HologramAnalyser, fed either by `push` (frames returned) or by live input from
// the AudioWorklet (frames sent to the `onFrame` callback); frames are handed over by transfer.
import { transfer } from 'comlink';
import { HologramAnalyser } from './analyser.ts';
import type { AnalysisWorkerApi } from './api.ts';
import { createFrame, type HologramFrame } from './frame.ts';
import { LiveInput } from './live.ts';

export function createAnalysisService(): AnalysisWorkerApi {
  let analyser: HologramAnalyser | null = null;
  let onFrame: ((frame: HologramFrame) => void) | null = null;
  let framesProduced = 0;
  const configured = () => {
    if (!analyser) throw new Error('analysis worker: configure() must come first');
    return analyser;
  };
  /** Feeds a block and collects the frames it completed, each in its own buffer. */
  const analyse = (left: Float32Array, right?: Float32Array): HologramFrame[] => {
    const a = configured();
    a.push(left, right);
    const frames: HologramFrame[] = [];
    for (let out = createFrame(); a.pull(out); out = createFrame()) frames.push(out);
    framesProduced += frames.length;
    return frames;
  };
  const live = new LiveInput((left, right) => {
    if (!analyser) return;
    for (const frame of analyse(left, analyser.options.channels === 2 ? right : undefined)) {
      onFrame?.(transfer(frame, [frame.left.buffer]));
    }
  });

  return {
    configure(config) {
      analyser = new HologramAnalyser(config);
      return [...analyser.bands];
    },
    push(left, right) {
      const frames = analyse(left, right);
      return transfer(
        frames,
        frames.map((f) => f.left.buffer),
      );
    },
    reset() {
      configured().reset();
    },
    onFrame(callback) {
      onFrame = callback;
    },
    attachRing: (ring) => live.attachRing(ring),
    attachPort: (port) => live.attachPort(port),
    detach: () => live.detach(),
    stats: () => ({
      framesProduced,
      samplesRead: live.samplesRead,
      samplesDropped: live.samplesDropped,
    }),
  };
}
