// The frames and gesture events of one chunk, on the recording's clock, encoded as HGFR
// (docs/FRAMES.md) when the chunk closes. Pure: the recorder feeds it what the app bus publishes.
//
// The live analysis stamps frames with ms since *its* first sample; a recording starts later, so
// the first frame the recording sees fixes the offset, and every later frame is shifted by it.
// A frame out of time order (older than the previous one) is dropped rather than making the
// chunk unencodable. Gestures are placed at the time of the latest frame.
import {
  encodeFrames,
  type GestureEvent,
  MAX_FRAMES_PER_CHUNK,
  MAX_GESTURES_PER_CHUNK,
} from '../../workers/audio/frame-codec.ts';
import type { HologramFrame } from '../hologram/frame.ts';

/** Maps analyser times to the recording's clock (0 = the first frame the recording saw). */
export class RecordingClock {
  private origin: number | null = null;
  private last = 0;

  /** The recording-clock time of an analyser time; the first call fixes the origin. */
  toRecording(analyserMs: number): number {
    this.origin ??= analyserMs;
    const t = analyserMs - this.origin;
    this.last = Math.max(this.last, t);
    return t;
  }

  /** The latest recording-clock time seen: where the next chunk starts. */
  get latest(): number {
    return this.last;
  }

  /** Whether any frame has been seen yet. */
  get started(): boolean {
    return this.origin !== null;
  }
}

export class ChunkSpan {
  private readonly frames: HologramFrame[] = [];
  private readonly gestures: GestureEvent[] = [];

  /** `startMs`: where the chunk begins on the recording's clock. */
  constructor(
    private readonly clock: RecordingClock,
    readonly startMs: number,
  ) {}

  get frameCount(): number {
    return this.frames.length;
  }

  addFrame(frame: HologramFrame): void {
    const t = this.clock.toRecording(frame.t);
    const last = this.frames.at(-1);
    if (t < this.startMs || (last && t < last.t) || this.frames.length >= MAX_FRAMES_PER_CHUNK)
      return;
    this.frames.push({ t, left: frame.left, right: frame.right, pan: frame.pan });
  }

  /**
   * Takes a gesture recognised now: gestures come on the camera's clock, so the event is placed
   * at the latest audio frame's time (within a frame, ~17 ms, of when it was recognised).
   */
  addGesture(event: Omit<GestureEvent, 't'>): void {
    if (!this.clock.started || this.gestures.length >= MAX_GESTURES_PER_CHUNK) return;
    const t = Math.max(this.clock.latest, this.startMs);
    this.gestures.push({ ...event, t });
  }

  /** The chunk's HGFR bytes. */
  encode(): Uint8Array {
    return encodeFrames(this.frames, this.gestures, this.startMs);
  }
}
