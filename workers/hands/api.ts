// The hands worker's interface (Comlink) and the values it returns: tracked hands with their
// landmarks in the user's mirrored ("selfie") view, their smoothed pose, and gesture events.
import type { CustomGestureJSON } from '../gestures/custom.ts';
import type { Handedness, Landmark } from '../gestures/landmarks.ts';

/** What a recording keeps and the app maps to actions: one recognised gesture. */
export interface GestureEvent {
  /** Milliseconds on the camera's clock (the frame's timestamp). */
  t: number;
  /** A static pose ('open', 'fist', 'pinch', 'point', 'victory', 'thumbs-up'), a dynamic one
   * ('swipe-left|right|up|down', 'pinch-drag', 'spread', 'squeeze') or a custom gesture name. */
  gesture: string;
  /** 0…1. */
  confidence: number;
  /** Which of the user's hands; 'both' for two-hand gestures. */
  hand: Handedness | 'both';
  /** Pinch-drag only: motion of the pinch point since the last frame, in frame units (mirrored
   * view: +x to the user's right, +y down). */
  dx?: number;
  dy?: number;
}

export interface TrackedHand {
  handedness: Handedness;
  /** MediaPipe's handedness score, 0…1. */
  score: number;
  /** 21 landmarks, x and y in 0…1 of the mirrored frame. */
  landmarks: Landmark[];
  /** The smoothed static pose of this hand ('none' when unsure). */
  pose: string;
  poseConfidence: number;
}

export interface FrameResult {
  t: number;
  hands: TrackedHand[];
  events: GestureEvent[];
  /** Milliseconds the landmarker took for this frame. */
  landmarkMs: number;
  /** Milliseconds the classifier (poses, dynamics, custom) took. */
  classifyMs: number;
  /** Set when the frame was not tracked: the tracker was not ready, or `t` went backwards. */
  skipped?: 'not-ready' | 'out-of-order';
}

export type Delegate = 'GPU' | 'CPU';

export interface HandsInit {
  /** URL of the hand_landmarker.task bundle. */
  modelUrl: string;
  /** Folder with vision_wasm_module_internal.{js,wasm}. */
  wasmBase: string;
  /** 'auto' (default): the GPU unless WebGL is software-only, falling back to the CPU. */
  delegate?: Delegate | 'auto';
  /** Up to this many hands (default 2). */
  numHands?: number;
  /** Mirror x and handedness into the user's view (default true: a front camera). */
  mirror?: boolean;
}

export interface HandsReady {
  delegate: Delegate;
  /** Why the GPU was not used, when it was not. */
  fallbackReason?: string;
  /** WebGL renderer the choice was based on ('' when WebGL is unavailable). */
  renderer: string;
  loadMs: number;
}

export interface HandsWorkerApi {
  init(options: HandsInit): Promise<HandsReady>;
  /** Tracks one frame (transferred; the worker closes it) taken at `t` ms. */
  process(frame: ImageBitmap | VideoFrame, t: number): FrameResult;
  /** Replaces the custom gestures (from IndexedDB / the API). */
  setCustomGestures(json: CustomGestureJSON | null): void;
  /** Forgets tracking state (camera turned off). */
  reset(): void;
  close(): void;
}
