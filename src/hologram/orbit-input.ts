// Turns pointer, wheel and keyboard events on the scene element into camera moves: one pointer
// (mouse or finger) drags to rotate, two fingers pinch to zoom, the wheel zooms, and the keys
// of controls.ts rotate, zoom and reset. Keys with Ctrl, Alt or Meta stay the browser's
// (Ctrl + 0 still resets the page zoom).
import { dragRotation, keyAction, pinchZoomFactor, wheelZoomFactor } from './controls.ts';

export interface ViewMoves {
  rotateBy(yawRad: number, pitchRad: number): void;
  zoomBy(factor: number): void;
  resetView(): void;
}

interface Point {
  x: number;
  y: number;
}

export class OrbitInput {
  private readonly pointers = new Map<number, Point>();

  constructor(
    private readonly element: HTMLElement,
    private readonly moves: ViewMoves,
  ) {
    element.addEventListener('pointerdown', this.onPointerDown);
    element.addEventListener('pointermove', this.onPointerMove);
    element.addEventListener('pointerup', this.onPointerEnd);
    element.addEventListener('pointercancel', this.onPointerEnd);
    element.addEventListener('lostpointercapture', this.onPointerEnd);
    element.addEventListener('wheel', this.onWheel, { passive: false });
    element.addEventListener('keydown', this.onKeyDown);
  }

  dispose(): void {
    const e = this.element;
    e.removeEventListener('pointerdown', this.onPointerDown);
    e.removeEventListener('pointermove', this.onPointerMove);
    e.removeEventListener('pointerup', this.onPointerEnd);
    e.removeEventListener('pointercancel', this.onPointerEnd);
    e.removeEventListener('lostpointercapture', this.onPointerEnd);
    e.removeEventListener('wheel', this.onWheel);
    e.removeEventListener('keydown', this.onKeyDown);
    this.pointers.clear();
  }

  private spread(): number {
    const [a, b] = [...this.pointers.values()];
    return a && b ? Math.hypot(a.x - b.x, a.y - b.y) : 0;
  }

  private readonly onPointerDown = (e: PointerEvent): void => {
    if (e.pointerType === 'mouse' && e.button !== 0) return;
    this.pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
    this.element.setPointerCapture?.(e.pointerId);
  };

  private readonly onPointerMove = (e: PointerEvent): void => {
    const last = this.pointers.get(e.pointerId);
    if (!last) return;
    e.preventDefault();
    if (this.pointers.size === 1) {
      const [yaw, pitch] = dragRotation(
        e.clientX - last.x,
        e.clientY - last.y,
        this.element.clientHeight,
      );
      last.x = e.clientX;
      last.y = e.clientY;
      this.moves.rotateBy(yaw, pitch);
      return;
    }
    const before = this.spread();
    last.x = e.clientX;
    last.y = e.clientY;
    this.moves.zoomBy(pinchZoomFactor(before, this.spread()));
  };

  private readonly onPointerEnd = (e: PointerEvent): void => {
    this.pointers.delete(e.pointerId);
  };

  private readonly onWheel = (e: WheelEvent): void => {
    e.preventDefault();
    this.moves.zoomBy(wheelZoomFactor(e.deltaY, e.deltaMode));
  };

  private readonly onKeyDown = (e: KeyboardEvent): void => {
    if (e.ctrlKey || e.altKey || e.metaKey) return;
    const action = keyAction(e.key);
    if (!action) return;
    e.preventDefault();
    if (action.kind === 'rotate') this.moves.rotateBy(action.yaw, action.pitch);
    else if (action.kind === 'zoom') this.moves.zoomBy(action.factor);
    else this.moves.resetView();
  };
}
