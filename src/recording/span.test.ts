// A chunk's frames on the recording's clock: the first frame fixes time 0, later chunks start
// where the previous ended, out-of-order frames are dropped, and the bytes decode back.
import { describe, expect, it } from 'vitest';
import { decodeFrames } from '../../workers/audio/frame-codec.ts';
import { createFrame, type HologramFrame } from '../hologram/frame.ts';
import { ChunkSpan, RecordingClock } from './span.ts';

function frame(t: number, level: number): HologramFrame {
  const f = createFrame();
  f.t = t;
  f.left.fill(level);
  f.right.fill(level - 6);
  f.pan.fill(0.5);
  return f;
}

describe('ChunkSpan', () => {
  it('rebases analyser times on the first frame and encodes each span on its own', () => {
    const clock = new RecordingClock();
    const first = new ChunkSpan(clock, 0);
    for (let i = 0; i < 5; i++) first.addFrame(frame(10_000 + i * 16.5, -20));
    const second = new ChunkSpan(clock, clock.latest);
    for (let i = 5; i < 8; i++) second.addFrame(frame(10_000 + i * 16.5, -30));

    const a = decodeFrames(first.encode());
    expect(a.startMs).toBe(0);
    expect(a.frames.map((f) => f.t)).toEqual([0, 16.5, 33, 49.5, 66]);
    expect(a.frames[0]?.left[57]).toBe(-20);
    const b = decodeFrames(second.encode());
    expect(b.startMs).toBe(66);
    expect(b.frames.map((f) => f.t)).toEqual([82.5, 99, 115.5]);
    expect(b.frames[2]?.right[0]).toBe(-36);
    expect(b.gestures).toEqual([]);
  });

  it('drops frames older than the previous one or than the chunk start', () => {
    const clock = new RecordingClock();
    const span = new ChunkSpan(clock, 0);
    span.addFrame(frame(500, -10));
    span.addFrame(frame(520, -10));
    span.addFrame(frame(510, -10));
    span.addFrame(frame(400, -10));
    expect(span.frameCount).toBe(2);
    expect(decodeFrames(span.encode()).frames.map((f) => f.t)).toEqual([0, 20]);
  });

  it('places gestures at the latest frame, and none before the first frame', () => {
    const clock = new RecordingClock();
    const span = new ChunkSpan(clock, 0);
    span.addGesture({ gesture: 'open', confidence: 1, hand: 'left' });
    span.addFrame(frame(100, -10));
    span.addFrame(frame(140, -10));
    span.addGesture({ gesture: 'fist', confidence: 0.8, hand: 'right' });
    const decoded = decodeFrames(span.encode());
    expect(decoded.gestures).toHaveLength(1);
    expect(decoded.gestures[0]).toMatchObject({ t: 40, gesture: 'fist', hand: 'right' });
    expect(decoded.gestures[0]?.confidence).toBeCloseTo(0.8, 2);
  });

  it('encodes an empty span as a valid 20-byte chunk', () => {
    const span = new ChunkSpan(new RecordingClock(), 4000);
    const bytes = span.encode();
    expect(bytes.byteLength).toBe(20);
    expect(decodeFrames(bytes).startMs).toBe(4000);
  });
});
