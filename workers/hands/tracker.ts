// The hands worker's service: a HandLandmarker in VIDEO mode (made by the factory it is given)
// feeding the gesture pipeline. Each frame is closed as soon as the landmarker has read it;
// frames whose timestamps do not increase (MediaPipe refuses them) are skipped, not queued.
import type { CustomGestureJSON } from '../gestures/custom.ts';
import type { FrameResult, HandsInit, HandsReady, HandsWorkerApi, TrackedHand } from './api.ts';
import { GesturePipeline } from './pipeline.ts';
import { type LandmarkerOutput, toHands } from './result.ts';

export interface Landmarker {
  detectForVideo(frame: ImageBitmap | VideoFrame, timestamp: number): LandmarkerOutput;
  close(): void;
}

export type LandmarkerFactory = (
  init: HandsInit,
) => Promise<{ landmarker: Landmarker; ready: Omit<HandsReady, 'loadMs'> }>;

export function createHandTracker(factory: LandmarkerFactory): HandsWorkerApi {
  let landmarker: Landmarker | null = null;
  let mirror = true;
  let lastT = Number.NEGATIVE_INFINITY;
  const pipeline = new GesturePipeline();

  const skip = (t: number, skipped: FrameResult['skipped']): FrameResult => ({
    t,
    hands: [],
    events: [],
    landmarkMs: 0,
    classifyMs: 0,
    skipped,
  });

  return {
    async init(options) {
      const started = performance.now();
      landmarker?.close();
      landmarker = null;
      const made = await factory(options);
      landmarker = made.landmarker;
      mirror = options.mirror ?? true;
      lastT = Number.NEGATIVE_INFINITY;
      pipeline.reset();
      return { ...made.ready, loadMs: performance.now() - started };
    },

    process(frame, t) {
      try {
        if (!landmarker) return skip(t, 'not-ready');
        if (!(t > lastT)) return skip(t, 'out-of-order');
        lastT = t;
        const t0 = performance.now();
        const output = landmarker.detectForVideo(frame, t);
        const t1 = performance.now();
        const found = toHands(output, mirror);
        const { events, poses } = pipeline.push(t, found);
        const hands: TrackedHand[] = found.map((h, i) => ({
          handedness: h.handedness,
          score: h.score,
          landmarks: h.landmarks,
          pose: poses[i]?.pose ?? 'none',
          poseConfidence: poses[i]?.confidence ?? 0,
        }));
        const t2 = performance.now();
        return { t, hands, events, landmarkMs: t1 - t0, classifyMs: t2 - t1 };
      } finally {
        frame.close();
      }
    },

    setCustomGestures(json: CustomGestureJSON | null) {
      pipeline.setCustomGestures(json);
    },

    reset() {
      pipeline.reset();
    },

    close() {
      landmarker?.close();
      landmarker = null;
    },
  };
}
