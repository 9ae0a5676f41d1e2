// One camera session of hand tracking on the main thread, kept light: the camera plays in the
// preview <video>; on each new video frame (requestVideoFrameCallback) that frame is
// transferred to the hands worker unless a frame is still in flight there or the worker is
// resting (then it is dropped, see FrameGate: tracking takes at most 40 % of a core), and each
// result comes back to `onResult`. The worker (and its multi-MB model
// and wasm) is created on the first start only, and kept for the next one.
import { type Remote, transfer, wrap } from 'comlink';
import type { CustomGestureJSON } from '../../workers/gestures/custom.ts';
import type { FrameResult, HandsReady, HandsWorkerApi } from '../../workers/hands/api.ts';
import { FrameGate, type GateStats } from '../../workers/hands/frame-gate.ts';
import { openCamera } from './camera.ts';

/** Where the app serves the hand model and MediaPipe's wasm (scripts/models/vite-plugin.ts). */
declare const __HOLO_HAND_ASSETS__: { model: string; wasmBase: string };

const MAX_LATENCIES = 600;
/** Hand tracking may keep the worker busy this fraction of the time (see FrameGate). */
const TRACKER_DUTY = 0.4;

/**
 * The video's current frame for transfer: a VideoFrame wraps it without a copy (a few µs on the
 * main thread); createImageBitmap, where VideoFrame is missing, copies it.
 */
function grabFrame(video: HTMLVideoElement): Promise<VideoFrame | ImageBitmap> {
  if (typeof VideoFrame === 'function') return Promise.resolve(new VideoFrame(video));
  return createImageBitmap(video);
}

export class HandSession {
  private worker: Worker | null = null;
  private remote: Remote<HandsWorkerApi> | null = null;
  private ready: HandsReady | null = null;
  private stream: MediaStream | null = null;
  private gate = new FrameGate(1, TRACKER_DUTY);
  private frameRequest = 0;
  private running = false;
  private readonly latencies: number[] = [];

  constructor(
    private readonly video: HTMLVideoElement,
    private readonly onResult: (result: FrameResult) => void,
  ) {}

  /** Frames offered, sent and dropped in this session. */
  get frames(): GateStats {
    return this.gate.snapshot;
  }

  /** The landmarker's milliseconds for the session's latest tracked frames (up to 600). */
  get landmarkMs(): number[] {
    return [...this.latencies];
  }

  /**
   * Opens the camera (CameraError when that fails), then loads the tracker if it is not loaded
   * yet (`onLoading` is called first) and starts tracking.
   */
  async start(onLoading: () => void): Promise<HandsReady> {
    this.stream = await openCamera();
    try {
      this.video.srcObject = this.stream;
      await this.video.play();
      if (!this.ready) {
        onLoading();
        this.worker = new Worker(new URL('../../workers/hands/worker.ts', import.meta.url), {
          type: 'module',
          name: 'hands',
        });
        this.remote = wrap<HandsWorkerApi>(this.worker);
        this.ready = await this.remote.init({
          modelUrl: __HOLO_HAND_ASSETS__.model,
          wasmBase: __HOLO_HAND_ASSETS__.wasmBase,
        });
      }
    } catch (err) {
      this.stop();
      if (!this.ready) this.dispose();
      throw err;
    }
    this.gate = new FrameGate(1, TRACKER_DUTY);
    this.latencies.length = 0;
    this.running = true;
    this.requestFrame();
    return this.ready;
  }

  /** Replaces the custom gestures the worker recognises. */
  async setCustomGestures(json: CustomGestureJSON | null): Promise<void> {
    await this.remote?.setCustomGestures(json);
  }

  private requestFrame(): void {
    if (!this.running) return;
    this.frameRequest = this.video.requestVideoFrameCallback((now) => this.onFrame(now));
  }

  private onFrame(now: number): void {
    this.requestFrame();
    const remote = this.remote;
    if (!remote || !this.gate.offer(now)) return;
    const gate = this.gate;
    let busyMs = 0;
    grabFrame(this.video)
      .then((frame) => remote.process(transfer(frame, [frame]), now))
      .then((result) => {
        busyMs = result.landmarkMs + result.classifyMs;
        if (!result.skipped) {
          this.latencies.push(result.landmarkMs);
          if (this.latencies.length > MAX_LATENCIES) this.latencies.shift();
        }
        if (this.running) this.onResult(result);
      })
      .catch((err: unknown) => console.warn('hand tracking frame failed', err))
      .finally(() => gate.done(performance.now(), busyMs));
  }

  /** Stops the camera and tracking; the worker stays loaded for the next start. */
  stop(): void {
    this.running = false;
    this.video.cancelVideoFrameCallback(this.frameRequest);
    for (const track of this.stream?.getTracks() ?? []) track.stop();
    this.stream = null;
    this.video.srcObject = null;
    void this.remote?.reset();
  }

  /** Stops and ends the worker. */
  dispose(): void {
    this.stop();
    void this.remote?.close();
    this.worker?.terminate();
    this.worker = null;
    this.remote = null;
    this.ready = null;
  }
}
