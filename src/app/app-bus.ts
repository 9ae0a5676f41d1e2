// The app's one meeting point between features that must not import each other: Tria, hand
// gestures and the recorder ask for actions (rotate the view, start recording, …) and <holo-live>
// carries out the view ones; the live view publishes every analysed frame, so the recorder can
// keep it and Tria can name the note playing now. One instance per page (`appBus`); tests make
// their own.
import type { GestureEvent } from '../../workers/hands/api.ts';
import type { TriaAction } from '../../workers/tria/actions.ts';
import type { HologramFrame } from '../hologram/frame.ts';

/** Everything a feature may ask the app to do: Tria's actions plus the gesture-only ones. */
export type AppAction =
  | TriaAction
  /** Raise (> 0) or lower the display gain, in dB. */
  | { type: 'sensitivity'; deltaDb: number };

/** Where an action came from, shown as feedback and kept in logs. */
export type ActionSource = 'tria' | 'gesture' | 'keyboard' | 'ui';

export interface ActionRequest {
  readonly action: AppAction;
  readonly source: ActionSource;
}

export class AppBus {
  private readonly actionHandlers = new Set<(request: ActionRequest) => void>();
  private readonly frameHandlers = new Set<(frame: HologramFrame) => void>();
  private readonly gestureHandlers = new Set<(event: GestureEvent) => void>();
  private latest: HologramFrame | null = null;
  private readonly recordingHandlers = new Set<(on: boolean) => void>();
  private recordingOn = false;

  /** Whether the recorder is recording now, as it last said (false until it says otherwise). */
  get recording(): boolean {
    return this.recordingOn;
  }

  /** Called by the recorder when it starts (true) or stops (false) recording. */
  setRecording(on: boolean): void {
    if (on === this.recordingOn) return;
    this.recordingOn = on;
    for (const handler of this.recordingHandlers) handler(on);
  }

  /** Subscribes to changes of the recording state; the returned function unsubscribes. */
  onRecording(handler: (on: boolean) => void): () => void {
    this.recordingHandlers.add(handler);
    return () => this.recordingHandlers.delete(handler);
  }

  /** The most recent frame of the live view, or null before the first one. */
  get latestFrame(): HologramFrame | null {
    return this.latest;
  }

  /** Asks every subscriber to carry out `action`; returns how many handlers received it. */
  dispatch(action: AppAction, source: ActionSource): number {
    const request = { action, source };
    for (const handler of this.actionHandlers) handler(request);
    return this.actionHandlers.size;
  }

  /** Subscribes to actions; the returned function unsubscribes. */
  onAction(handler: (request: ActionRequest) => void): () => void {
    this.actionHandlers.add(handler);
    return () => this.actionHandlers.delete(handler);
  }

  /** Called by the live view for every analysed frame. */
  publishFrame(frame: HologramFrame): void {
    this.latest = frame;
    for (const handler of this.frameHandlers) handler(frame);
  }

  /** Forgets the latest frame (the live source stopped). */
  clearFrame(): void {
    this.latest = null;
  }

  /** Subscribes to live frames; the returned function unsubscribes. */
  onFrame(handler: (frame: HologramFrame) => void): () => void {
    this.frameHandlers.add(handler);
    return () => this.frameHandlers.delete(handler);
  }

  /** Called by the gesture panel for every recognised gesture (the recorder keeps them). */
  publishGesture(event: GestureEvent): void {
    for (const handler of this.gestureHandlers) handler(event);
  }

  /** Subscribes to recognised gestures; the returned function unsubscribes. */
  onGesture(handler: (event: GestureEvent) => void): () => void {
    this.gestureHandlers.add(handler);
    return () => this.gestureHandlers.delete(handler);
  }
}

/** The page's bus. */
export const appBus = new AppBus();
