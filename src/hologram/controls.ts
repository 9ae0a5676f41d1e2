// What keys, drags, wheels and pinches mean for the camera, as plain numbers, so the mapping is
// tested without a browser; orbit-input.ts feeds DOM events through these.

/** Radians one arrow-key press turns the view. */
export const KEY_ROTATE_STEP = Math.PI / 24;

/** Zoom factor of one +/− key press. */
export const KEY_ZOOM_STEP = 1.15;

/** Radians a drag across the element's full height turns the view. */
export const DRAG_RADIANS_PER_HEIGHT = Math.PI;

export type ViewAction =
  | { readonly kind: 'rotate'; readonly yaw: number; readonly pitch: number }
  | { readonly kind: 'zoom'; readonly factor: number }
  | { readonly kind: 'reset' };

const KEY_ACTIONS: Readonly<Record<string, ViewAction>> = {
  ArrowLeft: { kind: 'rotate', yaw: -KEY_ROTATE_STEP, pitch: 0 },
  ArrowRight: { kind: 'rotate', yaw: KEY_ROTATE_STEP, pitch: 0 },
  ArrowUp: { kind: 'rotate', yaw: 0, pitch: KEY_ROTATE_STEP },
  ArrowDown: { kind: 'rotate', yaw: 0, pitch: -KEY_ROTATE_STEP },
  '+': { kind: 'zoom', factor: KEY_ZOOM_STEP },
  '=': { kind: 'zoom', factor: KEY_ZOOM_STEP },
  '-': { kind: 'zoom', factor: 1 / KEY_ZOOM_STEP },
  _: { kind: 'zoom', factor: 1 / KEY_ZOOM_STEP },
  '0': { kind: 'reset' },
};

/** The action of a `KeyboardEvent.key`, or null for keys the scene leaves alone. */
export function keyAction(key: string): ViewAction | null {
  return Object.hasOwn(KEY_ACTIONS, key) ? (KEY_ACTIONS[key] ?? null) : null;
}

/** Rotation for a pointer drag of (dx, dy) CSS pixels on an element `height` pixels tall. */
export function dragRotation(dx: number, dy: number, height: number): [number, number] {
  const perPixel = DRAG_RADIANS_PER_HEIGHT / Math.max(height, 1);
  return [-dx * perPixel, dy * perPixel];
}

/** Pixels per wheel "line" and "page" (WheelEvent.deltaMode 1 and 2). */
const WHEEL_MODE_PIXELS = [1, 16, 400] as const;

/** Zoom factor of a wheel turn: scrolling down (positive deltaY) moves away. */
export function wheelZoomFactor(deltaY: number, deltaMode = 0): number {
  const pixels = deltaY * (WHEEL_MODE_PIXELS[deltaMode] ?? 1);
  return Math.exp(-pixels * 0.002);
}

/** Zoom factor of a pinch whose fingers moved from `before` to `after` pixels apart. */
export function pinchZoomFactor(before: number, after: number): number {
  return before > 0 && after > 0 ? after / before : 1;
}
