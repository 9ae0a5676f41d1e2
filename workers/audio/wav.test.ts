import { describe, expect, it } from 'vitest';
import { random } from './signals.ts';
import { decodeWav, WavError } from './wav.ts';
import { encodeWav, type WavLayout } from './wav-encode.ts';

const LAYOUTS: WavLayout[] = [
  { encoding: 'int', bitsPerSample: 8 },
  { encoding: 'int', bitsPerSample: 16 },
  { encoding: 'int', bitsPerSample: 24 },
  { encoding: 'int', bitsPerSample: 32 },
  { encoding: 'float', bitsPerSample: 32 },
  { encoding: 'float', bitsPerSample: 64 },
];

function signal(n: number, seed: number): Float32Array {
  const rnd = random(seed);
  return Float32Array.from({ length: n }, () => rnd() * 2 - 1);
}

const bytesOf = (...values: number[]) => Uint8Array.from(values);

/** Replaces `length` bytes at `offset` of a copy of `file`. */
function patched(file: Uint8Array, offset: number, values: Uint8Array): Uint8Array {
  const copy = file.slice();
  copy.set(values, offset);
  return copy;
}

describe('decodeWav', () => {
  const left = signal(1001, 1);
  const right = signal(1001, 2);

  for (const layout of LAYOUTS) {
    for (const extensible of [false, true]) {
      for (const channels of [[left], [left, right]]) {
        const name = `${layout.bitsPerSample}-bit ${layout.encoding}${extensible ? ' extensible' : ''} ${channels.length === 1 ? 'mono' : 'stereo'}`;
        it(`reads ${name}`, () => {
          const file = encodeWav(channels, 44_100, { ...layout, extensible });
          const wav = decodeWav(file);
          expect(wav.sampleRate).toBe(44_100);
          expect(wav.encoding).toBe(layout.encoding);
          expect(wav.bitsPerSample).toBe(layout.bitsPerSample);
          expect(wav.channels).toHaveLength(channels.length);
          const step = layout.encoding === 'float' ? 1e-7 : 2 ** (1 - layout.bitsPerSample);
          wav.channels.forEach((decoded, c) => {
            const source = channels[c] as Float32Array;
            expect(decoded).toHaveLength(source.length);
            let worst = 0;
            for (let i = 0; i < source.length; i++) {
              worst = Math.max(worst, Math.abs((decoded[i] as number) - (source[i] as number)));
            }
            expect(worst).toBeLessThanOrEqual(step);
          });
        });
      }
    }
  }

  it('scales integers by 2^(bits − 1): exact extremes for every width', () => {
    const base = encodeWav([new Float32Array(2)], 8000, { encoding: 'int', bitsPerSample: 24 });
    const wav = decodeWav(patched(base, 44, bytesOf(0x00, 0x00, 0x80, 0xff, 0xff, 0x7f)));
    expect(wav.channels[0]?.[0]).toBe(-1);
    expect(wav.channels[0]?.[1]).toBeCloseTo(1 - 2 ** -23, 9);
    const b16 = encodeWav([new Float32Array(2)], 8000, { encoding: 'int', bitsPerSample: 16 });
    const w16 = decodeWav(patched(b16, 44, bytesOf(0x00, 0x80, 0x00, 0x40)));
    expect([...(w16.channels[0] ?? [])]).toEqual([-1, 0.5]);
    const b8 = encodeWav([new Float32Array(2)], 8000, { encoding: 'int', bitsPerSample: 8 });
    const w8 = decodeWav(patched(b8, 44, bytesOf(0x00, 0xc0)));
    expect([...(w8.channels[0] ?? [])]).toEqual([-1, 0.5]);
  });

  it('skips unknown chunks (odd sizes padded) and reads data written before the end', () => {
    const file = encodeWav([left], 48_000, { encoding: 'int', bitsPerSample: 16 });
    const list = bytesOf(...[0x4c, 0x49, 0x53, 0x54], 3, 0, 0, 0, 1, 2, 3, 0);
    const withList = new Uint8Array(file.length + list.length);
    withList.set(file.subarray(0, 36));
    withList.set(list, 36);
    withList.set(file.subarray(36), 36 + list.length);
    expect(decodeWav(withList).channels[0]).toEqual(decodeWav(file).channels[0]);
  });

  it('reads a streamed file whose data size is unknown (0xFFFFFFFF) to the end', () => {
    const file = encodeWav([left], 48_000, { encoding: 'int', bitsPerSample: 16 });
    const streamed = patched(file, 40, bytesOf(0xff, 0xff, 0xff, 0xff));
    expect(decodeWav(streamed).channels[0]).toEqual(decodeWav(file).channels[0]);
  });

  describe('rejects with a one-line WavError', () => {
    const good = encodeWav([left, right], 48_000, { encoding: 'int', bitsPerSample: 16 });
    const cases: [string, Uint8Array, RegExp][] = [
      ['an empty file', new Uint8Array(0), /not a WAV file/],
      [
        'a text file',
        new TextEncoder().encode('hello, this is not audio at all'),
        /not a WAV file/,
      ],
      ['RF64', patched(good, 0, new TextEncoder().encode('RF64')), /RF64/],
      ['a truncated data chunk', good.subarray(0, good.length - 100), /truncated WAV: data chunk/],
      ['a file cut inside fmt', good.subarray(0, 30), /truncated WAV: fmt/],
      ['a file cut before data', good.subarray(0, 36), /no data chunk/],
      ['no fmt chunk', patched(good, 12, new TextEncoder().encode('junk')), /no fmt chunk/],
      ['a short fmt chunk', patched(good, 16, bytesOf(8, 0, 0, 0)), /fmt chunk is 8 bytes/],
      ['µ-law', patched(good, 20, bytesOf(7, 0)), /µ-law/],
      ['MP3', patched(good, 20, bytesOf(0x55, 0)), /MP3/],
      ['12-bit integers', patched(good, 34, bytesOf(12, 0)), /12-bit integer/],
      ['16-bit float', patched(good, 20, bytesOf(3, 0)), /16-bit float/],
      ['six channels', patched(good, 22, bytesOf(6, 0)), /6 channels/],
      ['no channels', patched(good, 22, bytesOf(0, 0)), /no channels/],
      ['a wrong block align', patched(good, 32, bytesOf(3, 0)), /block align 3/],
    ];
    for (const [what, file, message] of cases) {
      it(what, () => {
        let error: unknown;
        try {
          decodeWav(file);
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(WavError);
        expect((error as Error).message).toMatch(message);
        expect((error as Error).message).not.toContain('\n');
      });
    }

    it('an extensible file with a foreign sub-format', () => {
      const ext = encodeWav([left], 48_000, {
        encoding: 'int',
        bitsPerSample: 16,
        extensible: true,
      });
      expect(() => decodeWav(patched(ext, 44, bytesOf(2, 0)))).toThrow(/sub-format/);
      expect(() => decodeWav(patched(ext, 50, bytesOf(0x11)))).toThrow(/sub-format/);
      expect(() => decodeWav(patched(ext, 16, bytesOf(18, 0, 0, 0)))).toThrow(
        /extensible fmt chunk/,
      );
    });
  });
});
