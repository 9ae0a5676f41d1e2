// Writing the Duration MediaRecorder leaves out: into a live-style WebM (unknown-size Segment, no
// SeekHead), over an existing Duration, into a sized Segment; anything else is left alone. The
// browser test checks a real MediaRecorder file with ffprobe.
import { describe, expect, it } from 'vitest';
import { webmDurationMs, withWebmDuration } from './webm-duration.ts';

const bytes = (...parts: Array<number[] | Uint8Array>) =>
  Uint8Array.from(parts.flatMap((p) => [...p]));
/** An element with a 1-byte size (data < 127 bytes) or the given raw size bytes. */
const el = (id: number[], data: Uint8Array | number[], size?: number[]) =>
  bytes(id, size ?? [0x80 | data.length], data);
const text = (s: string) => [...new TextEncoder().encode(s)];

const EBML = el([0x1a, 0x45, 0xdf, 0xa3], el([0x42, 0x82], text('webm')));
const SCALE = el([0x2a, 0xd7, 0xb1], [0x0f, 0x42, 0x40]);
const MUXER = el([0x4d, 0x80], text('Chrome'));
const TRACKS = el([0x16, 0x54, 0xae, 0x6b], [0xae, 0x80]);
const CLUSTER = bytes(
  [0x1f, 0x43, 0xb6, 0x75, 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
  [0xe7, 0x81, 0x00, 0xa3, 0x84, 1, 2, 3, 4],
);
const UNKNOWN = [0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff];

function liveWebm(info = el([0x15, 0x49, 0xa9, 0x66], bytes(SCALE, MUXER))) {
  return bytes(EBML, [0x18, 0x53, 0x80, 0x67], UNKNOWN, info, TRACKS, CLUSTER);
}

describe('withWebmDuration', () => {
  it('adds a Duration to a MediaRecorder-style file and keeps everything else', () => {
    const original = liveWebm();
    expect(webmDurationMs(original)).toBeNull();
    const fixed = withWebmDuration(original, 6018.5);
    expect(webmDurationMs(fixed)).toBeCloseTo(6018.5, 6);
    expect(fixed.length).toBe(original.length + 11 + 7); // the element, and an 8-byte Info size
    expect(fixed.subarray(fixed.length - CLUSTER.length - TRACKS.length)).toEqual(
      bytes(TRACKS, CLUSTER),
    );
    // Again: the Duration is overwritten in place.
    const again = withWebmDuration(fixed, 1000);
    expect(again.length).toBe(fixed.length);
    expect(webmDurationMs(again)).toBeCloseTo(1000, 6);
  });

  it('honours the TimecodeScale', () => {
    const scale100us = el([0x2a, 0xd7, 0xb1], [0x01, 0x86, 0xa0]); // 100 000 ns
    const file = liveWebm(el([0x15, 0x49, 0xa9, 0x66], bytes(scale100us, MUXER)));
    const fixed = withWebmDuration(file, 2500);
    expect(webmDurationMs(fixed)).toBeCloseTo(2500, 6);
  });

  it('grows a sized Segment by what it adds', () => {
    const info = el([0x15, 0x49, 0xa9, 0x66], bytes(SCALE, MUXER));
    const body = bytes(info, TRACKS);
    const file = bytes(EBML, [0x18, 0x53, 0x80, 0x67], [0x40, body.length], body);
    const fixed = withWebmDuration(file, 500);
    expect(webmDurationMs(fixed)).toBeCloseTo(500, 6);
    const sizeAt = EBML.length + 4;
    expect(((fixed[sizeAt] as number) & 0x3f) * 256 + (fixed[sizeAt + 1] as number)).toBe(
      body.length + 18,
    );
  });

  it('leaves alone what it cannot change safely or does not understand', () => {
    const seekHead = el([0x11, 0x4d, 0x9b, 0x74], [0xec, 0x80]);
    const withSeek = bytes(
      EBML,
      [0x18, 0x53, 0x80, 0x67],
      UNKNOWN,
      seekHead,
      el([0x15, 0x49, 0xa9, 0x66], bytes(SCALE, MUXER)),
      CLUSTER,
    );
    expect(withWebmDuration(withSeek, 1000)).toBe(withSeek);
    const notWebm = Uint8Array.from([0x52, 0x49, 0x46, 0x46, 1, 2, 3]);
    expect(withWebmDuration(notWebm, 1000)).toBe(notWebm);
    expect(withWebmDuration(new Uint8Array(0), 1000).length).toBe(0);
    const file = liveWebm();
    expect(withWebmDuration(file, 0)).toBe(file);
    expect(withWebmDuration(file, Number.NaN)).toBe(file);
  });
});
