// Runs the analyze CLI as users do (node + tsx) on WAV files written for the test.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sine } from '../workers/audio/signals.ts';
import { encodeWav } from '../workers/audio/wav-encode.ts';
import { aWeightingDb } from '../workers/audio/weighting.ts';

const root = path.resolve(import.meta.dirname, '..');
const cli = path.join(root, 'scripts', 'analyze.ts');

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function analyze(...args: string[]): Promise<Result> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', cli, ...args],
      { cwd: root, maxBuffer: 64 * 2 ** 20 },
      (error, stdout, stderr) => {
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

interface JsonFrame {
  t: number;
  left: number[];
  right: number[];
  pan: number[];
}

let dir: string;
const file = (name: string) => path.join(dir, name);

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'holo-analyze-'));
  const a4 = sine(440, 0.5, 48_000, 0.5);
  const a2 = sine(110, 1, 44_100, 1);
  await Promise.all([
    writeFile(
      file('left.wav'),
      encodeWav([a4, new Float32Array(a4.length)], 48_000, { encoding: 'int', bitsPerSample: 16 }),
    ),
    writeFile(
      file('mono24.wav'),
      encodeWav([a2], 44_100, { encoding: 'int', bitsPerSample: 24, extensible: true }),
    ),
    writeFile(
      file('float.wav'),
      encodeWav([a4, a4], 48_000, { encoding: 'float', bitsPerSample: 32 }),
    ),
    writeFile(
      file('six.wav'),
      encodeWav(
        Array.from({ length: 6 }, () => a4.subarray(0, 100)),
        48_000,
        { encoding: 'int', bitsPerSample: 16 },
      ),
    ),
    writeFile(
      file('cut.wav'),
      encodeWav([a4], 48_000, { encoding: 'int', bitsPerSample: 16 }).subarray(0, 5000),
    ),
    writeFile(file('text.wav'), 'not a wav file\n'),
  ]);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('npm run analyze', () => {
  it('prints one JSON frame per line at the requested fps (stereo, hard left)', async () => {
    const { code, stdout, stderr } = await analyze(file('left.wav'), '--fps', '30');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(15);
    const frames = lines.map((l) => JSON.parse(l) as JsonFrame);
    frames.forEach((f, i) => {
      expect(f.t).toBeCloseTo(((i + 1) * 1000) / 30, 2);
      expect(f.left).toHaveLength(130);
      expect(f.right).toHaveLength(130);
      expect(f.pan).toHaveLength(130);
    });
    const last = frames.at(-1) as JsonFrame;
    expect(last.left[57]).toBeCloseTo(-6.02, 0);
    expect(last.right[57]).toBe(-100);
    expect(last.pan[57]).toBeCloseTo(-1, 2);
    expect(last.left[129]).toBe(-100);
  });

  it('prints CSV with a header row, mono mirrored, weighted', async () => {
    const { code, stdout } = await analyze(
      file('mono24.wav'),
      '--format',
      'csv',
      '--fps',
      '10',
      '--weighting',
      'a',
    );
    expect(code).toBe(0);
    const [header, ...rows] = stdout.trimEnd().split('\n');
    const names = header?.split(',') ?? [];
    expect(names).toHaveLength(1 + 3 * 130);
    expect(names.slice(0, 2)).toEqual(['t', 'L0']);
    expect(names[130]).toBe('L129');
    expect(names[131]).toBe('R0');
    expect(names[261]).toBe('P0');
    expect(names[390]).toBe('P129');
    expect(rows).toHaveLength(10);
    const last = (rows.at(-1) as string).split(',').map(Number);
    expect(last[0]).toBeCloseTo(1000, 6);
    expect(last[1 + 33]).toBeCloseTo(aWeightingDb(110), 0);
    expect(last[1 + 130 + 33]).toBe(last[1 + 33]);
    expect(last[1 + 260 + 33]).toBe(0);
  });

  it('reads float WAV and takes ISO 226 weighting at a phon level', async () => {
    const flat = await analyze(file('float.wav'), '--fps', '4');
    const iso = await analyze(
      file('float.wav'),
      '--fps',
      '4',
      '--weighting',
      'iso226',
      '--phon',
      '60',
    );
    expect(flat.code).toBe(0);
    expect(iso.code).toBe(0);
    const a = JSON.parse(flat.stdout.trimEnd().split('\n').at(-1) as string) as JsonFrame;
    const b = JSON.parse(iso.stdout.trimEnd().split('\n').at(-1) as string) as JsonFrame;
    expect(a.pan[57]).toBe(0);
    // 60 phon: 440 Hz lies between 400 Hz (63.45 dB SPL) and 500 Hz (62.05); 1 kHz is 60.01.
    expect((a.left[57] as number) - (b.left[57] as number)).toBeGreaterThan(2);
    expect((a.left[57] as number) - (b.left[57] as number)).toBeLessThan(3.5);
  });

  it('fails with one line and exit 1 on unreadable, unsupported or corrupt files', async () => {
    const cases: [string, RegExp][] = [
      [file('missing.wav'), /cannot read .*missing\.wav: no such file/],
      [file('text.wav'), /not a WAV file/],
      [file('cut.wav'), /truncated WAV/],
      [file('six.wav'), /6 channels/],
    ];
    const results = await Promise.all(cases.map(([f]) => analyze(f)));
    results.forEach(({ code, stdout, stderr }, i) => {
      expect(code).toBe(1);
      expect(stdout).toBe('');
      expect(stderr).toMatch(/^analyze: /);
      expect(stderr).toMatch(cases[i]?.[1] as RegExp);
      expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    });
  });

  it('fails with exit 2 on bad usage', async () => {
    const results = await Promise.all([
      analyze(),
      analyze(file('left.wav'), '--fps', '0'),
      analyze(file('left.wav'), '--weighting', 'b'),
      analyze(file('left.wav'), '--format', 'xml'),
      analyze(file('left.wav'), '--phon', 'loud'),
      analyze(file('left.wav'), '--bogus'),
    ]);
    for (const { code, stderr } of results) {
      expect(code).toBe(2);
      expect(stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(stderr).toMatch(/--help for usage/);
    }
    const help = await analyze('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: npm run analyze/);
  });
});
