// The camera orbits a fixed target: yaw around the vertical (pitch) axis, pitch above or below
// the horizon, and a distance. Changes apply at once (no easing, no inertia), so the view only
// ever moves when the user or a caller moves it.

export interface ViewState {
  /** Radians around the Y axis; 0 looks at the hologram from the front (+z), −π…π. */
  yaw: number;
  /** Radians above (+) or below (−) the horizon, within ±PITCH_LIMIT. */
  pitch: number;
  /** Distance from the target in world units, MIN_DISTANCE…MAX_DISTANCE. */
  distance: number;
}

export const DEFAULT_VIEW: Readonly<ViewState> = { yaw: 0.65, pitch: 0.3, distance: 4 };

export const PITCH_LIMIT = 1.45;
export const MIN_DISTANCE = 1.5;
export const MAX_DISTANCE = 14;

function wrapAngle(a: number): number {
  const t = (a + Math.PI) % (2 * Math.PI);
  return (t < 0 ? t + 2 * Math.PI : t) - Math.PI;
}

const clamp = (v: number, lo: number, hi: number): number => (v < lo ? lo : v > hi ? hi : v);

/** Turns the view in place; returns whether it changed. */
export function rotateView(view: ViewState, yawRad: number, pitchRad: number): boolean {
  if (!Number.isFinite(yawRad) || !Number.isFinite(pitchRad)) return false;
  const yaw = wrapAngle(view.yaw + yawRad);
  const pitch = clamp(view.pitch + pitchRad, -PITCH_LIMIT, PITCH_LIMIT);
  const changed = yaw !== view.yaw || pitch !== view.pitch;
  view.yaw = yaw;
  view.pitch = pitch;
  return changed;
}

/** Zooms in place: factor > 1 moves closer (magnifies), < 1 moves away; returns whether it changed. */
export function zoomView(view: ViewState, factor: number): boolean {
  if (!(factor > 0) || !Number.isFinite(factor)) return false;
  const distance = clamp(view.distance / factor, MIN_DISTANCE, MAX_DISTANCE);
  const changed = distance !== view.distance;
  view.distance = distance;
  return changed;
}

/** Puts the default view back in place; returns whether it changed. */
export function resetView(view: ViewState): boolean {
  const changed =
    view.yaw !== DEFAULT_VIEW.yaw ||
    view.pitch !== DEFAULT_VIEW.pitch ||
    view.distance !== DEFAULT_VIEW.distance;
  Object.assign(view, DEFAULT_VIEW);
  return changed;
}

export interface Vec3Like {
  x: number;
  y: number;
  z: number;
}

/** Writes the camera position for a view around `target` into `out`. */
export function cameraPosition(view: ViewState, target: Vec3Like, out: Vec3Like): void {
  const flat = view.distance * Math.cos(view.pitch);
  out.x = target.x + flat * Math.sin(view.yaw);
  out.y = target.y + view.distance * Math.sin(view.pitch);
  out.z = target.z + flat * Math.cos(view.yaw);
}
