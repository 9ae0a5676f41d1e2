// First frame of a shared replay on loopback: how long after navigating to /h/{token} the first
// recorded frame is pushed into the scene (the page's `holo-replay-first-frame` mark, on the
// navigation's clock), cold (a fresh browser context: no cache, no service worker) and warm (the
// same context reloading, served by the service worker). The hologram is 4 chunks of 4 s as the
// recorder writes them (ffmpeg's webm/opus, 60 frames/s), uploaded through the API with an Auth
// Emulator account. Target: ≤ 1.5 s cold. `npm run bench:replay` writes its section of
// docs/PERFORMANCE.md.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { startAppServer } from '../../e2e/harness/app-server.ts';
import { launchChromium } from '../../e2e/harness/chromium.ts';
import { createUser } from '../../e2e/harness/firebase-users.ts';
import { freePort } from '../../e2e/harness/ports.ts';
import {
  makeRecording,
  shareHologram,
  uploadRecording,
} from '../../e2e/harness/shared-hologram.ts';
import { buildIfNeeded } from '../build-if-needed.ts';
import { startAuthEmulator } from '../firebase/auth-emulator.ts';
import { type BenchRow, renderSection, writeSection } from './report.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const COLD_RUNS = 9;
const WARM_RUNS = 5;
const TARGET_MS = 1500;
const PROJECT = 'demo-holograms-bench';
const STEPS = ['boot', 'manifest', 'scene', 'first-chunk', 'first-frame'] as const;

type Marks = Partial<Record<(typeof STEPS)[number], number>>;

/** Waits for the first frame and answers the page's marks (ms since navigation start). */
async function marksOf(page: Page): Promise<Marks> {
  await page.waitForFunction(
    () => performance.getEntriesByName('holo-replay-first-frame').length > 0,
    undefined,
    { timeout: 20_000, polling: 20 },
  );
  return page.evaluate(() =>
    Object.fromEntries(
      performance
        .getEntriesByType('mark')
        .filter((m) => m.name.startsWith('holo-replay-'))
        .map((m) => [m.name.slice('holo-replay-'.length), m.startTime]),
    ),
  );
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};
const ms = (x: number) => `${Math.round(x)} ms`;

function summary(label: string, runs: Marks[]): BenchRow[] {
  const first = runs.map((r) => r['first-frame'] ?? Number.NaN);
  const steps = STEPS.filter((s) => s !== 'first-frame')
    .map((s) => `${s} ${ms(median(runs.map((r) => r[s] ?? Number.NaN)))}`)
    .join(', ');
  return [
    {
      what: `${label}: navigation → first frame pushed`,
      value: `${ms(median(first))} median`,
      note: `${runs.length} runs, ${ms(Math.min(...first))} … ${ms(Math.max(...first))}; medians of the steps: ${steps}`,
    },
  ];
}

export const REPLAY_TITLE = 'Shared replay: first frame';

export async function replayBench(): Promise<BenchRow[]> {
  const dist = path.join(root, '.cache', 'bench-dist');
  await buildIfNeeded(root, dist);
  const emulator = await startAuthEmulator({
    projectId: PROJECT,
    cwd: root,
    ports: { auth: await freePort(), hub: await freePort(), logging: await freePort() },
  });
  const server = await startAppServer({
    staticDir: dist,
    authEmulatorHost: emulator.host,
    projectId: PROJECT,
  });
  const browser = await launchChromium();
  try {
    const api = (p: string, init: RequestInit) => fetch(`${server.url}${p}`, init);
    const user = await createUser(emulator.host, `bench-${Date.now()}@example.com`, 'pw-bench-1');
    const recording = await makeRecording(4, 4);
    const id = await uploadRecording(api, user.idToken, recording, 'Replay bench');
    const url = `${server.url}/h/${await shareHologram(api, user.idToken, id)}`;

    const cold: Marks[] = [];
    for (let i = 0; i < COLD_RUNS; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      await page.goto(url);
      cold.push(await marksOf(page));
      await context.close();
    }

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(url);
    await marksOf(page);
    await page.evaluate(() => navigator.serviceWorker.ready);
    const warm: Marks[] = [];
    for (let i = 0; i < WARM_RUNS; i++) {
      await page.reload();
      warm.push(await marksOf(page));
    }
    await context.close();

    const coldMedian = median(cold.map((r) => r['first-frame'] ?? Number.NaN));
    return [
      ...summary('cold (new context: no cache, no service worker)', cold),
      ...summary('warm (reload, served by the service worker)', warm),
      {
        what: 'target',
        value: coldMedian <= TARGET_MS ? 'met' : 'MISSED',
        note: `cold median ≤ ${TARGET_MS} ms; hologram of ${recording.chunks.length} chunks × 4 s, 60 frames/s; loopback, SwiftShader WebGL, 1280×900`,
      },
    ];
  } finally {
    await browser.close();
    await server.close();
    await emulator.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await replayBench();
  for (const r of result) console.log(`${r.what}: ${r.value}${r.note ? ` (${r.note})` : ''}`);
  const file = path.join(root, 'docs', 'PERFORMANCE.md');
  await writeSection(
    file,
    'replay',
    renderSection('replay', REPLAY_TITLE, 'npm run bench:replay', result),
  );
  console.log(`written to ${path.relative(root, file)}`);
  process.exit(0);
}
