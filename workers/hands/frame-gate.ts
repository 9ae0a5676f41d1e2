// Back-pressure for camera frames: at most `limit` frames are in flight to the hands worker, and
// after each one the worker is left idle for a while in proportion to how long it was busy, so
// that tracking uses at most `maxDuty` of a core (a slow machine tracks fewer frames per second
// and keeps room for rendering and audio; a fast one is still limited by the camera). A frame
// offered while the worker is busy or resting is dropped, and counted, instead of queued, so the
// landmarks always describe a recent frame.

export interface GateStats {
  offered: number;
  sent: number;
  dropped: number;
  inFlight: number;
}

export class FrameGate {
  private stats: GateStats = { offered: 0, sent: 0, dropped: 0, inFlight: 0 };
  private resumeAt = Number.NEGATIVE_INFINITY;

  constructor(
    readonly limit = 1,
    readonly maxDuty = 1,
  ) {}

  /** True when the frame offered at `now` (ms) may be sent (call `done` when its result arrives). */
  offer(now = 0): boolean {
    this.stats.offered++;
    if (this.stats.inFlight >= this.limit || now < this.resumeAt) {
      this.stats.dropped++;
      return false;
    }
    this.stats.inFlight++;
    this.stats.sent++;
    return true;
  }

  /** A sent frame's processing ended at `now`, after the worker was busy for `busyMs`. */
  done(now = 0, busyMs = 0): void {
    if (this.stats.inFlight > 0) this.stats.inFlight--;
    this.resumeAt = now + busyMs * (1 / this.maxDuty - 1);
  }

  get snapshot(): GateStats {
    return { ...this.stats };
  }
}
