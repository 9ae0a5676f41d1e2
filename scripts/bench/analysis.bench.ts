// Audio analysis benchmark, one thread, on the same 20 s stereo 48 kHz music-like mix at
// 60 frames/s (a hop of 800 samples): the project's analyser (130 semitone bands × 2 channels,
// pushed in 128-sample AudioWorklet quanta), Meyda computing loudness + chroma on a 2048-sample
// buffer per channel at the same hop, and fft.js real FFTs alone (2048 points, Meyda's buffer;
// 65 536 points, the power of two above the analyser's longest window of 1 s). Each figure is
// the best of 3 timed runs after a warm-up. `npm run bench:analysis` writes its section of
// docs/PERFORMANCE.md; `npm run bench` runs it with the other suites.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import FFT from 'fft.js';
import Meyda from 'meyda';
import { HologramAnalyser } from '../../workers/audio/analyser.ts';
import { musicLike, type Stereo } from '../../workers/audio/signals.ts';
import { type BenchRow, renderSection, writeSection } from './report.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const RATE = 48_000;
const SECONDS = 20;
const FPS = 60;
const HOP = RATE / FPS;
const QUANTUM = 128;
const MEYDA_BUFFER = 2048;
const MEYDA_VERSION = (
  JSON.parse(readFileSync(path.join(root, 'node_modules/meyda/package.json'), 'utf8')) as {
    version: string;
  }
).version;

export const ANALYSIS_TITLE = 'Audio analysis';

/** Best wall time in ms of 3 runs after one warm-up; `run` returns the number of frames. */
function best(run: () => number): { ms: number; frames: number } {
  let frames = run();
  let ms = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    frames = run();
    ms = Math.min(ms, performance.now() - t);
  }
  return { ms, frames };
}

function holograms({ left, right }: Stereo): number {
  const analyser = new HologramAnalyser({ sampleRate: RATE, channels: 2, fps: FPS });
  let frames = 0;
  for (let i = 0; i < left.length; i += QUANTUM) {
    analyser.push(left.subarray(i, i + QUANTUM), right.subarray(i, i + QUANTUM));
    while (analyser.pull()) frames++;
  }
  return frames;
}

function meyda({ left, right }: Stereo): number {
  Meyda.bufferSize = MEYDA_BUFFER;
  Meyda.sampleRate = RATE;
  let frames = 0;
  for (let end = MEYDA_BUFFER; end <= left.length; end += HOP) {
    Meyda.extract(['loudness', 'chroma'], left.subarray(end - MEYDA_BUFFER, end));
    Meyda.extract(['loudness', 'chroma'], right.subarray(end - MEYDA_BUFFER, end));
    frames++;
  }
  return frames;
}

function bareFft(size: number, { left, right }: Stereo): number {
  const fft = new FFT(size);
  const out = fft.createComplexArray();
  const input = new Array<number>(size).fill(0);
  let frames = 0;
  for (let end = size; end <= left.length; end += HOP) {
    for (const channel of [left, right]) {
      for (let k = 0; k < size; k++) input[k] = channel[end - size + k] as number;
      fft.realTransform(out, input);
    }
    frames++;
  }
  return frames;
}

export async function analysisBench(): Promise<BenchRow[]> {
  const mix = musicLike(SECONDS, RATE);
  const fps = (r: { ms: number; frames: number }) => (1000 * r.frames) / r.ms;
  const ours = best(() => holograms(mix));
  const theirs = best(() => meyda(mix));
  const small = best(() => bareFft(MEYDA_BUFFER, mix));
  const large = best(() => bareFft(65_536, mix));
  const ourFps = fps(ours);
  const rtf = ((1000 * SECONDS) / ours.ms).toFixed(0);
  const meydaRtf = (fps(theirs) / FPS).toFixed(0);
  const vs = (r: { ms: number; frames: number }) =>
    `Holograms does ${(ourFps / fps(r)).toFixed(2)}× its frames/s`;
  return [
    {
      what: `Holograms analysis: 130 bands × 2 channels, stereo 48 kHz, ${FPS} fps, ${QUANTUM}-sample pushes`,
      value: `${ourFps.toFixed(0)} frames/s`,
      note: `real-time factor ${rtf}× on one thread (target ≥ 100×); ${((1000 * ours.ms) / ours.frames).toFixed(1)} µs per frame`,
    },
    {
      what: `Meyda ${MEYDA_VERSION} loudness + chroma, ${MEYDA_BUFFER}-sample buffer × 2 channels, same hop`,
      value: `${fps(theirs).toFixed(0)} frames/s`,
      note: `real-time factor ${meydaRtf}×; ${vs(theirs)} (target > 1×)`,
    },
    {
      what: `fft.js real FFT alone, ${MEYDA_BUFFER} points × 2 channels, same hop`,
      value: `${fps(small).toFixed(0)} frames/s`,
      note: vs(small),
    },
    {
      what: 'fft.js real FFT alone, 65 536 points × 2 channels (1 s window), same hop',
      value: `${fps(large).toFixed(0)} frames/s`,
      note: vs(large),
    },
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await analysisBench();
  for (const r of result) console.log(`${r.what}: ${r.value}${r.note ? ` (${r.note})` : ''}`);
  const file = path.join(root, 'docs', 'PERFORMANCE.md');
  await writeSection(
    file,
    'analysis',
    renderSection('analysis', ANALYSIS_TITLE, 'npm run bench:analysis', result),
  );
  console.log(`written to ${path.relative(root, file)}`);
  process.exit(0);
}
