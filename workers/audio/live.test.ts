// Live input on both transports, through the worker's service, with real MessagePorts and a
// real SharedArrayBuffer: a 440 Hz tone delivered the way the AudioWorklet delivers it comes out
// as frames whose loudest band is A4 (57).
import { describe, expect, it } from 'vitest';
import { type HologramFrame, loudestBand } from './frame.ts';
import { createPcmRing, PcmRingWriter } from './pcm-ring.ts';
import { createAnalysisService } from './service.ts';
import { sine } from './signals.ts';

const RATE = 48_000;
const config = { sampleRate: RATE, channels: 2 as const, fps: 60 };
const a440 = sine(440, 1, RATE, 0.5);

function liveService() {
  const service = createAnalysisService();
  service.configure(config);
  const frames: HologramFrame[] = [];
  service.onFrame((f) => frames.push(f));
  return { service, frames };
}

describe('live input', () => {
  it('analyses transferred batches from a MessagePort and sends each batch back', async () => {
    const { service, frames } = liveService();
    const { port1: worklet, port2: worker } = new MessageChannel();
    service.attachPort(worker);
    let returned = 0;
    worklet.onmessage = () => returned++;
    const batches = 93; // 93 × 512 samples ≈ 1 s
    for (let b = 0; b < batches; b++) {
      const left = a440.slice(b * 512, b * 512 + 512);
      const right = left.slice();
      worklet.postMessage({ left, right }, [left.buffer, right.buffer]);
    }
    await expect.poll(() => returned, { timeout: 5_000 }).toBe(batches);
    expect(frames.length).toBe(Math.floor((batches * 512 * 60) / RATE));
    expect(loudestBand(frames.at(-1) as HologramFrame)?.band).toBe(57);
    expect(service.stats()).toEqual({
      framesProduced: frames.length,
      samplesRead: batches * 512,
      samplesDropped: 0,
    });
    service.detach();
    worklet.close();
  });

  it('analyses 128-sample quanta from the shared ring', () => {
    const { service, frames } = liveService();
    const ring = createPcmRing(RATE, 2);
    const writer = new PcmRingWriter(ring.buffer);
    service.attachRing(ring.buffer);
    for (let q = 0; q < 375; q++) {
      const block = a440.subarray(q * 128, q * 128 + 128);
      writer.write([block, block], 128);
    }
    return expect
      .poll(() => frames.length, { timeout: 5_000 })
      .toBe(60)
      .then(() => {
        service.detach();
        expect(loudestBand(frames.at(-1) as HologramFrame)?.band).toBe(57);
        expect(service.stats().samplesDropped).toBe(0);
        // Each frame has its own buffer, so it can be transferred to the main thread.
        expect(frames[0]?.left.buffer).not.toBe(frames[1]?.left.buffer);
      });
  });
});
