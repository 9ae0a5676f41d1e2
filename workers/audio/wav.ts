// WAV (RIFF/WAVE) decoder, pure: integer PCM 8/16/24/32-bit and IEEE float 32/64-bit, plain or
// WAVE_FORMAT_EXTENSIBLE, mono or stereo, into Float32 channels in −1 … 1 (integers are scaled
// by 2^(bits−1), so −32768 reads −1.0). Anything else, or a damaged file, throws a WavError
// with a one-line message.

export class WavError extends Error {
  override name = 'WavError';
}

export type WavEncoding = 'int' | 'float';

export interface DecodedWav {
  sampleRate: number;
  encoding: WavEncoding;
  bitsPerSample: number;
  /** One array per channel (1 or 2), all the same length. */
  channels: Float32Array[];
}

interface Format {
  tag: number;
  channels: number;
  sampleRate: number;
  blockAlign: number;
  bits: number;
}

const PCM = 0x0001;
const FLOAT = 0x0003;
const EXTENSIBLE = 0xfffe;
/** The KSDATAFORMAT_SUBTYPE GUID after its leading 16-bit format tag. */
const GUID_TAIL = [
  0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71,
];
const UNKNOWN_SIZE = 0xffffffff;

const FORMAT_NAMES: Record<number, string> = {
  2: 'Microsoft ADPCM',
  6: 'A-law',
  7: 'µ-law',
  17: 'IMA ADPCM',
  85: 'MP3',
};

function ascii(view: DataView, offset: number): string {
  return String.fromCharCode(
    view.getUint8(offset),
    view.getUint8(offset + 1),
    view.getUint8(offset + 2),
    view.getUint8(offset + 3),
  );
}

function readFormat(view: DataView, offset: number, size: number): Format {
  if (size < 16) throw new WavError(`corrupt WAV: fmt chunk is ${size} bytes, expected ≥ 16`);
  let tag = view.getUint16(offset, true);
  const format = {
    tag,
    channels: view.getUint16(offset + 2, true),
    sampleRate: view.getUint32(offset + 4, true),
    blockAlign: view.getUint16(offset + 12, true),
    bits: view.getUint16(offset + 14, true),
  };
  if (tag === EXTENSIBLE) {
    if (size < 40)
      throw new WavError(`corrupt WAV: extensible fmt chunk is ${size} bytes, expected 40`);
    tag = view.getUint16(offset + 24, true);
    const guidOk = GUID_TAIL.every((b, i) => view.getUint8(offset + 26 + i) === b);
    if (!guidOk || (tag !== PCM && tag !== FLOAT)) {
      throw new WavError('unsupported WAV: extensible sub-format is neither PCM nor IEEE float');
    }
    format.tag = tag;
  }
  return format;
}

function checkFormat(f: Format): WavEncoding {
  if (f.tag !== PCM && f.tag !== FLOAT) {
    const name = FORMAT_NAMES[f.tag] ?? 'compressed audio';
    throw new WavError(
      `unsupported WAV encoding: ${name} (format tag 0x${f.tag.toString(16).padStart(4, '0')}); only PCM and IEEE float`,
    );
  }
  const encoding: WavEncoding = f.tag === PCM ? 'int' : 'float';
  const bits = encoding === 'int' ? [8, 16, 24, 32] : [32, 64];
  if (!bits.includes(f.bits)) {
    throw new WavError(
      `unsupported WAV: ${f.bits}-bit ${encoding === 'int' ? 'integer' : 'float'} samples`,
    );
  }
  if (f.channels === 0 || f.sampleRate === 0) {
    throw new WavError('corrupt WAV: fmt chunk has no channels or no sample rate');
  }
  if (f.channels > 2) {
    throw new WavError(`unsupported WAV: ${f.channels} channels (mono or stereo only)`);
  }
  if (f.blockAlign !== (f.channels * f.bits) / 8) {
    throw new WavError(
      `corrupt WAV: block align ${f.blockAlign} does not match ${f.channels} × ${f.bits}-bit samples`,
    );
  }
  return encoding;
}

type Reader = (view: DataView, offset: number) => number;

function sampleReader(encoding: WavEncoding, bits: number): Reader {
  if (encoding === 'float') {
    return bits === 32 ? (v, o) => v.getFloat32(o, true) : (v, o) => v.getFloat64(o, true);
  }
  switch (bits) {
    case 8:
      return (v, o) => (v.getUint8(o) - 128) / 128;
    case 16:
      return (v, o) => v.getInt16(o, true) / 32768;
    case 24:
      return (v, o) => ((v.getUint8(o + 2) << 24) | (v.getUint16(o, true) << 8)) / 2147483648;
    default:
      return (v, o) => v.getInt32(o, true) / 2147483648;
  }
}

/** Decodes a whole WAV file held in memory. */
export function decodeWav(bytes: Uint8Array): DecodedWav {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 12) throw new WavError(`not a WAV file: only ${bytes.length} bytes`);
  const riff = ascii(view, 0);
  if (riff === 'RF64') throw new WavError('unsupported WAV: RF64 (files over 4 GiB)');
  if (riff !== 'RIFF' || ascii(view, 8) !== 'WAVE') {
    throw new WavError('not a WAV file: no RIFF/WAVE header');
  }
  let format: Format | undefined;
  let data: { offset: number; size: number } | undefined;
  for (let offset = 12; offset + 8 <= bytes.length && !(format && data); ) {
    const id = ascii(view, offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    const available = bytes.length - body;
    if (id === 'data') {
      if (size !== UNKNOWN_SIZE && size > available) {
        throw new WavError(
          `truncated WAV: data chunk declares ${size} bytes, file holds ${available}`,
        );
      }
      data = { offset: body, size: size === UNKNOWN_SIZE ? available : size };
    } else if (id === 'fmt ') {
      if (size > available) throw new WavError('truncated WAV: fmt chunk is cut off');
      format = readFormat(view, body, size);
    }
    offset = body + size + (size % 2);
  }
  if (!format) throw new WavError('corrupt WAV: no fmt chunk');
  if (!data) throw new WavError('corrupt WAV: no data chunk');
  const encoding = checkFormat(format);
  const read = sampleReader(encoding, format.bits);
  const frames = Math.floor(data.size / format.blockAlign);
  const step = format.bits / 8;
  const channels = Array.from({ length: format.channels }, () => new Float32Array(frames));
  for (let c = 0; c < channels.length; c++) {
    const out = channels[c] as Float32Array;
    for (let i = 0, o = data.offset + c * step; i < frames; i++, o += format.blockAlign) {
      out[i] = read(view, o);
    }
  }
  return { sampleRate: format.sampleRate, encoding, bitsPerSample: format.bits, channels };
}
