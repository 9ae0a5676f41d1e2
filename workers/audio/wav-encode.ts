// Writes WAV files in every layout wav.ts reads (the decoder's and the CLI's test fixtures):
// integer PCM 8/16/24/32-bit and IEEE float 32/64-bit, plain or WAVE_FORMAT_EXTENSIBLE.
import type { WavEncoding } from './wav.ts';

export interface WavLayout {
  encoding: WavEncoding;
  bitsPerSample: number;
  extensible?: boolean;
}

const GUID_TAIL = [
  0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71,
];

type Writer = (view: DataView, offset: number, value: number) => void;

function sampleWriter({ encoding, bitsPerSample: bits }: WavLayout): Writer {
  if (encoding === 'float') {
    return bits === 32
      ? (v, o, x) => v.setFloat32(o, x, true)
      : (v, o, x) => v.setFloat64(o, x, true);
  }
  const scale = 2 ** (bits - 1);
  const int = (x: number) => Math.max(-scale, Math.min(scale - 1, Math.round(x * scale)));
  switch (bits) {
    case 8:
      return (v, o, x) => v.setUint8(o, int(x) + 128);
    case 16:
      return (v, o, x) => v.setInt16(o, int(x), true);
    case 24:
      return (v, o, x) => {
        const s = int(x);
        v.setUint8(o, s & 0xff);
        v.setUint8(o + 1, (s >> 8) & 0xff);
        v.setUint8(o + 2, (s >> 16) & 0xff);
      };
    default:
      return (v, o, x) => v.setInt32(o, int(x), true);
  }
}

/** A complete WAV file of `channels` (equal lengths, −1 … 1) at `sampleRate`. */
export function encodeWav(
  channels: Float32Array[],
  sampleRate: number,
  layout: WavLayout,
): Uint8Array {
  const frames = channels[0]?.length ?? 0;
  const bytes = layout.bitsPerSample / 8;
  const blockAlign = channels.length * bytes;
  const fmtSize = layout.extensible ? 40 : 16;
  const dataSize = frames * blockAlign;
  const pad = dataSize % 2;
  const out = new Uint8Array(12 + 8 + fmtSize + 8 + dataSize + pad);
  const view = new DataView(out.buffer);
  const text = (o: number, s: string) => {
    for (let i = 0; i < 4; i++) view.setUint8(o + i, s.charCodeAt(i));
  };
  const tag = layout.encoding === 'int' ? 1 : 3;
  text(0, 'RIFF');
  view.setUint32(4, out.length - 8, true);
  text(8, 'WAVE');
  text(12, 'fmt ');
  view.setUint32(16, fmtSize, true);
  view.setUint16(20, layout.extensible ? 0xfffe : tag, true);
  view.setUint16(22, channels.length, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * blockAlign, true);
  view.setUint16(32, blockAlign, true);
  view.setUint16(34, layout.bitsPerSample, true);
  if (layout.extensible) {
    view.setUint16(36, 22, true);
    view.setUint16(38, layout.bitsPerSample, true);
    view.setUint32(40, channels.length === 2 ? 0x3 : 0x4, true);
    view.setUint16(44, tag, true);
    for (const [i, b] of GUID_TAIL.entries()) view.setUint8(46 + i, b);
  }
  const data = 20 + fmtSize;
  text(data, 'data');
  view.setUint32(data + 4, dataSize, true);
  const write = sampleWriter(layout);
  for (let i = 0; i < frames; i++) {
    channels.forEach((ch, c) => {
      write(view, data + 8 + i * blockAlign + c * bytes, ch[i] as number);
    });
  }
  return out;
}
