// Scene actions Tria proposes and the client carries out. The local engine and the Mistral path
// (tool calls) produce the same objects; isTriaAction checks one that arrives as untyped JSON.

export type TriaAction =
  /** Turn the view: yaw > 0 to the right, pitch > 0 upwards, in degrees. */
  | { type: 'rotate'; yawDeg: number; pitchDeg: number }
  /** Multiply the zoom: > 1 closer, < 1 further away. */
  | { type: 'zoom'; factor: number }
  | { type: 'reset-view' }
  | { type: 'history'; on: boolean }
  | { type: 'colour-scheme'; scheme: 'next' }
  | { type: 'start-recording' }
  | { type: 'stop-recording' }
  | { type: 'open-hologram'; id: string }
  | { type: 'find-similar'; id: string };

export type TriaActionType = TriaAction['type'];

/** The actions that change the view (the "view" intent). */
export type ViewAction = Extract<
  TriaAction,
  { type: 'rotate' | 'zoom' | 'reset-view' | 'history' | 'colour-scheme' }
>;

/** Largest rotation one action may ask for, either way, in degrees. */
export const MAX_ROTATE_DEG = 360;
/** Zoom factors outside [1 / MAX_ZOOM, MAX_ZOOM] are refused. */
export const MAX_ZOOM = 10;

const isRecord = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);
const isAngle = (x: unknown): boolean =>
  typeof x === 'number' && Number.isFinite(x) && Math.abs(x) <= MAX_ROTATE_DEG;
const isId = (x: unknown): boolean => typeof x === 'string' && x.length > 0 && x.length <= 200;
const only = (x: Record<string, unknown>, keys: string[]): boolean =>
  Object.keys(x).every((k) => k === 'type' || keys.includes(k));

/** True when `x` is a well-formed TriaAction with no extra fields. */
export function isTriaAction(x: unknown): x is TriaAction {
  if (!isRecord(x)) return false;
  switch (x.type) {
    case 'rotate':
      return only(x, ['yawDeg', 'pitchDeg']) && isAngle(x.yawDeg) && isAngle(x.pitchDeg);
    case 'zoom':
      return (
        only(x, ['factor']) &&
        typeof x.factor === 'number' &&
        x.factor >= 1 / MAX_ZOOM &&
        x.factor <= MAX_ZOOM
      );
    case 'history':
      return only(x, ['on']) && typeof x.on === 'boolean';
    case 'colour-scheme':
      return only(x, ['scheme']) && x.scheme === 'next';
    case 'open-hologram':
    case 'find-similar':
      return only(x, ['id']) && isId(x.id);
    case 'reset-view':
    case 'start-recording':
    case 'stop-recording':
      return only(x, []);
    default:
      return false;
  }
}
