// Issue 6 in the browser, with no network at all: the app is loaded once so its service worker
// precaches everything (the hand model and MediaPipe's wasm included), then the server is shut
// down and the browser taken offline before the page is reloaded from the cache. The fake
// camera plays videos of Noto Color Emoji hands (e2e/harness/hand-video.ts):
//  (a) 🖐 then ✊ ✌ 👍 ☝ in turn: HandLandmarker in the worker finds the hand and the classifier
//      names open palm, fist, victory, thumbs up and point;
//  (b) with the live hologram of the demo tone playing, an open hand moving left to right: a swipe
//      event reaches the main thread and the hologram turns (holo-scene cameraState), with no
//      main-thread long task over 50 ms meanwhile.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type AppServer, startAppServer } from './harness/app-server.ts';
import { launchChromium } from './harness/chromium.ts';
import {
  EMOJI_HANDS,
  type EmojiPose,
  poseSegments,
  type Segment,
  writeHandVideo,
} from './harness/hand-video.ts';

const POSES: EmojiPose[] = ['fist', 'victory', 'thumbs-up', 'point'];
const SWIPE: Segment[] = [
  { glyph: EMOJI_HANDS.open, seconds: 1.2, from: { x: 0.2, y: 0.5 } },
  { glyph: EMOJI_HANDS.open, seconds: 0.7, from: { x: 0.2, y: 0.5 }, to: { x: 0.8, y: 0.5 } },
  { glyph: EMOJI_HANDS.open, seconds: 0.8, from: { x: 0.8, y: 0.5 } },
  // Long enough for the tracker to see no hand even at a few frames per second, so the jump
  // back to the start is not a swipe.
  { glyph: null, seconds: 1 },
];

const HANDS = `document.querySelector('holo-app').shadowRoot.querySelector('holo-hands')`;
const SCENE = `document.querySelector('holo-app')?.shadowRoot?.querySelector('holo-live')?.shadowRoot?.querySelector('holo-scene')`;

let tmp: string;
let posesVideo: string;
let swipeVideo: string;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'holo-hands-'));
  posesVideo = path.join(tmp, 'poses.y4m');
  swipeVideo = path.join(tmp, 'swipe.y4m');
  const painter = await launchChromium();
  try {
    await writeHandVideo(
      painter,
      posesVideo,
      POSES.flatMap((p) => poseSegments(p)),
    );
    await writeHandVideo(painter, swipeVideo, SWIPE);
  } finally {
    await painter.close();
  }
});

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

interface Offline {
  browser: Browser;
  page: Page;
  /** Requests to other hosts, and app assets the cache could not serve (must stay empty). */
  escaped: string[];
}

/**
 * A browser whose camera plays `video`, showing the app loaded from its service worker with
 * the server gone and the network off. Every gesture event is collected in window.gestures.
 */
async function openOffline(video: string): Promise<Offline> {
  const server: AppServer = await startAppServer({
    staticDir: inject('pwaDir'),
    authEmulatorHost: inject('authEmulatorHost'),
    projectId: inject('firebaseProjectId'),
  });
  const browser = await launchChromium({ fakeVideo: video });
  const context = await browser.newContext({
    locale: 'en-US',
    viewport: { width: 1280, height: 900 },
  });
  const page = await context.newPage();
  await page.goto(`${server.url}/`);
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await server.close();
  await context.setOffline(true);
  const escaped: string[] = [];
  page.on('request', (r) => {
    if (/^(https?|wss?):/.test(r.url()) && !r.url().startsWith(server.url)) escaped.push(r.url());
  });
  page.on('requestfailed', (r) => {
    if (new URL(r.url()).pathname.startsWith('/assets/')) escaped.push(r.url());
  });
  await page.reload();
  await page.evaluate(() => {
    const w = window as unknown as { gestures: string[] };
    w.gestures = [];
    document.addEventListener('holo-gesture', (e) =>
      w.gestures.push((e as CustomEvent<{ event: { gesture: string } }>).detail.event.gesture),
    );
  });
  expect(await page.evaluate(() => navigator.onLine)).toBe(false);
  return { browser, page, escaped };
}

async function cameraOn(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Turn on camera' }).click();
  await expect
    .poll(() => page.evaluate(`${HANDS}.tracking`), { timeout: 90_000, interval: 250 })
    .toBe(true);
}

const gestures = (page: Page) => page.evaluate('window.gestures') as Promise<string[]>;

/** Delegate, frames tracked and dropped, median landmark ms (for the log). */
const trackingSummary = (page: Page) =>
  page.evaluate(`(() => {
    const s = ${HANDS}.trackingStats;
    const ms = [...s.landmarkMs].sort((a, b) => a - b);
    return { delegate: s.delegate, ...s.frames, medianMs: Math.round(ms[ms.length >> 1] ?? 0) };
  })()`);

describe('hand gestures with the camera, offline', () => {
  it('finds emoji hands in the worker and names open palm, fist, victory, thumbs up, point', async () => {
    const { browser, page, escaped } = await openOffline(posesVideo);
    try {
      await cameraOn(page);
      const wanted = ['open', ...POSES];
      const missing = async () => {
        const seen = await gestures(page);
        return wanted.filter((p) => !seen.includes(p));
      };
      await expect.poll(missing, { timeout: 60_000, interval: 500 }).toEqual([]);
      console.log(
        `[hands] tracking ${JSON.stringify(await trackingSummary(page))}; poses seen ${JSON.stringify(await gestures(page))}`,
      );
      expect(escaped).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('turns the hologram on a swipe, without long tasks on the main thread', async () => {
    const { browser, page, escaped } = await openOffline(swipeVideo);
    try {
      // The live hologram of the demo tone, so there is a hologram to turn.
      await page.getByRole('button', { name: 'Start', exact: true }).click();
      await expect
        .poll(() => page.evaluate(`${SCENE}?.stats.framesRendered ?? 0`), { timeout: 30_000 })
        .toBeGreaterThan(10);
      const before = (await page.evaluate(`${SCENE}.cameraState`)) as { yaw: number };
      await cameraOn(page);
      await page.evaluate(() => {
        const w = window as unknown as { longTasks: number[] };
        w.longTasks = [];
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) w.longTasks.push(e.duration);
        }).observe({ type: 'longtask' });
      });
      try {
        await expect
          .poll(async () => (await gestures(page)).find((g) => g.startsWith('swipe-')), {
            timeout: 30_000,
            interval: 100,
          })
          .toBeDefined();
      } finally {
        console.log(`[hands] tracking: ${JSON.stringify(await trackingSummary(page))}`);
      }
      // The raw video moves left to right; the user sees it mirrored: a swipe to the left.
      expect((await gestures(page)).find((g) => g.startsWith('swipe-'))).toBe('swipe-left');
      const after = (await page.evaluate(`${SCENE}.cameraState`)) as { yaw: number };
      expect(after.yaw).not.toBeCloseTo(before.yaw, 3);
      await page.waitForTimeout(1_000);
      const longTasks = (await page.evaluate('window.longTasks')) as number[];
      console.log(
        `[hands] swipe: yaw ${before.yaw.toFixed(3)} → ${after.yaw.toFixed(3)} rad; gestures ${JSON.stringify(await gestures(page))}; long tasks ${JSON.stringify(longTasks)}`,
      );
      expect(longTasks.filter((d) => d > 50)).toEqual([]);
      expect(escaped).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
