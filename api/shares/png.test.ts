// The PNG encoder: a valid file (signature, IHDR, CRCs, one IDAT, IEND) whose rows, inflated and
// unfiltered here, give back the pixels, RGB with adaptive filters (link previews) and RGBA
// unfiltered (the app icons); bad sizes are refused.
import { crc32, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodePng, PNG_SIGNATURE } from './png.ts';

const encodePngRgb = (width: number, height: number, rgb: Uint8Array) =>
  encodePng(width, height, rgb, { colour: 'rgb', filter: 'adaptive' });

interface Chunk {
  type: string;
  data: Buffer;
}

function chunksOf(png: Buffer): Chunk[] {
  expect([...png.subarray(0, 8)]).toEqual([...PNG_SIGNATURE]);
  const out: Chunk[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.toString('ascii', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    expect(png.readUInt32BE(at + 8 + length), `${type} CRC`).toBe(
      crc32(png.subarray(at + 4, at + 8 + length)),
    );
    out.push({ type, data });
    at += 12 + length;
  }
  return out;
}

/** Inflates and unfilters (None and Up, the filters the encoder writes). */
function pixelsOf(png: Buffer, width: number, height: number): Uint8Array {
  const idat = Buffer.concat(
    chunksOf(png)
      .filter((c) => c.type === 'IDAT')
      .map((c) => c.data),
  );
  const raw = inflateSync(idat);
  const stride = width * 3;
  expect(raw.length).toBe((stride + 1) * height);
  const out = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    expect([0, 2]).toContain(filter);
    for (let i = 0; i < stride; i++) {
      const v = raw[y * (stride + 1) + 1 + i] as number;
      const above = y > 0 ? (out[(y - 1) * stride + i] as number) : 0;
      out[y * stride + i] = filter === 2 ? (v + above) & 0xff : v;
    }
  }
  return out;
}

describe('encodePng, RGB with adaptive filters', () => {
  it('writes a valid RGB PNG that decodes to the same pixels', () => {
    const width = 37;
    const height = 23;
    const rgb = new Uint8Array(width * height * 3);
    for (let i = 0; i < rgb.length; i++) rgb[i] = (i * 7 + (i % 5) * 31) & 0xff;
    // A few identical rows, where "Up" wins.
    rgb.copyWithin(width * 3 * 5, width * 3 * 4, width * 3 * 5);
    const png = encodePngRgb(width, height, rgb);
    const chunks = chunksOf(png);
    expect(chunks.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
    const ihdr = chunks[0]?.data as Buffer;
    expect([ihdr.readUInt32BE(0), ihdr.readUInt32BE(4), ...ihdr.subarray(8)]).toEqual([
      width,
      height,
      8,
      2,
      0,
      0,
      0,
    ]);
    expect(pixelsOf(png, width, height)).toEqual(rgb);
  });

  it('is deterministic and small for flat areas', () => {
    const rgb = new Uint8Array(1200 * 630 * 3).fill(20);
    const png = encodePngRgb(1200, 630, rgb);
    expect(encodePngRgb(1200, 630, rgb)).toEqual(png);
    expect(png.length).toBeLessThan(10_000);
  });

  it('refuses sizes that do not match the pixels', () => {
    expect(() => encodePngRgb(2, 2, new Uint8Array(11))).toThrow(RangeError);
    expect(() => encodePngRgb(0, 2, new Uint8Array(0))).toThrow(RangeError);
    expect(() => encodePngRgb(1.5, 2, new Uint8Array(9))).toThrow(RangeError);
  });
});

describe('encodePng, RGBA unfiltered', () => {
  const rgba = Uint8Array.from([255, 0, 0, 255, 0, 255, 0, 128, 0, 0, 255, 0, 9, 9, 9, 9]);
  const png = encodePng(2, 2, rgba, { colour: 'rgba', filter: 'none' });

  it('declares 8-bit RGBA of the given size', () => {
    const chunks = chunksOf(png);
    expect(chunks.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
    const ihdr = chunks[0]?.data as Buffer;
    expect([ihdr.readUInt32BE(0), ihdr.readUInt32BE(4), ...ihdr.subarray(8)]).toEqual([
      2, 2, 8, 6, 0, 0, 0,
    ]);
  });

  it('stores each row unfiltered, pixels unchanged', () => {
    const idat = chunksOf(png)[1]?.data ?? Buffer.alloc(0);
    expect([...inflateSync(idat)]).toEqual([0, ...rgba.subarray(0, 8), 0, ...rgba.subarray(8)]);
  });

  it('rejects a buffer of the wrong size', () => {
    expect(() => encodePng(2, 2, new Uint8Array(15), { colour: 'rgba', filter: 'none' })).toThrow(
      /expected 16 bytes of RGBA/,
    );
  });
});
