// Media files the browser tests feed Chromium as a fake microphone or camera. WAV is written
// here (16-bit PCM); video is rendered by Debian's ffmpeg into y4m, the format Chromium's
// fake capture reads.
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { requireExecutable } from './system.ts';

const run = promisify(execFile);

/** One channel of `seconds` of a sine at `frequency` Hz, peak `amplitude` (1 = full scale). */
export function sine(frequency: number, seconds: number, sampleRate: number, amplitude = 0.5) {
  const out = new Float32Array(Math.round(seconds * sampleRate));
  const w = (2 * Math.PI * frequency) / sampleRate;
  for (let i = 0; i < out.length; i++) out[i] = amplitude * Math.sin(w * i);
  return out;
}

/** Encodes channels (equal lengths, samples in −1…1) as a 16-bit PCM WAV file. */
export function encodeWav(channels: Float32Array[], sampleRate: number): Uint8Array {
  const first = channels[0];
  if (!first || channels.some((c) => c.length !== first.length)) {
    throw new Error('encodeWav needs at least one channel, all of equal length');
  }
  const frames = first.length;
  const blockAlign = channels.length * 2;
  const dataBytes = frames * blockAlign;
  const buf = new ArrayBuffer(44 + dataBytes);
  const view = new DataView(buf);
  const ascii = (offset: number, s: string) => {
    for (let i = 0; i < s.length; i++) view.setUint8(offset + i, s.charCodeAt(i));
  };
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + dataBytes, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, channels.length, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * blockAlign, true);
  view.setUint16(32, blockAlign, true);
  view.setUint16(34, 16, true);
  ascii(36, 'data');
  view.setUint32(40, dataBytes, true);
  let offset = 44;
  for (let i = 0; i < frames; i++) {
    for (const ch of channels) {
      const s = Math.max(-1, Math.min(1, ch[i] as number));
      view.setInt16(offset, Math.round(s < 0 ? s * 0x8000 : s * 0x7fff), true);
      offset += 2;
    }
  }
  return new Uint8Array(buf);
}

export async function writeWav(file: string, channels: Float32Array[], sampleRate: number) {
  await writeFile(file, encodeWav(channels, sampleRate));
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
