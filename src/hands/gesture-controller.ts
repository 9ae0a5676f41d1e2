// Between the hands worker and the rest of the app: every gesture event of a tracked frame is
// published on the app bus (the recorder keeps them) and, when the mapping gives it an action,
// dispatched as that action with source 'gesture'. The mapper follows all actions on the bus
// so its toggles know the current state. Plain module: the bus is given, tests use their own.
import type { FrameResult, GestureEvent } from '../../workers/hands/api.ts';
import type { AppAction, AppBus } from '../app/app-bus.ts';
import { GestureMapper, type GestureMapping } from './mapping.ts';

export interface HandledGesture {
  event: GestureEvent;
  action: AppAction | null;
}

export class GestureController {
  readonly mapper: GestureMapper;
  private readonly unsubscribe: () => void;
  private readonly resultTimes: number[] = [];

  constructor(
    private readonly bus: AppBus,
    mapping?: GestureMapping,
  ) {
    this.mapper = new GestureMapper(mapping);
    this.unsubscribe = bus.onAction(({ action }) => this.mapper.observe(action));
  }

  /** Publishes and maps the frame's events; returns what was done with each. */
  handle(result: FrameResult): HandledGesture[] {
    if (!result.skipped) {
      this.resultTimes.push(result.t);
      while ((this.resultTimes[0] ?? result.t) < result.t - 1000) this.resultTimes.shift();
    }
    return result.events.map((event) => {
      this.bus.publishGesture(event);
      const action = this.mapper.map(event);
      if (action) this.bus.dispatch(action, 'gesture');
      return { event, action };
    });
  }

  /** Frames tracked during the last second of camera time. */
  get trackedFps(): number {
    return this.resultTimes.length;
  }

  dispose(): void {
    this.unsubscribe();
  }
}
