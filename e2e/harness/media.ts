// Media files the browser tests feed Chromium as a fake microphone or camera: WAV through the
// project's own encoder (workers/audio/wav-encode.ts), video rendered by Debian's ffmpeg into
// y4m, the format Chromium's fake capture reads.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { encodeWav } from '../../workers/audio/wav-encode.ts';
import { requireExecutable } from './system.ts';

export { sine } from '../../workers/audio/signals.ts';

const run = promisify(execFile);

/** Writes channels (samples in −1…1) as a 16-bit PCM WAV file. */
export async function writeWav(file: string, channels: Float32Array[], sampleRate: number) {
  await writeFile(file, encodeWav(channels, sampleRate, { encoding: 'int', bitsPerSample: 16 }));
}

export interface VideoOptions {
  seconds: number;
  width?: number;
  height?: number;
  fps?: number;
  /** An ffmpeg lavfi source graph; the default is a moving test pattern. */
  source?: string;
}

/** Renders a y4m video with ffmpeg for --use-file-for-fake-video-capture. */
export async function writeY4m(file: string, opts: VideoOptions): Promise<void> {
  const ffmpeg = requireExecutable('/usr/bin/ffmpeg', 'ffmpeg', 'ffmpeg');
  const { width = 320, height = 240, fps = 15 } = opts;
  const source = opts.source ?? `testsrc2=size=${width}x${height}:rate=${fps}`;
  await run(ffmpeg, [
    '-loglevel',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    source,
    '-t',
    String(opts.seconds),
    '-pix_fmt',
    'yuv420p',
    file,
  ]);
}

/** A real webm/opus file (a sine) made by Debian's ffmpeg, as MediaRecorder would send. */
export async function makeWebmOpus(seconds = 2): Promise<Uint8Array> {
  const ffmpeg = requireExecutable('/usr/bin/ffmpeg', 'ffmpeg', 'ffmpeg');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'holo-webm-'));
  try {
    const file = path.join(dir, 'a.webm');
    await run(ffmpeg, [
      '-loglevel',
      'error',
      '-f',
      'lavfi',
      '-i',
      `sine=frequency=440:duration=${seconds}`,
      '-c:a',
      'libopus',
      file,
    ]);
    return new Uint8Array(await readFile(file));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
