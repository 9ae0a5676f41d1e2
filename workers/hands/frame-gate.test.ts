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
});
