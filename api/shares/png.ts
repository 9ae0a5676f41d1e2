// A small PNG encoder on node:zlib (8-bit RGB or RGBA), so the server draws link-preview images
// and scripts/icons draws the app icons without an image library. Pure: the bytes depend only on
// the pixels and the options.
import { crc32, deflateSync } from 'node:zlib';

export const PNG_SIGNATURE = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const CHANNELS = { rgb: 3, rgba: 4 } as const;
const COLOUR_TYPE = { rgb: 2, rgba: 6 } as const;

export interface PngOptions {
  /** `rgb`: 3 bytes a pixel; `rgba`: 4, not premultiplied. */
  colour: keyof typeof CHANNELS;
  /**
   * `adaptive`: each row filtered with "Up" or "None", whichever is smaller (smaller files);
   * `none`: every row as it is.
   */
  filter: 'adaptive' | 'none';
}

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  out.set(data, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** Sum of the bytes read as signed values: the usual heuristic for picking a row filter. */
function cost(row: Uint8Array): number {
  let sum = 0;
  for (const b of row) sum += b < 128 ? b : 256 - b;
  return sum;
}

/** Encodes `pixels` (width × height pixels, rows top to bottom) as a PNG file. */
export function encodePng(
  width: number,
  height: number,
  pixels: Uint8Array,
  { colour, filter }: PngOptions,
): Buffer {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`bad PNG size ${width}×${height}`);
  }
  const stride = width * CHANNELS[colour];
  if (pixels.length !== stride * height) {
    throw new RangeError(
      `expected ${stride * height} bytes of ${colour.toUpperCase()}, got ${pixels.length}`,
    );
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits per sample
  header[9] = COLOUR_TYPE[colour];
  // bytes 10–12: deflate, adaptive filtering, no interlace (all 0)

  const raw = new Uint8Array((stride + 1) * height);
  const up = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const row = pixels.subarray(y * stride, (y + 1) * stride);
    const out = y * (stride + 1);
    if (filter === 'adaptive' && y > 0) {
      const prev = pixels.subarray((y - 1) * stride, y * stride);
      for (let i = 0; i < stride; i++) up[i] = ((row[i] ?? 0) - (prev[i] ?? 0)) & 0xff;
    }
    if (filter === 'adaptive' && y > 0 && cost(up) < cost(row)) {
      raw[out] = 2; // Up
      raw.set(up, out + 1);
    } else {
      raw[out] = 0; // None
      raw.set(row, out + 1);
    }
  }
  return Buffer.concat([
    PNG_SIGNATURE,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', new Uint8Array(0)),
  ]);
}
