// What the browser tests share when they start: the built app served by the real API with the
// global setup's Auth Emulator, and the errors a page reports while a test drives it.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { inject } from 'vitest';
import { type AppServer, startAppServer } from './app-server.ts';
import { launchChromium } from './chromium.ts';
import { sine, writeWav } from './media.ts';

/** The API serving `staticDir` (by default the PWA the global setup built), signing in with the
 * harness's Auth Emulator. */
export function startBuiltApp(staticDir: string = inject('pwaDir')): Promise<AppServer> {
  return startAppServer({
    staticDir,
    authEmulatorHost: inject('authEmulatorHost'),
    projectId: inject('firebaseProjectId'),
  });
}

export interface MicrophoneApp {
  server: AppServer;
  /** Chromium whose microphone plays a steady 440 Hz tone (A4), 10 s, stereo, looped. */
  browser: Browser;
  /** A temporary directory of the suite's own (the tone's WAV is in it). */
  tmp: string;
  close(): Promise<void>;
}

/** The built app and a browser listening to A4, for the suites that need a live sound. */
export async function startAppWithA440(prefix: string): Promise<MicrophoneApp> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), prefix));
  const wav = path.join(tmp, 'a440.wav');
  await writeWav(wav, [sine(440, 10, 48_000, 0.5), sine(440, 10, 48_000, 0.5)], 48_000);
  const server = await startBuiltApp();
  const browser = await launchChromium({ fakeAudio: wav });
  return {
    server,
    browser,
    tmp,
    async close() {
      await browser.close();
      await server.close();
      await rm(tmp, { recursive: true, force: true });
    },
  };
}

/**
 * The page's uncaught exceptions and, with `console`, its console errors, in an array that fills
 * as they happen.
 */
export function collectErrors(page: Page, { console = false } = {}): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  if (console) {
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
  }
  return errors;
}
