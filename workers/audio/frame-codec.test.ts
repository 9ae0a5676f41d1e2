import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BANDS, DB_FLOOR, DB_TOP, type HologramFrame } from './frame.ts';
import {
  BYTES_PER_FRAME,
  BYTES_PER_GESTURE,
  decodeFrames,
  encodeFrames,
  FRAME_FORMAT_VERSION,
  FrameFormatError,
  type GestureEvent,
  HEADER_BYTES,
  MAX_ENCODED_BYTES,
  MAX_FRAMES_PER_CHUNK,
  MAX_GESTURE_NAME_BYTES,
  MAX_GESTURE_NAMES,
  MAX_GESTURES_PER_CHUNK,
  MAX_OFFSET_MS,
  sniffFrames,
} from './frame-codec.ts';

/** Half the float32 step below 2^16 ms: how far a stored time may be from the original. */
const TIME_TOLERANCE_MS = 2 ** -9;
const LEVEL_TOLERANCE_DB = 0.25;
/** Half a pan step, plus the float32 rounding of the decoded value. */
const PAN_TOLERANCE = 1 / 254 + 1e-7;
const CONFIDENCE_TOLERANCE = 1 / 510;

function frame(t: number, level = (b: number) => -b / 2, pan = (b: number) => b / 64 - 1) {
  return {
    t,
    left: Float32Array.from({ length: BANDS }, (_, b) => level(b)),
    right: Float32Array.from({ length: BANDS }, (_, b) => level(b) - 3.3),
    pan: Float32Array.from({ length: BANDS }, (_, b) => pan(b)),
  };
}

const clamp = (x: number, min: number, max: number) => Math.min(max, Math.max(min, x));

function expectClose(actual: HologramFrame, expected: HologramFrame) {
  expect(Math.abs(actual.t - expected.t)).toBeLessThanOrEqual(TIME_TOLERANCE_MS);
  for (const key of ['left', 'right'] as const) {
    expect(actual[key]).toBeInstanceOf(Float32Array);
    expect(actual[key]).toHaveLength(BANDS);
    actual[key].forEach((db, b) => {
      const want = clamp(expected[key][b] as number, DB_FLOOR, DB_TOP);
      expect(Math.abs(db - want)).toBeLessThanOrEqual(LEVEL_TOLERANCE_DB);
    });
  }
  expect(actual.pan).toHaveLength(BANDS);
  actual.pan.forEach((p, b) => {
    expect(Math.abs(p - clamp(expected.pan[b] as number, -1, 1))).toBeLessThanOrEqual(
      PAN_TOLERANCE,
    );
  });
}

function expectGesturesClose(actual: GestureEvent[], expected: GestureEvent[]) {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((g, i) => {
    const want = expected[i] as GestureEvent;
    expect(g.gesture).toBe(want.gesture);
    expect(g.hand).toBe(want.hand);
    expect(Math.abs(g.t - want.t)).toBeLessThanOrEqual(TIME_TOLERANCE_MS);
    expect(Math.abs(g.confidence - clamp(want.confidence, 0, 1))).toBeLessThanOrEqual(
      CONFIDENCE_TOLERANCE,
    );
  });
}

const GESTURES: GestureEvent[] = [
  { t: 1000, gesture: 'open_palm', confidence: 0.91, hand: 'left' },
  { t: 1016.5, gesture: 'pinch', confidence: 0.5, hand: 'right' },
  { t: 1016.5, gesture: 'open_palm', confidence: 1, hand: 'right' },
  { t: 1100.25, gesture: 'поворот ✋', confidence: 0, hand: 'left' },
];

/** A valid encoding: 2 frames, 2 names, 2 gestures. */
const sample = () =>
  encodeFrames([frame(1000), frame(1016.6667)], GESTURES.slice(0, 2), 1000).slice();

const withBytes = (bytes: Uint8Array, edit: (view: DataView) => void) => {
  const copy = bytes.slice();
  edit(new DataView(copy.buffer));
  return copy;
};

// Offsets of the sample's sections (two names: "open_palm" and "pinch").
const NAMES_AT = HEADER_BYTES + 2 * BYTES_PER_FRAME;
const GESTURES_AT = NAMES_AT + 1 + 'open_palm'.length + 1 + 'pinch'.length;

describe('frame codec: round trip', () => {
  it('keeps levels within 0.25 dB, pans within 1/254 and times within 2 µs', () => {
    const frames = [frame(5000), frame(5016.666666), frame(5033.333333), frame(65_000)];
    const decoded = decodeFrames(encodeFrames(frames, GESTURES));
    expect(decoded.version).toBe(FRAME_FORMAT_VERSION);
    expect(decoded.startMs).toBe(1000);
    expect(decoded.frames).toHaveLength(frames.length);
    decoded.frames.forEach((f, i) => {
      expectClose(f, frames[i] as HologramFrame);
    });
    expectGesturesClose(decoded.gestures, GESTURES);
  });

  it('stores levels in exact 0.5 dB steps and pans in exact 1/127 steps', () => {
    const f = frame(
      0,
      (b) => DB_FLOOR + b / 2 - 15,
      (b) => (b - 65) / 127,
    );
    const [out] = decodeFrames(encodeFrames([f], [])).frames;
    expect(Array.from(out?.left ?? [])).toEqual(
      Array.from(f.left, (db) => Math.max(DB_FLOOR, Math.min(DB_TOP, db))),
    );
    expect(Array.from(out?.pan ?? [], (p) => Math.round(p * 127))).toEqual(
      Array.from({ length: BANDS }, (_, b) => b - 65),
    );
  });

  it('clamps levels, pans and confidences into range', () => {
    const f = frame(
      0,
      (b) => [-150, 12, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY][b % 4] as number,
      (b) => (b % 2 ? 3 : -3),
    );
    const { frames, gestures } = decodeFrames(
      encodeFrames([f], [{ t: 0, gesture: 'fist', confidence: 7, hand: 'left' }]),
    );
    expect(Array.from(frames[0]?.left.subarray(0, 4) ?? [])).toEqual([-100, 0, -100, 0]);
    expect(Array.from(frames[0]?.pan.subarray(0, 2) ?? [])).toEqual([-1, 1]);
    expect(gestures[0]?.confidence).toBe(1);
  });

  it('defaults the start to the earliest time (frames or gestures), or 0 when empty', () => {
    expect(decodeFrames(encodeFrames([frame(2000)], [])).startMs).toBe(2000);
    expect(decodeFrames(encodeFrames([frame(2000)], GESTURES)).startMs).toBe(1000);
    expect(decodeFrames(encodeFrames([], [])).startMs).toBe(0);
    expect(decodeFrames(encodeFrames([], [])).frames).toEqual([]);
  });

  it('decodes from a view into a larger buffer (a Node Buffer slice)', () => {
    const bytes = sample();
    const padded = new Uint8Array(bytes.length + 7);
    padded.set(bytes, 3);
    const decoded = decodeFrames(padded.subarray(3, 3 + bytes.length));
    expect(decoded.frames).toHaveLength(2);
    expect(decoded.gestures.map((g) => g.gesture)).toEqual(['open_palm', 'pinch']);
  });

  const db = fc.float({
    min: Math.fround(-130),
    max: Math.fround(10),
    noNaN: true,
    noDefaultInfinity: true,
  });
  const pan = fc.float({ min: Math.fround(-1.2), max: Math.fround(1.2), noNaN: true });
  const bands = (value: fc.Arbitrary<number>) =>
    fc.array(value, { minLength: BANDS, maxLength: BANDS }).map((a) => Float32Array.from(a));
  const offsets = (max: number) =>
    fc
      .array(fc.double({ min: 0, max: MAX_OFFSET_MS - 0.01, noNaN: true }), { maxLength: max })
      .map((a) => a.sort((x, y) => x - y));

  it('round-trips random frames and gestures (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1e7, noNaN: true }),
        offsets(6).chain((ts) =>
          fc.tuple(
            ...ts.map((t) =>
              fc.record({ t: fc.constant(t), left: bands(db), right: bands(db), pan: bands(pan) }),
            ),
          ),
        ),
        offsets(12).chain((ts) =>
          fc.tuple(
            ...ts.map((t) =>
              fc.record({
                t: fc.constant(t),
                gesture: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 }),
                confidence: fc.double({ min: -0.1, max: 1.1, noNaN: true }),
                hand: fc.constantFrom('left' as const, 'right' as const),
              }),
            ),
          ),
        ),
        (start, frameOffsets, gestureOffsets) => {
          const frames = frameOffsets.map((f) => ({ ...f, t: start + f.t }));
          const gestures = gestureOffsets.map((g) => ({ ...g, t: start + g.t }));
          const decoded = decodeFrames(encodeFrames(frames, gestures, start));
          expect(decoded.startMs).toBe(start);
          decoded.frames.forEach((f, i) => {
            expectClose(f, frames[i] as HologramFrame);
          });
          expectGesturesClose(decoded.gestures, gestures);
        },
      ),
    );
  });

  it('re-encodes decoded chunks to the same bytes (property)', () => {
    // Offsets on a 1/256 ms grid (exact in float32 below 2^16) and starts on a 1/1024 ms grid, so
    // every time is stored exactly and start + offset is exact in float64.
    const grid = fc.integer({ min: 0, max: MAX_OFFSET_MS * 256 - 1 }).map((n) => n / 256);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 30 }).map((n) => n / 1024),
        fc.array(grid, { maxLength: 4 }).map((a) => a.sort((x, y) => x - y)),
        fc.array(
          fc.record({
            t: grid,
            gesture: fc.constantFrom('fist', 'pinch', 'open_palm'),
            confidence: fc.double({ min: 0, max: 1, noNaN: true }),
            hand: fc.constantFrom('left' as const, 'right' as const),
          }),
          { maxLength: 6 },
        ),
        (start, ts, gs) => {
          const frames = ts.map((t) =>
            frame(
              start + t,
              (b) => -((b * t) % 111),
              (b) => Math.sin(b + t),
            ),
          );
          const gestures = gs.map((g) => ({ ...g, t: start + g.t })).sort((a, b) => a.t - b.t);
          const bytes = encodeFrames(frames, gestures, start);
          const decoded = decodeFrames(bytes);
          expect(encodeFrames(decoded.frames, decoded.gestures, decoded.startMs)).toEqual(bytes);
        },
      ),
    );
  });
});

describe('frame codec: size', () => {
  it(`takes ${HEADER_BYTES} bytes of header and ${BYTES_PER_FRAME} bytes per frame`, () => {
    expect(BYTES_PER_FRAME).toBe(394);
    expect(BYTES_PER_GESTURE).toBe(7);
    expect(encodeFrames([], [])).toHaveLength(20);
    for (const n of [1, 2, 60, 300]) {
      const frames = Array.from({ length: n }, (_, i) => frame((i * 1000) / 60));
      expect(encodeFrames(frames, [])).toHaveLength(20 + 394 * n);
    }
    // + per distinct name 1 + its UTF-8 length; + 7 per gesture.
    // "open_palm" 9, "pinch" 5, "поворот ✋" 7 × 2 + 1 + 3 = 18 bytes.
    const names = 1 + 9 + 1 + 5 + 1 + 18;
    expect(encodeFrames([frame(1000)], GESTURES)).toHaveLength(20 + 394 + names + 7 * 4);
  });

  it('reaches MAX_ENCODED_BYTES at every limit at once, and decodes it', () => {
    const frames = Array.from({ length: MAX_FRAMES_PER_CHUNK }, (_, i) => frame((i * 1000) / 60));
    const gestures = Array.from({ length: MAX_GESTURES_PER_CHUNK }, (_, i) => ({
      t: (i * 1000) / 120,
      gesture: `${i % MAX_GESTURE_NAMES}`.padStart(MAX_GESTURE_NAME_BYTES, 'g'),
      confidence: 0.5,
      hand: i % 2 ? ('right' as const) : ('left' as const),
    }));
    const bytes = encodeFrames(frames, gestures);
    expect(bytes).toHaveLength(MAX_ENCODED_BYTES);
    expect(MAX_ENCODED_BYTES).toBe(1_472_980);
    const decoded = decodeFrames(bytes);
    expect(decoded.frames).toHaveLength(MAX_FRAMES_PER_CHUNK);
    expect(decoded.gestures).toHaveLength(MAX_GESTURES_PER_CHUNK);
  });
});

describe('frame codec: encode rejects what it cannot store', () => {
  const cases: [string, () => Uint8Array, RegExp][] = [
    [
      'too many frames',
      () => encodeFrames(Array(MAX_FRAMES_PER_CHUNK + 1).fill(frame(0)), []),
      /3601 frames \(at most 3600\)/,
    ],
    [
      'too many gestures',
      () => encodeFrames([], Array(MAX_GESTURES_PER_CHUNK + 1).fill(GESTURES[0])),
      /7201 gestures \(at most 7200\)/,
    ],
    [
      'too many names',
      () =>
        encodeFrames(
          [],
          Array.from({ length: 65 }, (_, i) => ({
            t: 0,
            gesture: `g${i}`,
            confidence: 1,
            hand: 'left',
          })),
        ),
      /more than 64 distinct gesture names/,
    ],
    [
      'a long name',
      () => encodeFrames([], [{ t: 0, gesture: 'x'.repeat(65), confidence: 1, hand: 'left' }]),
      /must be 1 … 64 UTF-8 bytes/,
    ],
    [
      'an empty name',
      () => encodeFrames([], [{ t: 0, gesture: '', confidence: 1, hand: 'left' }]),
      /must be 1 … 64 UTF-8 bytes/,
    ],
    [
      'a bad hand',
      () => encodeFrames([], [{ t: 0, gesture: 'fist', confidence: 1, hand: 'both' as 'left' }]),
      /hand "both" is not "left" or "right"/,
    ],
    [
      'a NaN confidence',
      () => encodeFrames([], [{ ...GESTURES[0], confidence: Number.NaN } as GestureEvent]),
      /confidence is NaN/,
    ],
    ['a time before the start', () => encodeFrames([frame(10)], [], 20), /frame 0 t = 10 ms/],
    [
      'a span too long',
      () => encodeFrames([frame(0), frame(MAX_OFFSET_MS)], []),
      /frame 1 t = 65536 ms/,
    ],
    [
      'an offset that rounds up to the limit',
      () => encodeFrames([frame(0), frame(MAX_OFFSET_MS - 1e-6)], []),
      /is not within/,
    ],
    [
      'frames out of order',
      () => encodeFrames([frame(20), frame(10)], [], 0),
      /earlier than the one before/,
    ],
    [
      'gestures out of order',
      () => encodeFrames([], [...GESTURES].reverse(), 1000),
      /gesture 1 t = 1016.5 ms is earlier/,
    ],
    ['a NaN time', () => encodeFrames([frame(Number.NaN)], [], 0), /frame 0 t = NaN/],
    ['a bad start', () => encodeFrames([], [], -1), /start -1 ms is not a time ≥ 0/],
    ['a NaN level', () => encodeFrames([frame(0, () => Number.NaN)], []), /left\[0\] is NaN/],
    [
      'a NaN pan',
      () => encodeFrames([frame(0, undefined, () => Number.NaN)], []),
      /pan\[0\] is NaN/,
    ],
    [
      'the wrong band count',
      () => encodeFrames([{ ...frame(0), right: new Float32Array(129) }], []),
      /frame 0 right has 129 bands/,
    ],
  ];
  it.each(cases)('%s', (_, encode, message) => {
    expect(encode).toThrow(FrameFormatError);
    expect(encode).toThrow(message);
  });
});

describe('frame codec: decode rejects malformed bytes', () => {
  const cases: [string, Uint8Array, RegExp][] = [
    ['empty input', new Uint8Array(0), /truncated header \(0 bytes/],
    ['bad magic', withBytes(sample(), (v) => v.setUint8(0, 0x68)), /bad magic 68 47 46 52/],
    ['version 0', withBytes(sample(), (v) => v.setUint8(4, 0)), /unsupported version 0/],
    [
      'version 2',
      withBytes(sample(), (v) => v.setUint8(4, 2)),
      /unsupported version 2 \(this reader knows 1\)/,
    ],
    [
      'band count 129',
      withBytes(sample(), (v) => v.setUint8(5, 129)),
      /band count 129 \(must be 130\)/,
    ],
    [
      'frame count too high',
      withBytes(sample(), (v) => v.setUint16(6, 3601, true)),
      /3601 frames \(at most 3600\)/,
    ],
    [
      'gesture count too high',
      withBytes(sample(), (v) => v.setUint16(16, 7201, true)),
      /7201 gestures/,
    ],
    [
      'name count too high',
      withBytes(sample(), (v) => v.setUint16(18, 65, true)),
      /65 gesture names/,
    ],
    [
      'frame count above the length',
      withBytes(sample(), (v) => v.setUint16(6, 3, true)),
      /truncated: 3 frames, 2 names and 2 gestures need at least/,
    ],
    [
      'gesture count above the length',
      withBytes(sample(), (v) => v.setUint16(16, 40, true)),
      /truncated/,
    ],
    [
      'frame count below the length',
      withBytes(sample(), (v) => v.setUint16(6, 1, true)),
      /gesture name 0 is \d+ bytes/,
    ],
    [
      'gesture count below the length',
      withBytes(sample(), (v) => v.setUint16(16, 1, true)),
      /7 trailing bytes/,
    ],
    [
      'trailing garbage',
      Uint8Array.from([...sample(), 0]),
      /1 trailing bytes after the last gesture/,
    ],
    ['a NaN start', withBytes(sample(), (v) => v.setFloat64(8, Number.NaN, true)), /start NaN ms/],
    ['a negative start', withBytes(sample(), (v) => v.setFloat64(8, -5, true)), /start -5 ms/],
    [
      'a NaN frame offset',
      withBytes(sample(), (v) => v.setFloat32(HEADER_BYTES, Number.NaN, true)),
      /frame 0 offset NaN ms/,
    ],
    [
      'a negative frame offset',
      withBytes(sample(), (v) => v.setFloat32(HEADER_BYTES, -1, true)),
      /frame 0 offset -1 ms/,
    ],
    [
      'an offset past the limit',
      withBytes(sample(), (v) => v.setFloat32(HEADER_BYTES + BYTES_PER_FRAME, MAX_OFFSET_MS, true)),
      /frame 1 offset 65536 ms/,
    ],
    [
      'frames out of order',
      withBytes(sample(), (v) => v.setFloat32(HEADER_BYTES, 100, true)),
      /frame 1 offset 16.6\d* ms is earlier/,
    ],
    [
      'a level above 0 dBFS',
      withBytes(sample(), (v) => v.setUint8(HEADER_BYTES + 4, 201)),
      /frame 0 level byte 201 \(at most 200\)/,
    ],
    [
      'a pan of -128',
      withBytes(sample(), (v) => v.setInt8(HEADER_BYTES + 4 + 2 * BANDS, -128)),
      /frame 0 pan byte -128/,
    ],
    [
      'an empty name',
      withBytes(sample(), (v) => v.setUint8(NAMES_AT, 0)),
      /gesture name 0 is 0 bytes/,
    ],
    [
      'a name past the end',
      withBytes(sample(), (v) => v.setUint8(NAMES_AT + 10, 60)),
      /truncated in gesture name 1/,
    ],
    [
      'a name that is not UTF-8',
      withBytes(sample(), (v) => v.setUint8(NAMES_AT + 1, 0xff)),
      /gesture name 0 is not UTF-8/,
    ],
    [
      'a name index out of range',
      withBytes(sample(), (v) => v.setUint8(GESTURES_AT + BYTES_PER_GESTURE + 4, 2)),
      /gesture 1 names string 2, but the table has 2/,
    ],
    [
      'a bad hand',
      withBytes(sample(), (v) => v.setUint8(GESTURES_AT + 6, 2)),
      /gesture 0 hand byte 2 \(0 left, 1 right\)/,
    ],
    [
      'gestures out of order',
      withBytes(sample(), (v) => v.setFloat32(GESTURES_AT, 50, true)),
      /gesture 1 offset 16.5 ms is earlier/,
    ],
  ];
  it.each(cases)('%s', (_, bytes, message) => {
    expect(() => decodeFrames(bytes)).toThrow(FrameFormatError);
    expect(() => decodeFrames(bytes)).toThrow(message);
  });

  it('rejects a repeated name in the table', () => {
    const names = new TextEncoder().encode('\u0005pinch\u0005pinch');
    const bytes = sample();
    const edited = Uint8Array.from([
      ...bytes.subarray(0, NAMES_AT),
      ...names,
      ...bytes.subarray(GESTURES_AT),
    ]);
    expect(() => decodeFrames(edited)).toThrow(/gesture name "pinch" appears twice/);
  });

  it('rejects every truncation of a valid encoding', () => {
    const bytes = sample();
    for (let n = 0; n < bytes.length; n++) {
      expect(() => decodeFrames(bytes.subarray(0, n))).toThrow(FrameFormatError);
    }
    expect(decodeFrames(bytes).gestures).toHaveLength(2);
  });
});

describe('sniffFrames', () => {
  it('accepts the first five bytes (or more) of an encoding', () => {
    const bytes = sample();
    expect(sniffFrames(bytes.subarray(0, 5))).toBe(true);
    expect(sniffFrames(bytes.subarray(0, 64))).toBe(true);
    expect(sniffFrames(bytes)).toBe(true);
  });

  it('rejects short heads, other magic and other versions', () => {
    const bytes = sample();
    expect(sniffFrames(bytes.subarray(0, 4))).toBe(false);
    expect(sniffFrames(new Uint8Array(0))).toBe(false);
    expect(sniffFrames(withBytes(bytes, (v) => v.setUint8(4, 2)))).toBe(false);
    expect(sniffFrames(withBytes(bytes, (v) => v.setUint8(3, 0x53)))).toBe(false);
    expect(sniffFrames(new TextEncoder().encode('RIFF\u0001'))).toBe(false);
    expect(sniffFrames(Uint8Array.of(0x1a, 0x45, 0xdf, 0xa3, 0x01))).toBe(false);
  });
});
