import { describe, expect, it } from 'vitest';
import { readZip, ZipFormatError, zipStored } from './zip-store.ts';

const bytes = (n: number, seed: number) =>
  Uint8Array.from({ length: n }, (_, i) => (i * seed) & 255);

describe('zipStored', () => {
  it('round-trips entries, stored, each starting on the alignment boundary', () => {
    const entries = [
      { name: 'a.tflite', data: bytes(1000, 7) },
      { name: 'nested/b.bin', data: bytes(333, 13) },
      { name: 'empty', data: new Uint8Array(0) },
    ];
    const zip = zipStored(entries, 64);
    const back = readZip(zip);
    expect(back.map((e) => e.name)).toEqual(entries.map((e) => e.name));
    back.forEach((e, i) => {
      expect(e.method).toBe(0);
      expect(e.dataOffset % 64).toBe(0);
      expect(Buffer.from(e.data).equals(Buffer.from(entries[i]?.data ?? []))).toBe(true);
    });
  });

  it('is reproducible: the same entries give the same bytes', () => {
    const entries = [{ name: 'x', data: bytes(100, 3) }];
    expect(Buffer.from(zipStored(entries)).equals(Buffer.from(zipStored(entries)))).toBe(true);
  });

  it('detects corruption and non-zips', () => {
    const zip = zipStored([{ name: 'x', data: bytes(100, 3) }]);
    const entry = readZip(zip)[0];
    if (!entry) throw new Error('no entry');
    const bad = zip.slice();
    bad[entry.dataOffset + 5] = (bad[entry.dataOffset + 5] ?? 0) ^ 0xff;
    expect(() => readZip(bad)).toThrow(/CRC mismatch/);
    expect(() => readZip(new Uint8Array(100))).toThrow(ZipFormatError);
  });
});
