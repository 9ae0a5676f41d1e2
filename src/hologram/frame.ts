// The hologram frame as the scene takes it: the shared type and constants come from the
// analysis (workers/audio/frame.ts); the scene adds copies that check what callers push.

import { BANDS, type HologramFrame } from '../../workers/audio/frame.ts';

export {
  BANDS,
  createFrame,
  DB_FLOOR,
  DB_TOP,
  type HologramFrame,
} from '../../workers/audio/frame.ts';

/**
 * The first BANDS values of a frame's array: the array itself when it has exactly BANDS (no
 * allocation), a view when longer; throws when shorter.
 */
export function bandsOf(values: Float32Array): Float32Array {
  if (values.length === BANDS) return values;
  if (values.length < BANDS) {
    throw new RangeError(`a HologramFrame array has ${values.length} values, expected ${BANDS}`);
  }
  return values.subarray(0, BANDS);
}

/** Copies `from` into `to`, allocating nothing when `from`'s arrays have exactly BANDS values. */
export function copyFrame(from: HologramFrame, to: HologramFrame): void {
  to.left.set(bandsOf(from.left));
  to.right.set(bandsOf(from.right));
  to.pan.set(bandsOf(from.pan));
  to.t = from.t;
}
