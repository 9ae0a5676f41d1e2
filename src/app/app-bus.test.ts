import { describe, expect, it, vi } from 'vitest';
import { AppBus } from './app-bus.ts';

const frame = { t: 1 } as unknown as Parameters<AppBus['publishFrame']>[0];

describe('AppBus', () => {
  it('delivers an action with its source to every subscriber until it unsubscribes', () => {
    const bus = new AppBus();
    const a = vi.fn();
    const b = vi.fn();
    const offA = bus.onAction(a);
    bus.onAction(b);
    expect(bus.dispatch({ type: 'zoom', factor: 2 }, 'tria')).toBe(2);
    expect(a).toHaveBeenCalledWith({ action: { type: 'zoom', factor: 2 }, source: 'tria' });
    offA();
    expect(bus.dispatch({ type: 'reset-view' }, 'gesture')).toBe(1);
    expect(a).toHaveBeenCalledTimes(1);
    expect(b).toHaveBeenCalledTimes(2);
  });

  it('keeps the latest frame and forwards frames to subscribers', () => {
    const bus = new AppBus();
    expect(bus.latestFrame).toBeNull();
    const seen = vi.fn();
    const off = bus.onFrame(seen);
    bus.publishFrame(frame);
    expect(bus.latestFrame).toBe(frame);
    expect(seen).toHaveBeenCalledWith(frame);
    off();
    bus.publishFrame(frame);
    expect(seen).toHaveBeenCalledTimes(1);
    bus.clearFrame();
    expect(bus.latestFrame).toBeNull();
  });

  it('keeps the recording state and tells subscribers when it changes', () => {
    const bus = new AppBus();
    expect(bus.recording).toBe(false);
    const seen = vi.fn();
    const off = bus.onRecording(seen);
    bus.setRecording(true);
    bus.setRecording(true);
    expect(bus.recording).toBe(true);
    expect(seen.mock.calls).toEqual([[true]]);
    off();
    bus.setRecording(false);
    expect(bus.recording).toBe(false);
    expect(seen).toHaveBeenCalledTimes(1);
  });
});
