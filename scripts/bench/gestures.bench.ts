// Gestures benchmark, in one run:
//  1. the static pose classifier on the generated landmark set of its test (kinematic hand
//     model, seed 7: six poses × both hands × 100, ±45°, tilt, scales, noise): µs per frame and
//     accuracy, beside the `fingerpose` npm package on the same landmarks (its own Victory and
//     ThumbsUp descriptions plus open, fist, point and pinch written the same way, best match
//     scoring ≥ 7.5 of 10), and the whole per-frame pipeline (poses, swipes, pinch-drag, zoom);
//     each time the best of 7 passes of 5 rounds over the set;
//  2. HandLandmarker in the hands worker of the built app in Debian Chromium (headless; the
//     CPU delegate, as the worker picks it on software WebGL), fed by a fake camera playing an
//     emoji hand: model load time, landmark latency per frame, tracked and dropped frames.
// `npm run bench:gestures` writes its section of docs/PERFORMANCE.md.

import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startAppServer } from '../../e2e/harness/app-server.ts';
import { launchChromium } from '../../e2e/harness/chromium.ts';
import { EMOJI_HANDS, writeHandVideo } from '../../e2e/harness/hand-video.ts';
import { generateDataset, POSES, type Pose } from '../../workers/gestures/hand-model.ts';
import type { Hand } from '../../workers/gestures/landmarks.ts';
import { classifyPose } from '../../workers/gestures/static-poses.ts';
import { GesturePipeline } from '../../workers/hands/pipeline.ts';
import { buildIfNeeded } from '../build-if-needed.ts';
import { type BenchRow, renderSection, writeSection } from './report.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);
const TRACK_SECONDS = 15;
/** Landmarks are fractions of the frame; fingerpose expects pixels of a (square) image. */
const PIXELS = 640;
const FINGERPOSE_MIN_SCORE = 7.5;

// --- fingerpose (MIT, no types) -------------------------------------------------------------

interface Description {
  addCurl(finger: number, curl: number, contrib: number): void;
  addDirection(finger: number, direction: number, contrib: number): void;
}
interface Fingerpose {
  GestureEstimator: new (
    gestures: Description[],
  ) => { estimate(landmarks: number[][], minScore: number): { gestures: Score[] } };
  GestureDescription: new (name: string) => Description;
  Finger: Record<'Thumb' | 'Index' | 'Middle' | 'Ring' | 'Pinky', number>;
  FingerCurl: Record<'NoCurl' | 'HalfCurl' | 'FullCurl', number>;
  FingerDirection: Record<string, number>;
  Gestures: { VictoryGesture: Description; ThumbsUpGesture: Description };
}
interface Score {
  name: string;
  score: number;
}

const fp = require('fingerpose') as Fingerpose;
const FINGERPOSE_VERSION = (require('fingerpose/package.json') as { version: string }).version;

/** Open, fist, point and pinch in fingerpose's terms (victory and thumbs up ship with it). */
function fingerposeGestures(): Description[] {
  const { Finger, FingerCurl } = fp;
  const longFingers = [Finger.Index, Finger.Middle, Finger.Ring, Finger.Pinky];
  const curled = (d: Description, f: number) => {
    d.addCurl(f, FingerCurl.FullCurl, 1);
    d.addCurl(f, FingerCurl.HalfCurl, 0.9);
  };
  const open = new fp.GestureDescription('open');
  for (const f of [Finger.Thumb, ...longFingers]) open.addCurl(f, FingerCurl.NoCurl, 1);
  // As in fingerpose's own descriptions, a thumb that may lie either way is left free.
  const fist = new fp.GestureDescription('fist');
  for (const f of longFingers) curled(fist, f);
  const point = new fp.GestureDescription('point');
  point.addCurl(Finger.Index, FingerCurl.NoCurl, 1);
  for (const f of [Finger.Middle, Finger.Ring, Finger.Pinky]) curled(point, f);
  const pinch = new fp.GestureDescription('pinch');
  pinch.addCurl(Finger.Index, FingerCurl.HalfCurl, 1);
  pinch.addCurl(Finger.Index, FingerCurl.FullCurl, 0.8);
  for (const f of [Finger.Middle, Finger.Ring, Finger.Pinky])
    pinch.addCurl(f, FingerCurl.NoCurl, 1);
  return [open, fist, point, pinch, fp.Gestures.VictoryGesture, fp.Gestures.ThumbsUpGesture];
}

const FINGERPOSE_NAMES: Record<string, Pose> = {
  open: 'open',
  fist: 'fist',
  point: 'point',
  pinch: 'pinch',
  victory: 'victory',
  thumbs_up: 'thumbs-up',
};

const toPixels = (hand: Hand) =>
  hand.landmarks.map((p) => [p.x * PIXELS, p.y * PIXELS, p.z * PIXELS]);

// --- timing ---------------------------------------------------------------------------------

const PASSES = 7;
const ROUNDS = 5;

/** Best µs per item of PASSES timed passes (ROUNDS over the items each) after a warm-up. */
function microsPer<T>(items: readonly T[], each: (item: T) => unknown): number {
  for (const item of items) each(item);
  let best = Number.POSITIVE_INFINITY;
  for (let pass = 0; pass < PASSES; pass++) {
    const t = performance.now();
    for (let round = 0; round < ROUNDS; round++) for (const item of items) each(item);
    best = Math.min(best, performance.now() - t);
  }
  return (1000 * best) / (ROUNDS * items.length);
}

function accuracy(samples: { pose: Pose; hand: Hand }[], name: (hand: Hand) => string): number {
  return samples.filter((s) => name(s.hand) === s.pose).length / samples.length;
}

export interface ClassifierFigures {
  samples: number;
  oursUs: number;
  oursAccuracy: number;
  pipelineUs: number;
  fingerposeUs: number;
  fingerposeAccuracy: number;
  fingerposePerPose: Record<Pose, number>;
}

export function classifierBench(): ClassifierFigures {
  const samples = generateDataset({ seed: 7, perPose: 100 });
  const estimator = new fp.GestureEstimator(fingerposeGestures());
  const pixels = samples.map((s) => toPixels(s.hand));
  const fingerpose = (landmarks: number[][]) => {
    const found = estimator.estimate(landmarks, FINGERPOSE_MIN_SCORE).gestures;
    const best = found.reduce<Score | null>((b, g) => (!b || g.score > b.score ? g : b), null);
    return best ? (FINGERPOSE_NAMES[best.name] ?? 'none') : 'none';
  };
  const fpNames = pixels.map(fingerpose);
  const perPose = Object.fromEntries(
    POSES.map((pose) => {
      const rows = samples.map((s, i) => [s.pose, fpNames[i]]).filter(([p]) => p === pose);
      return [pose, rows.filter(([p, n]) => p === n).length / rows.length];
    }),
  ) as Record<Pose, number>;
  const pipeline = new GesturePipeline();
  let t = 0;
  return {
    samples: samples.length,
    oursUs: microsPer(samples, (s) => classifyPose(s.hand)),
    oursAccuracy: accuracy(samples, (h) => classifyPose(h).pose),
    pipelineUs: microsPer(samples, (s) => {
      t += 33;
      return pipeline.push(t, [s.hand]);
    }),
    fingerposeUs: microsPer(pixels, fingerpose),
    fingerposeAccuracy: fpNames.filter((n, i) => n === samples[i]?.pose).length / samples.length,
    fingerposePerPose: perPose,
  };
}

// --- HandLandmarker in the worker -----------------------------------------------------------

export interface WorkerFigures {
  delegate: string;
  renderer: string;
  loadMs: number;
  medianMs: number;
  p95Ms: number;
  tracked: number;
  dropped: number;
  offered: number;
  seconds: number;
  modelBytes: number;
  wasmBytes: number;
}

/** Sizes of the hand model and the MediaPipe wasm binary in a build. */
async function assetBytes(dist: string): Promise<{ modelBytes: number; wasmBytes: number }> {
  const files = await readdir(path.join(dist, 'assets'), { recursive: true });
  const size = async (match: (f: string) => boolean) => {
    const file = files.find(match);
    return file ? (await stat(path.join(dist, 'assets', file))).size : 0;
  };
  return {
    modelBytes: await size((f) => f.endsWith('.task')),
    wasmBytes: await size((f) => f.includes('mediapipe') && f.endsWith('.wasm')),
  };
}

const HANDS = `document.querySelector('holo-app').shadowRoot.querySelector('holo-hands')`;

export async function workerBench(): Promise<WorkerFigures> {
  const dist = path.join(root, '.cache', 'bench-dist');
  await buildIfNeeded(root, dist);
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'holo-gestures-bench-'));
  const video = path.join(tmp, 'hand.y4m');
  const painter = await launchChromium();
  try {
    await writeHandVideo(painter, video, [
      { glyph: EMOJI_HANDS.open, seconds: 2, from: { x: 0.4, y: 0.5 }, to: { x: 0.6, y: 0.5 } },
      { glyph: EMOJI_HANDS.open, seconds: 2, from: { x: 0.6, y: 0.5 }, to: { x: 0.4, y: 0.5 } },
    ]);
  } finally {
    await painter.close();
  }
  const server = await startAppServer({
    staticDir: dist,
    authEmulatorHost: '127.0.0.1:9', // gestures need no sign-in
    projectId: 'demo-holograms-bench',
  });
  const browser = await launchChromium({ fakeVideo: video });
  try {
    const page = await browser.newPage({ serviceWorkers: 'block', locale: 'en-US' });
    await page.goto(`${server.url}/`);
    await page.getByRole('button', { name: 'Turn on camera' }).click();
    const deadline = Date.now() + 120_000;
    while (!(await page.evaluate(`${HANDS}.tracking`))) {
      if (Date.now() > deadline) throw new Error('hand tracking did not start in 120 s');
      await page.waitForTimeout(250);
    }
    await page.waitForTimeout(TRACK_SECONDS * 1000);
    const stats = (await page.evaluate(`${HANDS}.trackingStats`)) as {
      delegate: string;
      renderer: string;
      loadMs: number;
      frames: { offered: number; sent: number; dropped: number };
      landmarkMs: number[];
    };
    const ms = [...stats.landmarkMs].sort((a, b) => a - b);
    const at = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))] ?? 0;
    return {
      delegate: stats.delegate,
      renderer: stats.renderer,
      loadMs: stats.loadMs,
      medianMs: at(0.5),
      p95Ms: at(0.95),
      tracked: stats.frames.sent,
      dropped: stats.frames.dropped,
      offered: stats.frames.offered,
      seconds: TRACK_SECONDS,
      ...(await assetBytes(dist)),
    };
  } finally {
    await browser.close();
    await server.close();
    await rm(tmp, { recursive: true, force: true });
  }
}

export async function gesturesBench(): Promise<BenchRow[]> {
  const c = classifierBench();
  const w = await workerBench();
  const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
  const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
  const missed =
    Object.entries(c.fingerposePerPose)
      .filter(([, a]) => a < 1)
      .sort((a, b) => a[1] - b[1])
      .map(([p, a]) => `${p} ${pct(a)}`)
      .join(', ') || 'none';
  return [
    {
      what: `Holograms static pose classifier (normalise + six poses), ${c.samples} generated hands`,
      value: `${c.oursUs.toFixed(2)} µs/frame`,
      note: `accuracy ${pct(c.oursAccuracy)}`,
    },
    {
      what: `fingerpose ${FINGERPOSE_VERSION} on the same landmarks (six descriptions, score ≥ ${FINGERPOSE_MIN_SCORE})`,
      value: `${c.fingerposeUs.toFixed(2)} µs/frame`,
      note: `accuracy ${pct(c.fingerposeAccuracy)} (poses below 100 %: ${missed}); Holograms is ${(c.fingerposeUs / c.oursUs).toFixed(1)}× as fast and ${(c.oursAccuracy / Math.max(c.fingerposeAccuracy, 1e-9)).toFixed(2)}× as accurate`,
    },
    {
      what: 'Holograms whole gesture pipeline per frame (poses + hysteresis, swipes, pinch-drag, zoom)',
      value: `${c.pipelineUs.toFixed(2)} µs/frame`,
    },
    {
      what: `HandLandmarker in the hands worker, Chromium headless, ${w.delegate} delegate`,
      value: `${w.medianMs.toFixed(1)} ms/frame median`,
      note: `320 × 240 camera; p95 ${w.p95Ms.toFixed(1)} ms; ${(w.tracked / w.seconds).toFixed(1)} frames/s tracked (the worker rests 1.5× each frame's time), ${w.dropped} of ${w.offered} camera frames dropped in ${w.seconds} s; WebGL: ${w.renderer.replace(/\|/g, '/')}`,
    },
    {
      what: 'Hand model + MediaPipe wasm load in the worker (camera on → ready)',
      value: `${(w.loadMs / 1000).toFixed(2)} s`,
      note: `model ${mb(w.modelBytes)}, wasm ${mb(w.wasmBytes)}, served by the app itself`,
    },
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await gesturesBench();
  for (const r of result) console.log(`${r.what}: ${r.value}${r.note ? ` (${r.note})` : ''}`);
  const file = path.join(root, 'docs', 'PERFORMANCE.md');
  await writeSection(
    file,
    'gestures',
    renderSection('gestures', 'Gestures', 'npm run bench:gestures', result),
  );
  console.log(`written to ${path.relative(root, file)}`);
  process.exit(0);
}
