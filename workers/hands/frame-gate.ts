// Back-pressure for camera frames: at most `limit` frames are in flight to the hands worker;
// a frame offered while it is busy is dropped (and counted) instead of queued, so the landmarks
// always describe a recent frame and a slow machine just tracks at a lower rate.

export interface GateStats {
  offered: number;
  sent: number;
  dropped: number;
  inFlight: number;
}

export class FrameGate {
  private stats: GateStats = { offered: 0, sent: 0, dropped: 0, inFlight: 0 };

  constructor(readonly limit = 1) {}

  /** True when the frame may be sent now (call `done` when its result arrives). */
  offer(): boolean {
    this.stats.offered++;
    if (this.stats.inFlight >= this.limit) {
      this.stats.dropped++;
      return false;
    }
    this.stats.inFlight++;
    this.stats.sent++;
    return true;
  }

  /** A sent frame's processing ended (with a result or an error). */
  done(): void {
    if (this.stats.inFlight > 0) this.stats.inFlight--;
  }

  get snapshot(): GateStats {
    return { ...this.stats };
  }
}
