import { describe, expect, it } from 'vitest';
import { createPcmRing, PcmRingReader, PcmRingWriter } from './pcm-ring.ts';

const ramp = (start: number, n: number) => Float32Array.from({ length: n }, (_, i) => start + i);

describe('PcmRing', () => {
  it('delivers every sample of both channels in order across wrap-arounds', () => {
    const ring = createPcmRing(1000, 2);
    expect(ring.capacity).toBe(1024);
    const writer = new PcmRingWriter(ring.buffer);
    const reader = new PcmRingReader(ring.buffer);
    const outL = new Float32Array(300);
    const outR = new Float32Array(300);
    const left: number[] = [];
    const right: number[] = [];
    const drain = () => {
      for (let n = reader.read([outL, outR]); n > 0; n = reader.read([outL, outR])) {
        left.push(...outL.subarray(0, n));
        right.push(...outR.subarray(0, n));
      }
    };
    let next = 0;
    for (let round = 0; round < 40; round++) {
      writer.write([ramp(next, 128), ramp(10_000 + next, 128)], 128);
      next += 128;
      if (round % 3 === 0) drain();
    }
    drain();
    expect(left).toEqual(Array.from({ length: next }, (_, i) => i));
    expect(right).toEqual(Array.from({ length: next }, (_, i) => 10_000 + i));
    expect(reader.dropped).toBe(0);
  });

  it('skips the oldest samples (and counts them) when the reader falls behind', () => {
    const ring = createPcmRing(256, 1);
    const writer = new PcmRingWriter(ring.buffer);
    const reader = new PcmRingReader(ring.buffer);
    for (let k = 0; k < 4; k++) writer.write([ramp(k * 128, 128)], 128);
    const out = new Float32Array(512);
    expect(reader.read([out])).toBe(256);
    expect(out[0]).toBe(256);
    expect(out[255]).toBe(511);
    expect(reader.dropped).toBe(256);
  });

  it('feeds a mono ring to both output channels', () => {
    const ring = createPcmRing(256, 1);
    new PcmRingWriter(ring.buffer).write([ramp(1, 4)], 4);
    const l = new Float32Array(4);
    const r = new Float32Array(4);
    expect(new PcmRingReader(ring.buffer).read([l, r])).toBe(4);
    expect([...l]).toEqual([1, 2, 3, 4]);
    expect([...r]).toEqual([1, 2, 3, 4]);
  });
});
