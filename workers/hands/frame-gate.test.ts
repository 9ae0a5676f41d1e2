import { describe, expect, it } from 'vitest';
import { FrameGate } from './frame-gate.ts';

describe('FrameGate', () => {
  it('lets one frame through at a time and counts the dropped ones', () => {
    const gate = new FrameGate();
    expect(gate.offer()).toBe(true);
    expect(gate.offer()).toBe(false);
    expect(gate.offer()).toBe(false);
    gate.done();
    expect(gate.offer()).toBe(true);
    expect(gate.snapshot).toEqual({ offered: 4, sent: 2, dropped: 2, inFlight: 1 });
  });

  it('allows a deeper pipeline and never goes below zero in flight', () => {
    const gate = new FrameGate(2);
    expect([gate.offer(), gate.offer(), gate.offer()]).toEqual([true, true, false]);
    gate.done();
    gate.done();
    gate.done();
    expect(gate.snapshot.inFlight).toBe(0);
  });

  it('rests the worker in proportion to its work, keeping it busy at most maxDuty', () => {
    const gate = new FrameGate(1, 0.5);
    expect(gate.offer(0)).toBe(true);
    gate.done(100, 80); // busy 80 ms: rest 80 ms, until 180
    expect(gate.offer(150)).toBe(false);
    expect(gate.offer(180)).toBe(true);
    gate.done(200, 10); // a fast frame: rest 10 ms
    expect(gate.offer(205)).toBe(false);
    expect(gate.offer(211)).toBe(true);
    expect(gate.snapshot).toEqual({ offered: 5, sent: 3, dropped: 2, inFlight: 1 });
  });
});
