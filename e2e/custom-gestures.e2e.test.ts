// Custom gestures end to end in Debian Chromium, on the built app served by the real API (embedded
// defaults) with the Auth Emulator. The fake camera plays a Noto Color Emoji hand (an open hand,
// then ✌ held for seconds, e2e/harness/hand-video.ts) through the same path as a real camera:
//  1. the gesture panel's teacher records ten samples of the tracked hand, and once saved the
//     tracker names the hand with the taught name and its action (sensitivity +3 dB) reaches the
//     live view through the app bus;
//  2. signing in (anonymously, through the page's auth client) adopts the gesture into the
//     account and sends it: GET /api/v1/gestures with the user's token lists it;
//  3. signed in to an email account (created in the emulator) the panel starts empty (accounts
//     never mix), a gesture taught there reaches the API, and a second browser context signed in
//     to that account pulls it into its IndexedDB store and its classifier.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { GestureChanges } from '../api/gestures/contract.ts';
import type { AppServer } from './harness/app-server.ts';
import { collectErrors, startBuiltApp } from './harness/browser-test.ts';
import { launchChromium } from './harness/chromium.ts';
import { createUser } from './harness/firebase-users.ts';
import { EMOJI_HANDS, type Segment, writeHandVideo } from './harness/hand-video.ts';

const VIDEO: Segment[] = [
  { glyph: EMOJI_HANDS.open, seconds: 1.2 },
  // Long enough to take ten samples (one every 300 ms) after the tracker has named the pose.
  { glyph: EMOJI_HANDS.victory, seconds: 7 },
  { glyph: null, seconds: 0.8 },
];

const APP = `document.querySelector('holo-app').shadowRoot`;
const HANDS = `${APP}.querySelector('holo-hands')`;

let tmp: string;
let server: AppServer;
let browser: Browser;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'holo-custom-gestures-'));
  const video = path.join(tmp, 'victory.y4m');
  const painter = await launchChromium();
  try {
    await writeHandVideo(painter, video, VIDEO);
  } finally {
    await painter.close();
  }
  server = await startBuiltApp();
  browser = await launchChromium({ fakeVideo: video });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await rm(tmp, { recursive: true, force: true });
});

interface Seen {
  gesture: string;
  action: { type: string } | null;
  /** performance.now() when it arrived. */
  at: number;
}

interface StoredGesture {
  bucket: string;
  name: string;
  action: string | null;
  samples: number;
  dirty: boolean;
  version: number | null;
}

/** The app in a new page; every `holo-gesture` event is collected in window.seen. */
async function openApp(context: BrowserContext): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  const errors = collectErrors(page);
  await page.addInitScript(() => {
    const w = window as unknown as { seen: Seen[] };
    w.seen = [];
    document.addEventListener('holo-gesture', (e) => {
      const { event, action } = (e as CustomEvent<{ event: Seen; action: Seen['action'] }>).detail;
      w.seen.push({ gesture: event.gesture, action, at: performance.now() });
    });
  });
  await page.goto(`${server.url}/`);
  // The account panel (and with it the app's auth client) loads when the page is idle.
  await page.waitForFunction(() =>
    Boolean(document.querySelector('holo-app')?.shadowRoot?.querySelector('holo-account')?.client),
  );
  return { page, errors };
}

const seen = (page: Page) => page.evaluate('window.seen') as Promise<Seen[]>;

/** The records of the page's gesture store (IndexedDB), every bucket. */
function storedGestures(page: Page): Promise<StoredGesture[]> {
  return page.evaluate(async () => {
    // Opening a database that does not exist would create it empty: look first.
    if (!(await indexedDB.databases()).some((d) => d.name === 'holo-gestures')) return [];
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open('holo-gestures');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    try {
      const rows = await new Promise<Record<string, unknown>[]>((resolve, reject) => {
        const r = db.transaction('gestures').objectStore('gestures').getAll();
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      return rows.map((g) => ({
        bucket: g.bucket as string,
        name: g.name as string,
        action: g.action as string | null,
        samples: (g.samples as unknown[]).length,
        dirty: g.dirty as boolean,
        version: g.version as number | null,
      }));
    } finally {
      db.close();
    }
  });
}

/** GET /api/v1/gestures with a bearer token: the live definitions' names, actions, samples. */
async function apiGestures(token: string) {
  const res = await fetch(`${server.url}/api/v1/gestures`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  expect(res.status).toBe(200);
  const page = (await res.json()) as GestureChanges;
  return page.items
    .filter((d) => !d.deleted)
    .map((d) => ({ name: d.name, action: d.action, samples: d.samples.length }));
}

/** Records ten samples of the ✌ in view with the panel's teacher and saves them as `name`. */
async function teach(page: Page, name: string): Promise<void> {
  const teacher = page.locator('holo-hands custom-gesture-teacher');
  if ((await page.locator('holo-hands details.custom').getAttribute('open')) === null)
    await page.locator('holo-hands details.custom > summary').click();
  await teacher.locator('input[name=name]').fill(name);
  await teacher.locator('select[name=action]').selectOption('sensitivity');
  // Start just after the tracker took the open hand to ✌ (not a reclassification late in the
  // segment), so all ten samples are of the ✌.
  await expect
    .poll(
      () =>
        page.evaluate(() => {
          const { seen } = window as unknown as { seen: Seen[] };
          const [before, last] = seen.slice(-2);
          return (
            last?.gesture === 'victory' &&
            before?.gesture === 'open' &&
            performance.now() - last.at < 1500
          );
        }),
      { timeout: 60_000, interval: 100 },
    )
    .toBe(true);
  await teacher.locator('button.record').click();
  await expect
    .poll(() => teacher.locator('.count').textContent(), { timeout: 20_000 })
    .toBe('10 of 10 samples');
  await teacher.locator('button.save').click();
  await expect.poll(() => teacher.locator('.notice').textContent()).toBe(`Saved “${name}”.`);
}

/** Signs the page's app in through its own auth client (the one every feature uses). */
function signIn(page: Page, how: { email: string; password: string } | 'anonymous') {
  return page.evaluate(async (how) => {
    // The account panel's code loads when the page is idle.
    await customElements.whenDefined('holo-account');
    const account = document.querySelector('holo-app')?.shadowRoot?.querySelector('holo-account');
    if (!account) throw new Error('no <holo-account>');
    if (how !== 'anonymous') await account.client.signInWithEmail(how.email, how.password);
    const session = await account.client.getSession({ signInAnonymously: how === 'anonymous' });
    if (!session) throw new Error('not signed in');
    return session;
  }, how);
}

describe('custom gestures, taught with the camera and synced with the account', () => {
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  let guest: { uid: string; token: string };

  beforeAll(async () => {
    context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
    ({ page, errors } = await openApp(context));
  });

  afterAll(async () => {
    await context?.close();
  });

  it('teaches a gesture from the tracked hand; the tracker names it and its action reaches the app', async () => {
    const teacher = page.locator('holo-hands custom-gesture-teacher');
    await page.locator('holo-hands details.custom > summary').click();
    await teacher.locator('button.record').click();
    await expect
      .poll(() => teacher.locator('.notice').textContent())
      .toBe('Hand tracking is off: turn on the camera to record samples.');

    await page.getByRole('button', { name: 'Turn on camera' }).click();
    await expect
      .poll(() => page.evaluate(`${HANDS}.tracking`), { timeout: 90_000, interval: 250 })
      .toBe(true);
    await teach(page, 'peace');
    expect(await storedGestures(page)).toEqual([
      {
        bucket: '~local',
        name: 'peace',
        action: 'sensitivity',
        samples: 10,
        dirty: true,
        version: null,
      },
    ]);
    await expect
      .poll(() => page.locator('holo-hands .taught .name').allTextContents())
      .toEqual(['peace']);
    await expect
      .poll(() => page.locator('holo-hands .sync').textContent())
      .toBe('Kept on this device. Sign in to have them on your other devices too.');

    // The worker's classifier now names the ✌ with the taught name, and the mapped action goes
    // over the app bus to the live view (its display sensitivity goes up by 3 dB each time).
    await expect
      .poll(async () => (await seen(page)).find((s) => s.gesture === 'peace')?.action ?? null, {
        timeout: 30_000,
        interval: 250,
      })
      .toEqual({ type: 'sensitivity', deltaDb: 3 });
    await expect.poll(() => page.locator('holo-hands .gesture output').textContent()).toBe('peace');
    await expect
      .poll(() =>
        page.evaluate(
          () => JSON.parse(localStorage.getItem('holograms.live-settings') ?? '{}').sensitivity,
        ),
      )
      .toBeGreaterThanOrEqual(3);
    console.log(
      `[custom-gestures] events ${JSON.stringify((await seen(page)).map((s) => s.gesture))}`,
    );
    expect(errors).toEqual([]);
  });

  it('adopts the gesture into the account at sign-in and sends it to the API', async () => {
    guest = await signIn(page, 'anonymous');
    await expect
      .poll(() => apiGestures(guest.token), { timeout: 20_000 })
      .toEqual([{ name: 'peace', action: 'sensitivity', samples: 10 }]);
    await expect
      .poll(() => storedGestures(page))
      .toEqual([
        {
          bucket: guest.uid,
          name: 'peace',
          action: 'sensitivity',
          samples: 10,
          dirty: false,
          version: 1,
        },
      ]);
    expect(await page.evaluate(`${HANDS}.gestureBucket`)).toBe(guest.uid);
    await expect
      .poll(() => page.locator('holo-hands .sync').textContent())
      .toBe('Saved to your account.');
    expect(errors).toEqual([]);
  });

  it('keeps accounts apart and brings a gesture to the same account on another device', async () => {
    const email = `gestures-${randomUUID()}@example.com`;
    const password = 'pw-gestures-1';
    const user = await createUser(inject('authEmulatorHost'), email, password);
    const session = await signIn(page, { email, password });
    expect(session.uid).toBe(user.uid);
    await expect.poll(() => page.evaluate(`${HANDS}.gestureBucket`)).toBe(user.uid);
    // The guest's gesture stays the guest's: this account starts with none.
    await expect.poll(() => page.evaluate(`${HANDS}.taughtGestures.length`)).toBe(0);
    // The teacher forgot what it was being taught for the guest too.
    const teacher = page.locator('holo-hands custom-gesture-teacher');
    expect(await teacher.locator('.count').textContent()).toBe('0 of 10 samples');
    expect(await teacher.locator('input[name=name]').inputValue()).toBe('');
    await teach(page, 'two fingers');
    await expect
      .poll(() => apiGestures(user.idToken), { timeout: 20_000 })
      .toEqual([{ name: 'two fingers', action: 'sensitivity', samples: 10 }]);
    expect(await apiGestures(guest.token)).toEqual([
      { name: 'peace', action: 'sensitivity', samples: 10 },
    ]);

    const other = await browser.newContext({ locale: 'en-US' });
    try {
      const { page: second, errors: secondErrors } = await openApp(other);
      expect(await storedGestures(second)).toEqual([]);
      await signIn(second, { email, password });
      await expect
        .poll(() => storedGestures(second), { timeout: 20_000 })
        .toEqual([
          {
            bucket: user.uid,
            name: 'two fingers',
            action: 'sensitivity',
            samples: 10,
            dirty: false,
            version: 1,
          },
        ]);
      await expect
        .poll(() => second.evaluate(`${HANDS}.taughtGestures.map((g) => g.name)`))
        .toEqual(['two fingers']);
      expect(secondErrors).toEqual([]);
    } finally {
      await other.close();
    }
    expect(errors).toEqual([]);
  });
});
