// Smoke test of the browser harness and the built app: Debian Chromium loads the PWA from the
// API (embedded defaults + the Auth Emulator), sees every part up, and the fake microphone and
// camera fed from generated files really deliver a 440 Hz tone and moving pictures.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppServer } from './harness/app-server.ts';
import { collectErrors, startBuiltApp } from './harness/browser-test.ts';
import { launchChromium } from './harness/chromium.ts';
import { sine, writeWav, writeY4m } from './harness/media.ts';

let server: AppServer;
let browser: Browser;
let tmp: string;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'holo-e2e-'));
  const wav = path.join(tmp, 'a440.wav');
  const video = path.join(tmp, 'pattern.y4m');
  await writeWav(wav, [sine(440, 4, 48_000, 0.5), sine(440, 4, 48_000, 0.5)], 48_000);
  await writeY4m(video, { seconds: 2 });
  server = await startBuiltApp();
  browser = await launchChromium({ fakeAudio: wav, fakeVideo: video });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await rm(tmp, { recursive: true, force: true });
});

describe('the app in Chromium', () => {
  it('loads the shell and shows every part of the API up', async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    const errors = collectErrors(page, { console: true });

    await page.goto(`${server.url}/`);
    await expect.poll(() => page.evaluate(() => !!customElements.get('holo-app'))).toBe(true);
    await expect.poll(() => page.locator('holo-app .parts .state.up').count()).toBe(3);
    expect(await page.locator('holo-app h1').textContent()).toBe('Holograms');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('opens client routes such as /h/{token} in the app, in Russian for a Russian browser', async () => {
    const context = await browser.newContext({ locale: 'ru-RU' });
    const page = await context.newPage();
    await page.goto(`${server.url}/h/some-share-token`);
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('ru');
    await context.close();
  });

  it('hears the generated 440 Hz tone through the fake microphone', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    const peakHz = await page.evaluate(async () => {
      const stream = await navigator.mediaDevices.getUserMedia({
        audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false },
      });
      const ctx = new AudioContext();
      const analyser = ctx.createAnalyser();
      analyser.fftSize = 8192;
      ctx.createMediaStreamSource(stream).connect(analyser);
      const bins = new Float32Array(analyser.frequencyBinCount);
      let best = 0;
      for (let tries = 0; tries < 50 && best === 0; tries++) {
        await new Promise((r) => setTimeout(r, 100));
        analyser.getFloatFrequencyData(bins);
        let max = -Infinity;
        bins.forEach((db, i) => {
          if (db > max && db > -60) {
            max = db;
            best = i;
          }
        });
      }
      const hz = (best * ctx.sampleRate) / analyser.fftSize;
      for (const t of stream.getTracks()) t.stop();
      await ctx.close();
      return hz;
    });
    expect(peakHz).toBeGreaterThan(430);
    expect(peakHz).toBeLessThan(450);
    await context.close();
  });

  it('sees moving pictures from the fake camera', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    const frames = await page.evaluate(async () => {
      const stream = await navigator.mediaDevices.getUserMedia({ video: true });
      const video = document.createElement('video');
      video.muted = true;
      video.srcObject = stream;
      await video.play();
      const canvas = document.createElement('canvas');
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      const g = canvas.getContext('2d', { willReadFrequently: true }) as CanvasRenderingContext2D;
      const grab = () => {
        g.drawImage(video, 0, 0);
        const { data } = g.getImageData(0, 0, canvas.width, canvas.height);
        let sum = 0;
        for (let i = 0; i < data.length; i += 4)
          sum += (data[i] as number) + (data[i + 1] as number);
        return sum;
      };
      const first = grab();
      await new Promise((r) => setTimeout(r, 700));
      const later = grab();
      for (const t of stream.getTracks()) t.stop();
      return { width: canvas.width, height: canvas.height, first, later };
    });
    expect(frames.width).toBe(320);
    expect(frames.height).toBe(240);
    expect(frames.first).toBeGreaterThan(0);
    expect(frames.later).not.toBe(frames.first);
  });
});
