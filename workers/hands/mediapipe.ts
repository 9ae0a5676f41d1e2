// The LandmarkerFactory for the browser: MediaPipe's HandLandmarker from the pinned
// @mediapipe/tasks-vision, its wasm loaded as an ES module (the only kind a module worker can
// load), the model and wasm from the URLs the app serves itself. The GPU delegate is tried
// first when WebGL2 runs on real hardware, the CPU (XNNPACK) otherwise or when the GPU fails.
import { FilesetResolver, HandLandmarker } from '@mediapipe/tasks-vision';
import { chooseDelegates } from './delegate.ts';
import type { LandmarkerFactory } from './tracker.ts';

/** The WebGL2 renderer string seen from this worker, or '' without WebGL2. */
export function webglRenderer(): string {
  if (typeof OffscreenCanvas === 'undefined') return '';
  const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
  if (!gl) return '';
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return renderer;
}

export const createMediapipeLandmarker: LandmarkerFactory = async (init) => {
  const renderer = webglRenderer();
  const choice = chooseDelegates(init.delegate ?? 'auto', renderer);
  const fileset = await FilesetResolver.forVisionTasks(init.wasmBase, true);
  let gpuError = '';
  for (const delegate of choice.order) {
    try {
      const landmarker = await HandLandmarker.createFromOptions(fileset, {
        baseOptions: { modelAssetPath: init.modelUrl, delegate },
        runningMode: 'VIDEO',
        numHands: init.numHands ?? 2,
      });
      const fallbackReason =
        delegate === 'CPU' ? (choice.reason ?? `the GPU delegate failed: ${gpuError}`) : undefined;
      return { landmarker, ready: { delegate, renderer, fallbackReason } };
    } catch (err) {
      if (delegate === 'CPU') throw err;
      gpuError = err instanceof Error ? err.message : String(err);
    }
  }
  throw new Error('no delegate to try');
};
