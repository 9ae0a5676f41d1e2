// The installable, offline-first PWA in Debian Chromium, served by the real API: Chromium finds
// nothing missing for installation, the app reloads with no network (service worker precache,
// the sign-in configuration from its cache), a new version is offered and taken on request, and
// Lighthouse 12 scores the app shell ≥ 90 in performance, accessibility, best practices and SEO.
import { appendFile, cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { AppServer } from './harness/app-server.ts';
import { startBuiltApp } from './harness/browser-test.ts';
import { launchChromium, launchPersistentChromium } from './harness/chromium.ts';
import { expectLighthouseScores } from './harness/lighthouse.ts';

let server: AppServer;
let browser: Browser;
let staticDir: string;

beforeAll(async () => {
  // A copy of the build, so one test can publish a "new version" without touching the shared one.
  staticDir = await mkdtemp(path.join(os.tmpdir(), 'holo-pwa-'));
  await cp(inject('pwaDir'), staticDir, { recursive: true });
  server = await startBuiltApp(staticDir);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await rm(staticDir, { recursive: true, force: true });
});

/** Opens the app and waits until its service worker is active. */
async function openWithServiceWorker(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${server.url}/`);
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  return page;
}

describe('the PWA', () => {
  it('is installable: no installability errors, a complete manifest', async () => {
    // A profile on disk: Chromium never offers installation in an incognito-like context.
    const profile = await mkdtemp(path.join(os.tmpdir(), 'holo-profile-'));
    const context = await launchPersistentChromium(profile);
    const page = await openWithServiceWorker(context);
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    expect(installabilityErrors).toEqual([]);

    const manifest = await cdp.send('Page.getAppManifest');
    expect(manifest.errors).toEqual([]);
    const parsed = JSON.parse(manifest.data ?? '{}') as {
      name: string;
      short_name: string;
      display: string;
      theme_color: string;
      icons: { sizes: string; purpose?: string }[];
      shortcuts: { url: string }[];
    };
    expect(parsed).toMatchObject({
      name: 'Holograms',
      short_name: 'Holograms',
      display: 'standalone',
    });
    expect(parsed.theme_color).toMatch(/^#/);
    expect(parsed.icons.some((i) => i.purpose === 'maskable' && i.sizes === '512x512')).toBe(true);
    expect(parsed.icons.some((i) => i.sizes === '192x192')).toBe(true);
    expect(parsed.shortcuts.map((s) => s.url)).toContain('/?action=record');
    await context.close();
    await rm(profile, { recursive: true, force: true });
  });

  it('reloads with no network: the shell, its views and the signed-out account panel', async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await openWithServiceWorker(context);
    // The account panel fetched (and cached) the sign-in configuration while online.
    await expect
      .poll(() => page.locator('holo-account [role=status]').first().textContent())
      .toContain('Not signed in');

    await context.setOffline(true);
    await page.reload();
    await expect.poll(() => page.locator('holo-app h1').textContent()).toBe('Holograms');
    await expect
      .poll(() => page.locator('holo-app .connectivity').textContent())
      .toContain('Offline');
    await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
    await expect.poll(() => page.locator('holo-live h2').count()).toBe(1);
    await expect.poll(() => page.locator('holo-holograms h2').textContent()).toBe('My holograms');
    await expect
      .poll(() => page.locator('holo-account [role=status]').first().textContent())
      .toContain('Not signed in');
    await context.close();
  });

  it('offers a new version and takes it only when asked', async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await openWithServiceWorker(context);
    // Only a page the current version controls has an update wait for it (an uncontrolled page
    // lets the new worker activate at once).
    await page.reload();
    expect(await page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
    // Publish a new version: any byte change of sw.js is an update to the browser.
    const swPath = path.join(staticDir, 'sw.js');
    const original = await readFile(swPath, 'utf8');
    await appendFile(swPath, `\n// build ${Date.now()}\n`);
    try {
      await page.evaluate(async () => {
        await (await navigator.serviceWorker.getRegistration())?.update();
      });
      const prompt = page.locator('holo-app .update');
      await expect.poll(() => prompt.count(), { timeout: 20_000 }).toBe(1);
      expect(await prompt.textContent()).toContain('A new version of Holograms is ready.');

      const reloaded = page.waitForEvent('load');
      await prompt.getByRole('button', { name: 'Reload' }).click();
      await reloaded;
      await expect.poll(() => page.locator('holo-app h1').textContent()).toBe('Holograms');
      const state = await page.evaluate(async () => {
        const reg = await navigator.serviceWorker.getRegistration();
        return { waiting: !!reg?.waiting, controlled: !!navigator.serviceWorker.controller };
      });
      expect(state).toEqual({ waiting: false, controlled: true });
      expect(await prompt.count()).toBe(0);
    } finally {
      await writeFile(swPath, original);
      await context.close();
    }
  });

  it('scores ≥ 90 in Lighthouse 12 (performance, accessibility, best practices, SEO)', async () => {
    await expectLighthouseScores(`${server.url}/`);
  });
});
