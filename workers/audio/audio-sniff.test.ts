// Real container bytes: Debian's ffmpeg writes the files at test time (a file with every element
// size known, and a pipe with an unknown-size Segment as MediaRecorder streams it).
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireExecutable } from '../../e2e/harness/system.ts';
import { SNIFF_BYTES, sniffWebmOpus } from './audio-sniff.ts';

const run = promisify(execFile);
const EBML_MAGIC = [0x1a, 0x45, 0xdf, 0xa3];

let dir: string;
const media: Record<string, Uint8Array> = {};

/** ffmpeg's output for one second of a 440 Hz sine with `args` (codec, format), as bytes. */
async function render(name: string, args: string[]): Promise<Uint8Array> {
  const ffmpeg = requireExecutable('/usr/bin/ffmpeg', 'ffmpeg', 'ffmpeg');
  const input = ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=1'];
  if (name === 'pipe') {
    const { stdout } = await run(ffmpeg, [...input, ...args, 'pipe:1'], { encoding: 'buffer' });
    return new Uint8Array(stdout);
  }
  const file = path.join(dir, name);
  await run(ffmpeg, [...input, ...args, file]);
  return new Uint8Array(await readFile(file));
}

async function codecOf(bytes: Uint8Array): Promise<string> {
  const ffprobe = requireExecutable('/usr/bin/ffprobe', 'ffprobe', 'ffmpeg');
  const file = path.join(dir, `probe-${bytes.length}.webm`);
  await writeFile(file, bytes);
  const args = ['-v', 'error', '-show_entries', 'stream=codec_name', '-of', 'csv=p=0', file];
  return (await run(ffprobe, args)).stdout.trim();
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'holo-sniff-'));
  const jobs: [string, string[]][] = [
    ['opus.webm', ['-c:a', 'libopus']],
    ['pipe', ['-c:a', 'libopus', '-f', 'webm']],
    ['vorbis.webm', ['-c:a', 'libvorbis']],
    ['opus.mka', ['-c:a', 'libopus']],
    ['opus.ogg', ['-c:a', 'libopus']],
    ['pcm.wav', ['-c:a', 'pcm_s16le']],
  ];
  await Promise.all(
    jobs.map(async ([name, args]) => {
      media[name] = await render(name, args);
    }),
  );
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const get = (name: string) => media[name] as Uint8Array;

/** A Void element (ID EC, 8-byte size) holding `n` zero bytes. */
function voidElement(n: number): Uint8Array {
  const out = new Uint8Array(9 + n);
  out.set([0xec, 0x01, 0, 0, 0, 0, 0, n >> 8, n & 0xff]);
  return out;
}

/** `bytes` with `insert` spliced in at `at`. */
const splice = (bytes: Uint8Array, at: number, insert: Uint8Array) =>
  Uint8Array.from([...bytes.subarray(0, at), ...insert, ...bytes.subarray(at)]);

describe('sniffWebmOpus on ffmpeg output', () => {
  it('recognises webm/opus written to a file and to a pipe (unknown-size Segment)', () => {
    expect(sniffWebmOpus(get('opus.webm'))).toBe('webm-opus');
    expect(sniffWebmOpus(get('pipe'))).toBe('webm-opus');
    // The pipe's Segment size is "unknown" (01 FF FF FF FF FF FF FF), as in MediaRecorder output.
    expect(Array.from(get('pipe').subarray(40, 48))).toEqual([
      1, 255, 255, 255, 255, 255, 255, 255,
    ]);
  });

  it('reads the first bytes only, as an upload stream gives them', () => {
    expect(sniffWebmOpus(get('opus.webm').subarray(0, 1024))).toBe('webm-opus');
  });

  it('calls webm/vorbis webm-other', () => {
    expect(sniffWebmOpus(get('vorbis.webm'))).toBe('webm-other');
  });

  it('calls Matroska (DocType matroska), Ogg/Opus and WAV not-webm', () => {
    expect(sniffWebmOpus(get('opus.mka'))).toBe('not-webm');
    expect(sniffWebmOpus(get('opus.ogg'))).toBe('not-webm');
    expect(sniffWebmOpus(get('pcm.wav'))).toBe('not-webm');
  });

  it('answers each truncation by what the bytes so far prove', () => {
    const bytes = get('opus.webm');
    // The EBML header's size is one byte here: it ends at 5 + size.
    expect((bytes[4] as number) & 0x80).toBe(0x80);
    const headerEnd = 5 + ((bytes[4] as number) & 0x7f);
    const opusEnd = Buffer.from(bytes).indexOf('A_OPUS') + 'A_OPUS'.length;
    expect(headerEnd).toBeGreaterThan(20);
    expect(opusEnd).toBeGreaterThan(headerEnd);
    for (let n = 0; n <= opusEnd + 16; n++) {
      const want = n < headerEnd ? 'not-webm' : n < opusEnd ? 'webm-other' : 'webm-opus';
      expect([n, sniffWebmOpus(bytes.subarray(0, n))]).toEqual([n, want]);
    }
  });

  it('rejects a header whose DocType is not webm', () => {
    const bytes = get('opus.webm').slice();
    const at = Buffer.from(bytes).indexOf('webm');
    bytes.set(new TextEncoder().encode('wobm'), at);
    expect(sniffWebmOpus(bytes)).toBe('not-webm');
  });

  it('steps over elements by their size, and gives up past SNIFF_BYTES', async () => {
    const pipe = get('pipe');
    // Insert a Void right after the Segment header (ID 4 bytes + size 8 bytes at offset 36).
    const segmentData = 48;
    expect(Array.from(pipe.subarray(36, 40))).toEqual([0x18, 0x53, 0x80, 0x67]);
    const near = splice(pipe, segmentData, voidElement(1000));
    const far = splice(pipe, segmentData, voidElement(SNIFF_BYTES));
    // Both are still real webm/opus files to ffmpeg.
    expect(await codecOf(near)).toBe('opus');
    expect(await codecOf(far)).toBe('opus');
    expect(sniffWebmOpus(near)).toBe('webm-opus');
    expect(sniffWebmOpus(far)).toBe('webm-other');
  });
});

describe('sniffWebmOpus on other bytes', () => {
  it('calls anything without the EBML magic not-webm, and never throws', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        const result = sniffWebmOpus(bytes);
        if (EBML_MAGIC.some((b, i) => bytes[i] !== b)) expect(result).toBe('not-webm');
      }),
    );
  });

  it('never throws on random damage to a real head', () => {
    const head = get('opus.webm').subarray(0, 400);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat({ max: 399 }), fc.nat({ max: 255 })), { maxLength: 8 }),
        (edits) => {
          const bytes = head.slice();
          for (const [at, value] of edits) bytes[at] = value;
          expect(['webm-opus', 'webm-other', 'not-webm']).toContain(sniffWebmOpus(bytes));
        },
      ),
    );
  });

  it('calls short heads not-webm', () => {
    expect(sniffWebmOpus(new Uint8Array(0))).toBe('not-webm');
    expect(sniffWebmOpus(Uint8Array.from(EBML_MAGIC))).toBe('not-webm');
    expect(sniffWebmOpus(Uint8Array.from([...EBML_MAGIC, 0x80]))).toBe('not-webm');
  });
});
