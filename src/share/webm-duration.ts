// MediaRecorder writes WebM as a live stream: the Segment's size is "unknown" and its Info has no
// Duration, so players show no length and cannot seek in a downloaded video. This writes the
// Duration into the Info element, the way the file would have it had it been written whole.
// Pure EBML (RFC 8794) walking on bytes: IDs and sizes are variable-length integers.

import { idOf, readVint } from '../../workers/audio/ebml.ts';

const ID_SEGMENT = 0x18538067;
const ID_INFO = 0x1549a966;
const ID_TIMECODE_SCALE = 0x2ad7b1;
const ID_DURATION = 0x4489;
const ID_SEEK_HEAD = 0x114d9b74;
const ID_CUES = 0x1c53bb6b;
const ID_CLUSTER = 0x1f43b675;

interface Element {
  id: number;
  /** Offset of the ID. */
  start: number;
  /** Offset of the data. */
  dataStart: number;
  /** Data size; Infinity for an unknown size. */
  size: number;
  sizeLength: number;
}

function element(bytes: Uint8Array, at: number): Element | null {
  const id = readVint(bytes, at);
  if (!id) return null;
  const size = readVint(bytes, id.next);
  if (!size) return null;
  return {
    id: idOf(id),
    start: at,
    dataStart: at + id.length + size.length,
    size: size.unknown ? Number.POSITIVE_INFINITY : size.value,
    sizeLength: size.length,
  };
}

function children(bytes: Uint8Array, parent: Element): Element[] {
  const end = Math.min(bytes.length, parent.dataStart + parent.size);
  const out: Element[] = [];
  for (let at = parent.dataStart; at < end; ) {
    const e = element(bytes, at);
    if (!e) break;
    out.push(e);
    if (!Number.isFinite(e.size)) break;
    at = e.dataStart + e.size;
  }
  return out;
}

/** An EBML size as an 8-byte variable-length integer. */
function size8(n: number): Uint8Array {
  const out = new Uint8Array(8);
  out[0] = 0x01;
  let v = n;
  for (let i = 7; i >= 1; i--) {
    out[i] = v % 256;
    v = Math.floor(v / 256);
  }
  return out;
}

function uint(bytes: Uint8Array, e: Element): number {
  let v = 0;
  for (let i = 0; i < e.size; i++) v = v * 256 + (bytes[e.dataStart + i] as number);
  return v;
}

/**
 * The file with its Segment Info's Duration set to `durationMs`. A Duration already there is
 * overwritten in place; otherwise one is added, which moves everything after Info, so that is
 * done only when no SeekHead or Cues hold byte positions (as in MediaRecorder's files). Bytes that
 * are not such a WebM come back unchanged.
 */
export function withWebmDuration(bytes: Uint8Array, durationMs: number): Uint8Array {
  if (!Number.isFinite(durationMs) || durationMs <= 0) return bytes;
  const header = element(bytes, 0);
  if (!header || !Number.isFinite(header.size)) return bytes;
  const segment = element(bytes, header.dataStart + header.size);
  if (!segment || segment.id !== ID_SEGMENT) return bytes;
  const top = children(bytes, segment);
  const info = top.find((e) => e.id === ID_INFO);
  if (!info || !Number.isFinite(info.size)) return bytes;
  const inInfo = children(bytes, info);
  const scaleElement = inInfo.find((e) => e.id === ID_TIMECODE_SCALE);
  const scaleNs = scaleElement ? uint(bytes, scaleElement) : 1_000_000;
  const ticks = (durationMs * 1_000_000) / (scaleNs || 1_000_000);

  const existing = inInfo.find((e) => e.id === ID_DURATION);
  if (existing && (existing.size === 4 || existing.size === 8)) {
    const out = bytes.slice();
    const view = new DataView(out.buffer, out.byteOffset + existing.dataStart, existing.size);
    if (existing.size === 8) view.setFloat64(0, ticks);
    else view.setFloat32(0, ticks);
    return out;
  }
  const beforeClusters = top.filter((e) => e.id !== ID_CLUSTER);
  if (beforeClusters.some((e) => e.id === ID_SEEK_HEAD || e.id === ID_CUES)) return bytes;

  const duration = new Uint8Array(11);
  duration.set([0x44, 0x89, 0x88]);
  new DataView(duration.buffer).setFloat64(3, ticks);
  const body = bytes.subarray(info.dataStart, info.dataStart + info.size);
  const idBytes = bytes.subarray(
    info.start,
    info.start + (info.dataStart - info.sizeLength - info.start),
  );
  const newInfo = new Uint8Array(idBytes.length + 8 + body.length + duration.length);
  newInfo.set(idBytes, 0);
  newInfo.set(size8(body.length + duration.length), idBytes.length);
  newInfo.set(body, idBytes.length + 8);
  newInfo.set(duration, idBytes.length + 8 + body.length);
  const infoEnd = info.dataStart + info.size;
  const out = new Uint8Array(bytes.length - (infoEnd - info.start) + newInfo.length);
  out.set(bytes.subarray(0, info.start), 0);
  out.set(newInfo, info.start);
  out.set(bytes.subarray(infoEnd), info.start + newInfo.length);
  if (Number.isFinite(segment.size)) {
    // A sized Segment grows by the difference; its size field is rewritten in place.
    const grown = segment.size + newInfo.length - (infoEnd - info.start);
    const sizeAt = segment.dataStart - segment.sizeLength;
    if (grown >= 2 ** (7 * segment.sizeLength) - 1) return bytes;
    let v = grown;
    for (let i = segment.sizeLength - 1; i >= 0; i--) {
      out[sizeAt + i] = v % 256;
      v = Math.floor(v / 256);
    }
    out[sizeAt] = (out[sizeAt] as number) | (0x80 >> (segment.sizeLength - 1));
  }
  return out;
}

/** Reads the Duration (ms) a WebM file declares, or null. */
export function webmDurationMs(bytes: Uint8Array): number | null {
  const header = element(bytes, 0);
  if (!header || !Number.isFinite(header.size)) return null;
  const segment = element(bytes, header.dataStart + header.size);
  if (!segment || segment.id !== ID_SEGMENT) return null;
  const info = children(bytes, segment).find((e) => e.id === ID_INFO);
  if (!info) return null;
  const inInfo = children(bytes, info);
  const d = inInfo.find((e) => e.id === ID_DURATION);
  if (!d || (d.size !== 4 && d.size !== 8)) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset + d.dataStart, d.size);
  const ticks = d.size === 8 ? view.getFloat64(0) : view.getFloat32(0);
  const scale = inInfo.find((e) => e.id === ID_TIMECODE_SCALE);
  return (ticks * (scale ? uint(bytes, scale) : 1_000_000)) / 1_000_000;
}
