// The stored form of one chunk's HologramFrames and gesture events ("HGFR", docs/FRAMES.md):
// levels in 0.5 dB steps and pans in 1/127 steps, one byte each, so a frame takes 394 bytes
// instead of 1 568 as Float32Arrays. Pure (DataView, TextEncoder/TextDecoder): the browser
// recorder encodes, the API validates uploads with decodeFrames, the replay page decodes.
import { BANDS, DB_FLOOR, DB_TOP, type HologramFrame } from './frame.ts';

export type Hand = 'left' | 'right';

/** A classified hand gesture at time `t` (ms, on the frames' clock). */
export interface GestureEvent {
  t: number;
  gesture: string;
  /** 0 … 1. */
  confidence: number;
  hand: Hand;
}

export interface DecodedFrames {
  version: number;
  /** The chunk's start (ms); every frame's and gesture's t is startMs + a stored offset. */
  startMs: number;
  frames: HologramFrame[];
  gestures: GestureEvent[];
}

export const FRAME_FORMAT_VERSION = 1;
/** "HGFR" in ASCII. */
const FRAME_MAGIC = new Uint8Array([0x48, 0x47, 0x46, 0x52]);
export const HEADER_BYTES = 20;
/** float32 offset + left, right and pan bytes per band. */
export const BYTES_PER_FRAME = 4 + 3 * BANDS;
/** float32 offset, name index, confidence, hand. */
export const BYTES_PER_GESTURE = 7;

/** 60 frames/s for 60 s: far above a chunk of a few seconds. */
export const MAX_FRAMES_PER_CHUNK = 3600;
/** One event per hand per frame at the frame limit. */
export const MAX_GESTURES_PER_CHUNK = 2 * MAX_FRAMES_PER_CHUNK;
export const MAX_GESTURE_NAMES = 64;
export const MAX_GESTURE_NAME_BYTES = 64;
/** Offsets are float32 ms: below 2^16 ms their step is at most 1/256 ms (3.9 µs). */
export const MAX_OFFSET_MS = 65_536;
/** The largest valid encoding: what an upload of frames may be at most. */
export const MAX_ENCODED_BYTES =
  HEADER_BYTES +
  MAX_FRAMES_PER_CHUNK * BYTES_PER_FRAME +
  MAX_GESTURE_NAMES * (1 + MAX_GESTURE_NAME_BYTES) +
  MAX_GESTURES_PER_CHUNK * BYTES_PER_GESTURE;

const STEPS_PER_DB = 2;
const LEVEL_MAX = (DB_TOP - DB_FLOOR) * STEPS_PER_DB; // 200
const PAN_STEPS = 127;
const CONFIDENCE_STEPS = 255;
const HANDS: readonly Hand[] = ['left', 'right'];

export class FrameFormatError extends Error {
  override name = 'FrameFormatError';
}

/** True when `head` (the first bytes of a body) starts with HGFR and a version this code reads. */
export function sniffFrames(head: Uint8Array): boolean {
  return (
    head.length >= FRAME_MAGIC.length + 1 &&
    FRAME_MAGIC.every((b, i) => head[i] === b) &&
    head[FRAME_MAGIC.length] === FRAME_FORMAT_VERSION
  );
}

/**
 * Encodes frames and gestures, each in time order. `startMs` defaults to the earliest t; no t may
 * lie before it or MAX_OFFSET_MS or more after it. Levels are clamped to DB_FLOOR … DB_TOP,
 * pans to −1 … 1 and confidences to 0 … 1; NaN anywhere is an error.
 */
export function encodeFrames(
  frames: readonly HologramFrame[],
  gestures: readonly GestureEvent[],
  startMs = earliest(frames, gestures),
): Uint8Array {
  if (frames.length > MAX_FRAMES_PER_CHUNK)
    unencodable(`${frames.length} frames (at most ${MAX_FRAMES_PER_CHUNK})`);
  if (gestures.length > MAX_GESTURES_PER_CHUNK)
    unencodable(`${gestures.length} gestures (at most ${MAX_GESTURES_PER_CHUNK})`);
  if (!Number.isFinite(startMs) || startMs < 0)
    unencodable(`start ${startMs} ms is not a time ≥ 0`);

  const nameIndex = new Map<string, number>();
  const encoder = new TextEncoder();
  const nameBytes: Uint8Array[] = [];
  for (const g of gestures) {
    if (nameIndex.has(g.gesture)) continue;
    const bytes = encoder.encode(g.gesture);
    if (bytes.length === 0 || bytes.length > MAX_GESTURE_NAME_BYTES)
      unencodable(`gesture name "${g.gesture}" must be 1 … ${MAX_GESTURE_NAME_BYTES} UTF-8 bytes`);
    if (nameIndex.size === MAX_GESTURE_NAMES)
      unencodable(`more than ${MAX_GESTURE_NAMES} distinct gesture names`);
    nameIndex.set(g.gesture, nameIndex.size);
    nameBytes.push(bytes);
  }

  const namesLength = nameBytes.reduce((sum, b) => sum + 1 + b.length, 0);
  const out = new Uint8Array(
    HEADER_BYTES +
      frames.length * BYTES_PER_FRAME +
      namesLength +
      gestures.length * BYTES_PER_GESTURE,
  );
  const view = new DataView(out.buffer);
  out.set(FRAME_MAGIC, 0);
  view.setUint8(4, FRAME_FORMAT_VERSION);
  view.setUint8(5, BANDS);
  view.setUint16(6, frames.length, true);
  view.setFloat64(8, startMs, true);
  view.setUint16(16, gestures.length, true);
  view.setUint16(18, nameBytes.length, true);

  const offsetOf = (t: number, previous: number, what: string): number => {
    const offset = Math.fround(t - startMs);
    if (!(offset >= 0 && offset < MAX_OFFSET_MS))
      unencodable(`${what} t = ${t} ms is not within [start, start + ${MAX_OFFSET_MS}) ms`);
    if (offset < previous) unencodable(`${what} t = ${t} ms is earlier than the one before`);
    return offset;
  };

  let pos = HEADER_BYTES;
  let previous = 0;
  frames.forEach((frame, i) => {
    previous = offsetOf(frame.t, previous, `frame ${i}`);
    view.setFloat32(pos, previous, true);
    pos += 4;
    for (const [key, values] of [
      ['left', frame.left],
      ['right', frame.right],
    ] as const) {
      if (values.length !== BANDS) unencodable(`frame ${i} ${key} has ${values.length} bands`);
      for (let b = 0; b < BANDS; b++) {
        const db = values[b] as number;
        if (Number.isNaN(db)) unencodable(`frame ${i} ${key}[${b}] is NaN`);
        out[pos++] = clampRound((db - DB_FLOOR) * STEPS_PER_DB, 0, LEVEL_MAX);
      }
    }
    if (frame.pan.length !== BANDS) unencodable(`frame ${i} pan has ${frame.pan.length} bands`);
    for (let b = 0; b < BANDS; b++) {
      const pan = frame.pan[b] as number;
      if (Number.isNaN(pan)) unencodable(`frame ${i} pan[${b}] is NaN`);
      view.setInt8(pos++, clampRound(pan * PAN_STEPS, -PAN_STEPS, PAN_STEPS));
    }
  });

  for (const bytes of nameBytes) {
    out[pos++] = bytes.length;
    out.set(bytes, pos);
    pos += bytes.length;
  }

  previous = 0;
  gestures.forEach((g, i) => {
    previous = offsetOf(g.t, previous, `gesture ${i}`);
    if (Number.isNaN(g.confidence)) unencodable(`gesture ${i} confidence is NaN`);
    const hand = HANDS.indexOf(g.hand);
    if (hand < 0)
      unencodable(`gesture ${i} hand ${JSON.stringify(g.hand)} is not "left" or "right"`);
    view.setFloat32(pos, previous, true);
    out[pos + 4] = nameIndex.get(g.gesture) as number;
    out[pos + 5] = clampRound(g.confidence * CONFIDENCE_STEPS, 0, CONFIDENCE_STEPS);
    out[pos + 6] = hand;
    pos += BYTES_PER_GESTURE;
  });
  return out;
}

/** Decodes and validates an encoding; anything malformed throws FrameFormatError. */
export function decodeFrames(bytes: Uint8Array): DecodedFrames {
  if (bytes.length < HEADER_BYTES)
    malformed(`truncated header (${bytes.length} bytes, the header is ${HEADER_BYTES})`);
  if (!FRAME_MAGIC.every((b, i) => bytes[i] === b))
    malformed(`bad magic ${hex(bytes.subarray(0, 4))} (expected ${hex(FRAME_MAGIC)}, "HGFR")`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint8(4);
  if (version !== FRAME_FORMAT_VERSION)
    malformed(`unsupported version ${version} (this reader knows ${FRAME_FORMAT_VERSION})`);
  const bands = view.getUint8(5);
  if (bands !== BANDS) malformed(`band count ${bands} (must be ${BANDS})`);
  const frameCount = view.getUint16(6, true);
  const startMs = view.getFloat64(8, true);
  const gestureCount = view.getUint16(16, true);
  const nameCount = view.getUint16(18, true);
  if (frameCount > MAX_FRAMES_PER_CHUNK)
    malformed(`${frameCount} frames (at most ${MAX_FRAMES_PER_CHUNK})`);
  if (gestureCount > MAX_GESTURES_PER_CHUNK)
    malformed(`${gestureCount} gestures (at most ${MAX_GESTURES_PER_CHUNK})`);
  if (nameCount > MAX_GESTURE_NAMES)
    malformed(`${nameCount} gesture names (at most ${MAX_GESTURE_NAMES})`);
  if (!Number.isFinite(startMs) || startMs < 0) malformed(`start ${startMs} ms is not a time ≥ 0`);

  const namesStart = HEADER_BYTES + frameCount * BYTES_PER_FRAME;
  const minLength = namesStart + nameCount + gestureCount * BYTES_PER_GESTURE;
  if (bytes.length < minLength)
    malformed(
      `truncated: ${frameCount} frames, ${nameCount} names and ${gestureCount} gestures need at ` +
        `least ${minLength} bytes, got ${bytes.length}`,
    );

  const offsetAt = (pos: number, previous: number, what: string): number => {
    const offset = view.getFloat32(pos, true);
    if (!(offset >= 0 && offset < MAX_OFFSET_MS))
      malformed(`${what} offset ${offset} ms is not within [0, ${MAX_OFFSET_MS})`);
    if (offset < previous) malformed(`${what} offset ${offset} ms is earlier than the one before`);
    return offset;
  };

  const floats = new Float32Array(frameCount * 3 * BANDS);
  const frames: HologramFrame[] = [];
  let pos = HEADER_BYTES;
  let previous = 0;
  for (let i = 0; i < frameCount; i++) {
    previous = offsetAt(pos, previous, `frame ${i}`);
    pos += 4;
    const base = i * 3 * BANDS;
    const frame: HologramFrame = {
      t: startMs + previous,
      left: floats.subarray(base, base + BANDS),
      right: floats.subarray(base + BANDS, base + 2 * BANDS),
      pan: floats.subarray(base + 2 * BANDS, base + 3 * BANDS),
    };
    for (let k = 0; k < 2 * BANDS; k++) {
      const level = bytes[pos++] as number;
      if (level > LEVEL_MAX) malformed(`frame ${i} level byte ${level} (at most ${LEVEL_MAX})`);
      floats[base + k] = DB_FLOOR + level / STEPS_PER_DB;
    }
    for (let b = 0; b < BANDS; b++) {
      const pan = view.getInt8(pos++);
      if (pan < -PAN_STEPS) malformed(`frame ${i} pan byte ${pan} (at least ${-PAN_STEPS})`);
      frame.pan[b] = pan / PAN_STEPS;
    }
    frames.push(frame);
  }

  const decoder = new TextDecoder('utf-8', { fatal: true });
  const names: string[] = [];
  for (let n = 0; n < nameCount; n++) {
    const length = bytes[pos] as number;
    if (length === 0 || length > MAX_GESTURE_NAME_BYTES)
      malformed(`gesture name ${n} is ${length} bytes (1 … ${MAX_GESTURE_NAME_BYTES})`);
    const end = pos + 1 + length;
    // What is left must still hold the remaining length bytes and every gesture.
    if (end + (nameCount - n - 1) + gestureCount * BYTES_PER_GESTURE > bytes.length)
      malformed(`truncated in gesture name ${n}`);
    let name = '';
    try {
      name = decoder.decode(bytes.subarray(pos + 1, end));
    } catch {
      malformed(`gesture name ${n} is not UTF-8`);
    }
    if (names.includes(name)) malformed(`gesture name "${name}" appears twice`);
    names.push(name);
    pos = end;
  }

  const gestures: GestureEvent[] = [];
  previous = 0;
  for (let i = 0; i < gestureCount; i++) {
    previous = offsetAt(pos, previous, `gesture ${i}`);
    const index = bytes[pos + 4] as number;
    const confidence = bytes[pos + 5] as number;
    const hand = HANDS[bytes[pos + 6] as number];
    const gesture = names[index];
    if (gesture === undefined)
      malformed(`gesture ${i} names string ${index}, but the table has ${nameCount}`);
    if (hand === undefined) malformed(`gesture ${i} hand byte ${bytes[pos + 6]} (0 left, 1 right)`);
    gestures.push({
      t: startMs + previous,
      gesture,
      confidence: confidence / CONFIDENCE_STEPS,
      hand,
    });
    pos += BYTES_PER_GESTURE;
  }

  if (pos !== bytes.length)
    malformed(`${bytes.length - pos} trailing bytes after the last gesture`);
  return { version, startMs, frames, gestures };
}

function earliest(frames: readonly HologramFrame[], gestures: readonly GestureEvent[]): number {
  const first = Math.min(frames[0]?.t ?? Infinity, gestures[0]?.t ?? Infinity);
  return first === Infinity ? 0 : first;
}

function unencodable(message: string): never {
  throw new FrameFormatError(`cannot encode frames: ${message}`);
}

function malformed(message: string): never {
  throw new FrameFormatError(`malformed frames: ${message}`);
}

function clampRound(x: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.round(x)));
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}
