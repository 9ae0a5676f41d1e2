// Which MediaPipe delegate to ask for first. The GPU delegate pays off on a real GPU; on a
// software WebGL (SwiftShader, llvmpipe, as in headless browsers and GPU-less machines) it is
// slower than XNNPACK on the CPU and competes with rendering, so 'auto' picks the CPU there.
import type { Delegate } from './api.ts';

const SOFTWARE_RENDERERS = /swiftshader|llvmpipe|softpipe|software|microsoft basic render/i;

export interface DelegateChoice {
  /** Delegates to try, in order (the CPU always comes last as the fallback). */
  order: Delegate[];
  /** Why the GPU is not tried, when it is not. */
  reason?: string;
}

export function chooseDelegates(requested: Delegate | 'auto', renderer: string): DelegateChoice {
  if (requested === 'CPU') return { order: ['CPU'], reason: 'the CPU was asked for' };
  if (!renderer) return { order: ['CPU'], reason: 'no WebGL2 in this worker' };
  if (requested === 'auto' && SOFTWARE_RENDERERS.test(renderer))
    return { order: ['CPU'], reason: `software WebGL (${renderer})` };
  return { order: ['GPU', 'CPU'] };
}
