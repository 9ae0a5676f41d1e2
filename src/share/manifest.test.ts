// The replay page trusts a manifest only once it has the expected shape.
import { describe, expect, it } from 'vitest';
import { ManifestError, parseManifest } from './manifest.ts';

const good = {
  title: 'T',
  createdAt: '2026-11-23T08:15:00.000Z',
  durationMs: 6000,
  sampleRate: 48000,
  channels: 1,
  complete: true,
  chunks: [
    {
      seq: 1,
      audio: null,
      frames: { size: 20, etag: '"b"', contentType: 'application/vnd.holograms.frames' },
    },
    { seq: 0, audio: { size: 10, etag: '"a"', contentType: 'audio/webm' }, frames: null },
  ],
};

describe('parseManifest', () => {
  it('accepts a manifest and orders its chunks', () => {
    const m = parseManifest(good);
    expect(m.chunks.map((c) => c.seq)).toEqual([0, 1]);
    expect(m.chunks[0]?.audio).toEqual({ size: 10, etag: '"a"', contentType: 'audio/webm' });
    expect(m.complete).toBe(true);
  });

  it('refuses other shapes', () => {
    for (const bad of [
      null,
      [],
      'x',
      { ...good, title: 1 },
      { ...good, durationMs: -1 },
      { ...good, sampleRate: 1.5 },
      { ...good, chunks: {} },
      { ...good, chunks: [{ seq: 'a', audio: null, frames: null }] },
      { ...good, chunks: [{ seq: 0, audio: { size: 1 }, frames: null }] },
    ]) {
      expect(() => parseManifest(bad), JSON.stringify(bad)).toThrow(ManifestError);
    }
  });
});
