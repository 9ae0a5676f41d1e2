// Debian's Chromium driven by playwright-core (never `playwright install`: no downloads here).
// Flags keep it off the network (this machine has none) and let tests replace the microphone
// and camera with files.
import { type Browser, type BrowserContext, chromium, type LaunchOptions } from 'playwright-core';
import { requireExecutable } from './system.ts';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface ChromiumOptions {
  /** WAV file played as the microphone. */
  fakeAudio?: string;
  /** y4m or mjpeg file played as the camera. */
  fakeVideo?: string;
  extraArgs?: string[];
}

export function chromiumArgs(opts: ChromiumOptions = {}): string[] {
  const args = [
    '--no-sandbox',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
    '--disable-dev-shm-usage',
    '--autoplay-policy=no-user-gesture-required',
    '--enable-unsafe-swiftshader',
    '--ignore-gpu-blocklist',
  ];
  if (opts.fakeAudio || opts.fakeVideo) {
    args.push('--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream');
  }
  if (opts.fakeAudio) args.push(`--use-file-for-fake-audio-capture=${opts.fakeAudio}`);
  if (opts.fakeVideo) args.push(`--use-file-for-fake-video-capture=${opts.fakeVideo}`);
  return [...args, ...(opts.extraArgs ?? [])];
}

function launchOptions(opts: ChromiumOptions): LaunchOptions {
  return {
    executablePath: requireExecutable(CHROMIUM_PATH, 'Chromium', 'chromium'),
    headless: true,
    args: chromiumArgs(opts),
  };
}

export function launchChromium(opts: ChromiumOptions = {}): Promise<Browser> {
  return chromium.launch(launchOptions(opts));
}

/** A browser with a profile on disk, for tests that close and reopen the same browser. */
export function launchPersistentChromium(
  userDataDir: string,
  opts: ChromiumOptions = {},
): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, launchOptions(opts));
}
