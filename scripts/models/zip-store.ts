// A minimal ZIP writer and reader for MediaPipe `.task` bundles: entries are stored, not
// compressed (MediaPipe maps the models straight out of the archive), and each entry's data is
// padded to start on an `align`-byte boundary through the local header's extra field, as
// Android's zipalign does, so the flatbuffers inside stay aligned in memory.
import { crc32 } from 'node:zlib';

export interface ZipEntry {
  name: string;
  data: Uint8Array;
}

export interface StoredEntry extends ZipEntry {
  /** Compression method: 0 = stored. */
  method: number;
  /** Byte offset of the entry's data in the archive. */
  dataOffset: number;
  crc32: number;
}

const LOCAL = 0x04034b50;
const CENTRAL = 0x02014b50;
const END = 0x06054b50;
const ALIGN_EXTRA_ID = 0xd935;
// 1980-01-01 00:00 in DOS time, so that the archive is reproducible.
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

export class ZipFormatError extends Error {
  override name = 'ZipFormatError';
}

/** An uncompressed ZIP of `entries`, each entry's data aligned to `align` bytes. */
export function zipStored(entries: readonly ZipEntry[], align = 64): Uint8Array {
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const { name, data } of entries) {
    const nameBytes = new TextEncoder().encode(name);
    const crc = crc32(data);
    const headerEnd = offset + 30 + nameBytes.length;
    // Extra field: id, size, the alignment (2 bytes), then zeros up to the boundary.
    const zeros = (align - ((headerEnd + 6) % align)) % align;
    const extraLength = 6 + zeros;
    const local = new Uint8Array(30 + nameBytes.length + extraLength);
    const l = new DataView(local.buffer);
    l.setUint32(0, LOCAL, true);
    l.setUint16(4, 10, true); // version needed: 1.0
    l.setUint16(6, 0x0800, true); // UTF-8 names
    l.setUint16(8, 0, true); // stored
    l.setUint16(10, 0, true);
    l.setUint16(12, DOS_DATE, true);
    l.setUint32(14, crc, true);
    l.setUint32(18, data.length, true);
    l.setUint32(22, data.length, true);
    l.setUint16(26, nameBytes.length, true);
    l.setUint16(28, extraLength, true);
    local.set(nameBytes, 30);
    l.setUint16(30 + nameBytes.length, ALIGN_EXTRA_ID, true);
    l.setUint16(32 + nameBytes.length, 2 + zeros, true);
    l.setUint16(34 + nameBytes.length, align, true);

    const c = new Uint8Array(46 + nameBytes.length);
    const cv = new DataView(c.buffer);
    cv.setUint32(0, CENTRAL, true);
    cv.setUint16(4, 10, true); // made by: MS-DOS, 1.0
    cv.setUint16(6, 10, true);
    cv.setUint16(8, 0x0800, true);
    cv.setUint16(10, 0, true);
    cv.setUint16(12, 0, true);
    cv.setUint16(14, DOS_DATE, true);
    cv.setUint32(16, crc, true);
    cv.setUint32(20, data.length, true);
    cv.setUint32(24, data.length, true);
    cv.setUint16(28, nameBytes.length, true);
    cv.setUint32(42, offset, true);
    c.set(nameBytes, 46);
    central.push(c);

    parts.push(local, data);
    offset += local.length + data.length;
  }
  const centralSize = central.reduce((s, c) => s + c.length, 0);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, END, true);
  ev.setUint16(8, entries.length, true);
  ev.setUint16(10, entries.length, true);
  ev.setUint32(12, centralSize, true);
  ev.setUint32(16, offset, true);

  const out = new Uint8Array(offset + centralSize + end.length);
  let at = 0;
  for (const part of [...parts, ...central, end]) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** The entries of a ZIP archive (central directory order); stored entries only. */
export function readZip(zip: Uint8Array): StoredEntry[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  let end = zip.length - 22;
  while (end >= 0 && view.getUint32(end, true) !== END) end--;
  if (end < 0) throw new ZipFormatError('no end-of-central-directory record');
  const count = view.getUint16(end + 10, true);
  let p = view.getUint32(end + 16, true);
  const entries: StoredEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (view.getUint32(p, true) !== CENTRAL) throw new ZipFormatError('bad central directory');
    const method = view.getUint16(p + 10, true);
    const crc = view.getUint32(p + 16, true);
    const size = view.getUint32(p + 20, true);
    const nameLength = view.getUint16(p + 28, true);
    const extraLength = view.getUint16(p + 30, true);
    const commentLength = view.getUint16(p + 32, true);
    const localOffset = view.getUint32(p + 42, true);
    const name = new TextDecoder().decode(zip.subarray(p + 46, p + 46 + nameLength));
    if (view.getUint32(localOffset, true) !== LOCAL)
      throw new ZipFormatError(`bad local header for ${name}`);
    if (method !== 0) throw new ZipFormatError(`${name} is compressed (method ${method})`);
    const dataOffset =
      localOffset +
      30 +
      view.getUint16(localOffset + 26, true) +
      view.getUint16(localOffset + 28, true);
    const data = zip.subarray(dataOffset, dataOffset + size);
    if (crc32(data) !== crc) throw new ZipFormatError(`${name}: CRC mismatch`);
    entries.push({ name, data, method, dataOffset, crc32: crc });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}
