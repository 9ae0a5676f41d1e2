// Issue 7 in Chromium: user A's hologram (real webm/opus chunks from ffmpeg and frames in the
// project's format, uploaded through the API with an Auth Emulator token) is shared; a fresh
// browser context with no account opens /h/{token}: the first frame comes within 1.5 s, the
// frames it shows are the recorded ones at the audio clock's position, and the sound plays.
// Pause, seek and speed work; the replay keeps working offline; the exported WebM decodes
// (ffprobe) with the hologram's duration and is not blank; after revoking, the page says so and
// every public endpoint answers 404, chunks included.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ReplayState } from '../src/share/holo-replay.ts';
import { webmDurationMs } from '../src/share/webm-duration.ts';
import type { AppServer } from './harness/app-server.ts';
import { startBuiltApp } from './harness/browser-test.ts';
import { launchChromium } from './harness/chromium.ts';
import { createUser, type EmulatorUser } from './harness/firebase-users.ts';
import { expectLighthouseScores } from './harness/lighthouse.ts';
import {
  makeRecording,
  RECORDING_FPS,
  type Recording,
  recordedFrame,
  shareHologram,
  uploadRecording,
} from './harness/shared-hologram.ts';
import { requireExecutable } from './harness/system.ts';

const run = promisify(execFile);
const FIRST_FRAME_LIMIT_MS = 1500;
const REPLAY = `document.querySelector('holo-replay')`;
const SCENE = `${REPLAY}?.shadowRoot?.querySelector('holo-scene')`;

interface Sample {
  positionMs: number;
  pushedAtMs: number;
  t: number;
  left: number[];
  right: number[];
  pan: number[];
  peak: number;
  contextTime: number;
}

let server: AppServer;
let browser: Browser;
let tmp: string;
let alice: EmulatorUser;
let recording: Recording;
let hologramId: string;
let token: string;

const api = (p: string, init: RequestInit = {}) => fetch(`${server.url}${p}`, init);
const stateOf = (page: Page) =>
  page.evaluate(`${REPLAY}?.replayState ?? null`) as Promise<ReplayState | null>;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'holo-share-e2e-'));
  server = await startBuiltApp();
  recording = await makeRecording(3, 2);
  alice = await createUser(
    inject('authEmulatorHost'),
    `alice-${Date.now()}@example.com`,
    'pw-alice-123',
  );
  hologramId = await uploadRecording(api, alice.idToken, recording, 'Morning train');
  token = await shareHologram(api, alice.idToken, hologramId);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await rm(tmp, { recursive: true, force: true });
});

/** A fresh context: no account, no storage, no service worker. */
async function freshPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    locale: 'en-US',
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
  });
  const page = await context.newPage();
  // tsx keeps function names with a helper the page does not have
  await page.addInitScript('globalThis.__name ??= (f) => f;');
  return { context, page };
}

/**
 * Collects every distinct frame the scene shows, with the clock's position at that moment, from
 * the moment the page starts (an init script, so nothing before the first frame is missed).
 */
const SAMPLER = `(() => {
  window.samples = [];
  let last = -1;
  const step = () => {
    const replay = ${REPLAY};
    const scene = ${SCENE};
    const f = scene?.currentFrame;
    if (replay?.replayState && f && f.t !== last) {
      last = f.t;
      const s = replay.replayState;
      window.samples.push({
        positionMs: s.positionMs, pushedAtMs: s.pushedAtMs, t: f.t, peak: s.outputPeak,
        contextTime: s.contextTime,
        left: Array.from(f.left), right: Array.from(f.right), pan: Array.from(f.pan),
      });
    }
    requestAnimationFrame(step);
  };
  requestAnimationFrame(step);
})()`;

/** Opens the replay in a fresh context and waits for its first frame; returns its time. */
async function openReplay() {
  const { context, page } = await freshPage();
  await page.addInitScript(SAMPLER);
  await page.goto(`${server.url}/h/${token}`);
  await expect
    .poll(async () => (await stateOf(page))?.firstFrameAt ?? null, { timeout: 10_000 })
    .not.toBeNull();
  const firstFrameMs = (await stateOf(page))?.firstFrameAt as number;
  const marks = (await page.evaluate(() =>
    performance
      .getEntriesByType('mark')
      .filter((m) => m.name.startsWith('holo-replay'))
      .map((m) => `${m.name.replace('holo-replay-', '')} ${m.startTime.toFixed(0)}`),
  )) as string[];
  return { context, page, firstFrameMs, marks };
}

describe('a shared hologram replays for anyone with the link', () => {
  it('reaches the first frame fast, shows exactly the recorded frames in step with the sound', async () => {
    // Three cold opens (fresh context, no cache, no service worker); the median must be in time.
    const opens = [];
    for (let i = 0; i < 3; i++) {
      const open = await openReplay();
      opens.push(open);
      if (i < 2) await open.context.close();
    }
    const times = opens.map((o) => o.firstFrameMs).sort((a, b) => a - b);
    console.log(
      `[share] first frame after navigation, cold: ${times.map((t) => t.toFixed(0)).join(', ')} ms; marks of the last: ${opens[2]?.marks.join(', ')}`,
    );
    expect(times[1]).toBeLessThanOrEqual(FIRST_FRAME_LIMIT_MS);
    const { context, page } = opens[2] as Awaited<ReturnType<typeof openReplay>>;
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    await page
      .getByRole('heading', { level: 1, name: 'Morning train' })
      .waitFor({ state: 'visible' });
    expect(await page.title()).toBe('Morning train · Holograms');

    // It plays by itself (autoplay is allowed in the test browser) to the end.
    await expect
      .poll(
        async () => {
          const s = await stateOf(page);
          return s ? s.positionMs >= s.endMs - 1 && !s.playing : false;
        },
        { timeout: 20_000, interval: 100 },
      )
      .toBe(true);
    const state = (await stateOf(page)) as ReplayState;
    expect(state.status).toBe('ready');
    expect(state.endMs).toBeGreaterThan(recording.durationMs * 0.97);
    expect(state.endMs).toBeLessThan(recording.durationMs * 1.05);
    expect(state.contextTime).toBeGreaterThan(recording.durationMs / 1000 - 0.5);

    const samples = (await page.evaluate('window.samples')) as Sample[];
    expect(samples.length).toBeGreaterThan(60);
    let previousIndex = -1;
    let behind = 0;
    for (const s of samples) {
      const index = Math.round((s.t * RECORDING_FPS) / 1000);
      const expected = recordedFrame(index);
      expect(s.t).toBeCloseTo(expected.t, 3);
      expect(s.left).toEqual(Array.from(expected.left));
      expect(s.right).toEqual(Array.from(expected.right));
      expect(s.pan).toEqual(Array.from(expected.pan));
      expect(index).toBeGreaterThan(previousIndex);
      previousIndex = index;
      // The frame pushed is the one recorded at the audio clock's position then: the latest
      // with t at or before it. (The last frame stays up to the end of the sound.)
      expect(s.t).toBeLessThanOrEqual(s.pushedAtMs + 1e-6);
      if (index < recording.frames.length - 1) {
        expect(s.pushedAtMs).toBeLessThan(s.t + 1000 / RECORDING_FPS);
      }
      // And it is still up when looked at: at most a few animation frames behind the clock.
      behind = Math.max(behind, s.positionMs - s.t);
      expect(s.positionMs - s.t).toBeLessThan(250);
    }
    expect(Math.round(((samples[0] as Sample).t * RECORDING_FPS) / 1000)).toBeLessThan(10);
    expect(previousIndex).toBeGreaterThan(recording.frames.length - 10);
    // The sound played: the analyser on the output saw the sine while the clock ran.
    expect(Math.max(...samples.map((s) => s.peak))).toBeGreaterThan(0.05);
    console.log(
      `[share] ${samples.length} of ${recording.frames.length} recorded frames shown, each exact; frame at most ${behind.toFixed(1)} ms behind the audio clock; peak ${Math.max(...samples.map((s) => s.peak)).toFixed(2)}`,
    );
    await context.close();
  });

  it('pauses, seeks and changes speed', async () => {
    const { context, page } = await freshPage();
    await page.goto(`${server.url}/h/${token}`);
    await expect.poll(async () => (await stateOf(page))?.chunksLoaded, { timeout: 10_000 }).toBe(3);
    await page.getByRole('button', { name: 'Pause' }).click();
    const paused = (await stateOf(page)) as ReplayState;
    await page.waitForTimeout(300);
    expect((await stateOf(page))?.positionMs).toBe(paused.positionMs);
    expect(paused.sounding).toBe(false);

    // Scrub to 4.5 s: the scene shows the frame recorded there.
    await page.getByRole('slider', { name: 'Position' }).fill('4500');
    await expect
      .poll(() => page.evaluate(`${SCENE}.currentFrame.t`))
      .toBeCloseTo(recordedFrame(270).t, 3);
    expect((await stateOf(page))?.positionMs).toBe(4500);

    // Twice the speed: the clock runs twice as fast as the audio context.
    await page.getByLabel('Speed').selectOption('2');
    await page.getByRole('button', { name: 'Play' }).click();
    await expect.poll(async () => (await stateOf(page))?.sounding).toBe(true);
    const a = (await stateOf(page)) as ReplayState;
    await page.waitForTimeout(400);
    const b = (await stateOf(page)) as ReplayState;
    const ratio = (b.positionMs - a.positionMs) / ((b.contextTime - a.contextTime) * 1000);
    expect(ratio).toBeGreaterThan(1.9);
    expect(ratio).toBeLessThan(2.1);

    // The camera buttons move the scene's camera.
    const before = await page.evaluate(`${SCENE}.cameraState.yaw`);
    await page.getByRole('button', { name: 'Turn left' }).click();
    expect(await page.evaluate(`${SCENE}.cameraState.yaw`)).not.toBe(before);
    await context.close();
  });

  it('exports a WebM video that decodes with the hologram’s duration and is not blank', async () => {
    const ffprobe = requireExecutable('/usr/bin/ffprobe', 'ffprobe', 'ffmpeg');
    const ffmpeg = requireExecutable('/usr/bin/ffmpeg', 'ffmpeg', 'ffmpeg');
    const { context, page } = await freshPage();
    await page.goto(`${server.url}/h/${token}`);
    await expect.poll(async () => (await stateOf(page))?.chunksLoaded, { timeout: 10_000 }).toBe(3);
    const downloading = page.waitForEvent('download', { timeout: 30_000 });
    await page.getByRole('button', { name: 'Download video' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('Morning-train.webm');
    const file = path.join(tmp, 'export.webm');
    await download.saveAs(file);
    await page.getByText('The video is downloaded.').waitFor({ state: 'visible' });

    const declared = webmDurationMs(new Uint8Array(await readFile(file)));
    const { stdout } = await run(ffprobe, [
      '-v',
      'error',
      '-show_entries',
      'format=duration:stream=codec_type,codec_name',
      '-of',
      'json',
      file,
    ]);
    const probe = JSON.parse(stdout) as {
      format: { duration: string };
      streams: Array<{ codec_type: string; codec_name: string }>;
    };
    const seconds = Number(probe.format.duration);
    console.log(
      `[share] export: ${JSON.stringify(probe.streams)}, duration ${seconds} s (declared ${declared} ms)`,
    );
    expect(probe.streams.map((s) => s.codec_type).sort()).toEqual(['audio', 'video']);
    expect(Math.abs(seconds * 1000 - recording.durationMs) / recording.durationMs).toBeLessThan(
      0.05,
    );
    // Decoding it whole agrees: the last packet ends near the same time.
    const { stderr } = await run(ffmpeg, ['-v', 'info', '-i', file, '-f', 'null', '-'], {
      maxBuffer: 16 * 1024 * 1024,
    });
    const decodedTimes = [...stderr.matchAll(/time=(\d+):(\d+):([\d.]+)/g)].map(
      (m) => Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]),
    );
    const decoded = decodedTimes.at(-1) ?? 0;
    expect(Math.abs(decoded * 1000 - recording.durationMs) / recording.durationMs).toBeLessThan(
      0.05,
    );

    // A frame from the middle is a picture, not a flat colour.
    const { stdout: raw } = await run(
      ffmpeg,
      [
        '-v',
        'error',
        '-ss',
        '3',
        '-i',
        file,
        '-frames:v',
        '1',
        '-vf',
        'scale=320:-2',
        '-f',
        'rawvideo',
        '-pix_fmt',
        'rgb24',
        '-',
      ],
      { encoding: 'buffer', maxBuffer: 16 * 1024 * 1024 },
    );
    const px = new Uint8Array(raw);
    expect(px.length).toBeGreaterThan(320 * 100 * 3);
    const [r0, g0, b0] = [px[0] ?? 0, px[1] ?? 0, px[2] ?? 0];
    let differing = 0;
    for (let i = 0; i < px.length; i += 3) {
      if (
        Math.abs((px[i] ?? 0) - r0) +
          Math.abs((px[i + 1] ?? 0) - g0) +
          Math.abs((px[i + 2] ?? 0) - b0) >
        40
      )
        differing++;
    }
    expect(differing / (px.length / 3)).toBeGreaterThan(0.002);
    // And its sound is there: the sine, well above silence.
    const { stderr: volume } = await run(ffmpeg, [
      '-v',
      'info',
      '-i',
      file,
      '-af',
      'volumedetect',
      '-vn',
      '-f',
      'null',
      '-',
    ]);
    const mean = Number(/mean_volume: (-?[\d.]+) dB/.exec(volume)?.[1]);
    expect(mean).toBeGreaterThan(-40);
    console.log(
      `[share] export frame: ${((100 * differing) / (px.length / 3)).toFixed(1)} % of pixels lit; audio mean ${mean} dB`,
    );
    await context.close();
  });

  it('keeps working offline once opened', async () => {
    const { context, page } = await freshPage();
    await page.goto(`${server.url}/h/${token}`);
    await expect.poll(async () => (await stateOf(page))?.chunksLoaded, { timeout: 10_000 }).toBe(3);
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    // Let the service worker finish precaching the app before the network goes away.
    await expect
      .poll(
        () =>
          page.evaluate(
            async () => (await navigator.serviceWorker.getRegistration())?.active?.state,
          ),
        {
          timeout: 60_000,
        },
      )
      .toBe('activated');
    await context.setOffline(true);
    await page.reload();
    await expect
      .poll(async () => (await stateOf(page))?.firstFrameAt ?? null, { timeout: 10_000 })
      .not.toBeNull();
    await expect.poll(async () => (await stateOf(page))?.chunksLoaded, { timeout: 10_000 }).toBe(3);
    expect((await stateOf(page))?.status).toBe('ready');
    await page
      .getByRole('heading', { level: 1, name: 'Morning train' })
      .waitFor({ state: 'visible' });
    await context.setOffline(false);
    await context.close();
  });

  it('scores ≥ 90 in Lighthouse 12 on the replay page', async () => {
    const url = `${server.url}/h/${token}`;
    await expectLighthouseScores(url, 'lighthouse replay');
  });

  it('after revoking: the link shows the revoked page and every public endpoint answers 404', async () => {
    const revoked = await api(`/api/v1/holograms/${hologramId}/share`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${alice.idToken}` },
    });
    expect(revoked.status).toBe(204);
    const { context, page } = await freshPage();
    await page.goto(`${server.url}/h/${token}`);
    await page
      .getByRole('heading', { level: 1, name: 'This link does not work' })
      .waitFor({ state: 'visible' });
    await page.getByRole('link', { name: 'Open Holograms' }).first().waitFor({ state: 'visible' });
    for (const p of [
      `/api/public/shares/${token}`,
      `/api/public/shares/${token}/preview.png`,
      ...recording.chunks.flatMap((_, seq) => [
        `/api/public/shares/${token}/chunks/${seq}/audio`,
        `/api/public/shares/${token}/chunks/${seq}/frames`,
      ]),
    ]) {
      const res = await api(p);
      expect(res.status, p).toBe(404);
    }
    const card = await (await api(`/h/${token}`)).text();
    expect(card).not.toContain('Morning train');
    await context.close();
  });
});
