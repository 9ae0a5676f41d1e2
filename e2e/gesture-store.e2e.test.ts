// Custom gestures in real Chromium: the IndexedDB store (kept across reloads, per account,
// announced to other tabs), the sync runner carrying the browser's store to the real API and
// back, and <custom-gesture-teacher> recording samples from a hand source, saving them, and the
// classifier built from the store naming a fresh hand. The modules are bundled with Vite into a
// small page served on the API's origin (so the API is same-origin, as in the app).
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { build, type Rolldown } from 'vite';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { GestureChanges } from '../api/gestures/contract.ts';
import type * as Teacher from '../src/hands/custom-gesture-teacher.ts';
import type * as Store from '../src/hands/gesture-store.ts';
import type * as Sync from '../src/hands/gesture-sync.ts';
import {
  createRng,
  type HandShape,
  poseShape,
  sampleHand,
} from '../workers/gestures/hand-model.ts';
import type { AppServer } from './harness/app-server.ts';
import { collectErrors, startBuiltApp } from './harness/browser-test.ts';
import { launchChromium } from './harness/chromium.ts';
import { createUser } from './harness/firebase-users.ts';

type Api = typeof Store &
  typeof Sync & { CustomGestureTeacher: typeof Teacher.CustomGestureTeacher };
type Win = Window & { g: Api; seen: string[] };

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PAGE = '/__gesture-test/';

let server: AppServer;
let browser: Browser;
let tmp: string;
let bundle: string;

const rng = createRng(23);
const horns: HandShape = {
  ...poseShape('point'),
  middle: poseShape('fist').middle,
  pinky: poseShape('open').pinky,
};
/** Raw landmark sets of a hand in `shape`, as the hand tracker would report them. */
const hands = (shape: HandShape | 'open' | 'fist', n: number) =>
  Array.from({ length: n }, () =>
    sampleHand(shape, {
      handedness: rng.next() < 0.5 ? 'left' : 'right',
      rotation: (rng.next() * 2 - 1) * 40,
      scale: 0.08 + 0.1 * rng.next(),
      noise: 0.02,
      jitter: 4,
      rng,
    }).landmarks.map((p) => [p.x, p.y, p.z]),
  );

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'holo-gestures-'));
  const entry = path.join(tmp, 'entry.ts');
  const src = (f: string) => JSON.stringify(path.join(repoRoot, 'src/hands', f));
  await writeFile(
    entry,
    `import * as store from ${src('gesture-store.ts')};
import * as sync from ${src('gesture-sync.ts')};
import { CustomGestureTeacher } from ${src('custom-gesture-teacher.ts')};
Object.assign(window, { g: { ...store, ...sync, CustomGestureTeacher } });
`,
  );
  const out = (await build({
    configFile: false,
    root: repoRoot,
    logLevel: 'warn',
    publicDir: false,
    build: {
      write: false,
      minify: false,
      target: 'es2022',
      lib: { entry, formats: ['es'], fileName: 'gestures' },
    },
  })) as Rolldown.RolldownOutput | Rolldown.RolldownOutput[];
  const chunk = [out].flat()[0]?.output[0];
  if (chunk?.type !== 'chunk') throw new Error('the gesture bundle was not built');
  bundle = chunk.code;
  server = await startBuiltApp();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await rm(tmp, { recursive: true, force: true });
});

/** A page on the API's origin with the bundle loaded; the API itself answers under /api. */
async function openPage(context: BrowserContext): Promise<Page> {
  await context.route(`${server.url}${PAGE}**`, (route) => {
    const url = new URL(route.request().url());
    if (url.pathname.endsWith('.js'))
      return route.fulfill({ body: bundle, contentType: 'text/javascript' });
    return route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><meta charset="utf-8"><script type="module" src="${PAGE}gestures.js"></script>`,
    });
  });
  const page = await context.newPage();
  const errors = collectErrors(page);
  await page.goto(`${server.url}${PAGE}`);
  await page.waitForFunction(() => 'g' in window);
  expect(errors).toEqual([]);
  return page;
}

describe('custom gestures in Chromium', () => {
  it('keeps gestures in IndexedDB across reloads, per account, and tells other tabs', async () => {
    const context = await browser.newContext();
    const page = await openPage(context);
    const other = await openPage(context);
    await other.evaluate(() => {
      const w = window as unknown as Win;
      w.seen = [];
      new w.g.IdbGestureStore().subscribe((bucket) => w.seen.push(bucket));
    });
    const samples = hands(horns, 5);
    const saved = await page.evaluate(async (raw) => {
      const { g } = window as unknown as Win;
      const store = new g.IdbGestureStore();
      const draft = (name: string) => ({
        name,
        samples: raw.map((r) => g.sampleFromLandmarks(r)),
        action: 'zoom' as const,
      });
      const mine = await store.save(g.ANONYMOUS_BUCKET, draft('horns'));
      await store.save(g.ANONYMOUS_BUCKET, draft('scratch'));
      await store.save('uid-a', draft('account only'));
      const scratch = (await store.list(g.ANONYMOUS_BUCKET)).find((x) => x.name === 'scratch');
      await store.remove(g.ANONYMOUS_BUCKET, scratch?.id ?? '');
      return mine;
    }, samples);
    expect(saved).toMatchObject({ name: 'horns', dirty: true, version: null, action: 'zoom' });
    await expect
      .poll(() => other.evaluate(() => (window as unknown as Win).seen))
      .toEqual(['~local', '~local', 'uid-a', '~local']);

    await page.reload();
    await page.waitForFunction(() => 'g' in window);
    const after = await page.evaluate(async () => {
      const { g } = window as unknown as Win;
      const store = new g.IdbGestureStore();
      const anonymous = await store.list(g.ANONYMOUS_BUCKET);
      const account = await store.list('uid-a');
      const adopted = await store.adopt(g.ANONYMOUS_BUCKET, 'uid-b');
      return {
        anonymous: anonymous.map((x) => x.name),
        account: account.map((x) => x.name),
        adopted,
        b: (await store.list('uid-b')).map((x) => [x.name, x.samples.length, x.dirty]),
        left: (await store.snapshot(g.ANONYMOUS_BUCKET)).gestures.length,
      };
    });
    expect(after).toEqual({
      anonymous: ['horns'],
      account: ['account only'],
      adopted: 1,
      b: [['horns', 5, true]],
      left: 0,
    });
    await context.close();
  });

  it("syncs the browser's store with the API, both ways", async () => {
    const user = await createUser(
      inject('authEmulatorHost'),
      `browser-${randomUUID()}@example.com`,
      'pw-browser-1',
    );
    const context = await browser.newContext();
    const page = await openPage(context);
    const sync = (token: string, uid: string) =>
      page.evaluate(
        async ({ token, uid }) => {
          const { g } = window as unknown as Win;
          const store = new g.IdbGestureStore('sync-test');
          const report = await g.syncGestures({
            store,
            bucket: uid,
            fetch: window.fetch.bind(window),
            getIdToken: async () => token,
          });
          return { report, names: (await store.list(uid)).map((x) => x.name) };
        },
        { token, uid },
      );
    await page.evaluate(
      async ({ uid, raw }) => {
        const { g } = window as unknown as Win;
        const store = new g.IdbGestureStore('sync-test');
        const samples = raw.map((r) => g.sampleFromLandmarks(r));
        await store.save(uid, { name: 'horns', samples, action: 'history' });
        await store.save(uid, { name: 'rock', samples, action: null });
      },
      { uid: user.uid, raw: hands(horns, 4) },
    );
    const first = await sync(user.idToken, user.uid);
    expect(first.report).toMatchObject({ pushed: 2, pulled: 0, skipped: null });
    const api = (init: RequestInit & { path: string }) =>
      fetch(`${server.url}${init.path}`, {
        ...init,
        headers: {
          Authorization: `Bearer ${user.idToken}`,
          'Content-Type': 'application/json',
        },
      });
    const listed = (await (await api({ path: '/api/v1/gestures' })).json()) as GestureChanges;
    expect(listed.items.map((x) => x.name).sort()).toEqual(['horns', 'rock']);

    // Another device adds one and deletes one; the browser follows.
    const rock = listed.items.find((x) => x.name === 'rock');
    await api({ path: `/api/v1/gestures/${rock?.id}`, method: 'DELETE' });
    const added = await api({
      path: `/api/v1/gestures/${randomUUID()}`,
      method: 'PUT',
      body: JSON.stringify({ name: 'from the phone', samples: rock?.samples, action: 'zoom' }),
    });
    expect(added.status).toBe(201);
    const second = await sync(user.idToken, user.uid);
    expect(second.report).toMatchObject({ pulled: 2, pushed: 0 });
    expect(second.names).toEqual(['from the phone', 'horns']);
    // Another account's token never carries this bucket.
    const stranger = await createUser(
      inject('authEmulatorHost'),
      `stranger-${randomUUID()}@example.com`,
      'pw-stranger-1',
    );
    expect((await sync(stranger.idToken, user.uid)).report.skipped).toBe('other-account');
    await context.close();
  });

  it('teaches a gesture with <custom-gesture-teacher> that the classifier then names', async () => {
    const context = await browser.newContext();
    const page = await openPage(context);
    // The hand source: horns, with moments where the tracker sees no hand.
    const source = hands(horns, 12);
    await page.evaluate((raw) => {
      const { g } = window as unknown as Win;
      const el = new g.CustomGestureTeacher();
      let i = 0;
      el.store = new g.IdbGestureStore('teacher-test');
      el.intervalMs = 20;
      el.captureSample = () => (i++ % 4 === 3 ? null : (raw[i % raw.length] ?? null));
      el.addEventListener('gesture-saved', (e) => {
        (window as unknown as { savedEvent: unknown }).savedEvent = (e as CustomEvent).detail;
      });
      document.body.append(el);
    }, source);
    const teacher = page.locator('custom-gesture-teacher');
    await expect.poll(() => teacher.locator('h3').textContent()).toBe('Teach a gesture');
    await teacher.locator('button.save').click();
    expect(await teacher.locator('.notice').textContent()).toBe('Give the gesture a name.');
    await teacher.locator('input[name=name]').fill('horns');
    await teacher.locator('button.save').click();
    expect(await teacher.locator('.notice').textContent()).toBe('Record at least 3 samples.');

    await teacher.locator('button.record').click();
    await expect.poll(() => teacher.locator('.count').textContent()).toBe('10 of 10 samples');
    await expect.poll(() => teacher.locator('button.record').count()).toBe(1);
    await teacher.locator('select[name=action]').selectOption('colour-scheme');
    await teacher.locator('button.save').click();
    await expect.poll(() => teacher.locator('.notice').textContent()).toBe('Saved “horns”.');

    const fresh = { horns: hands(horns, 20), open: hands('open', 10), fist: hands('fist', 10) };
    const result = await page.evaluate(async (probe) => {
      const { g } = window as unknown as Win;
      const list = await new g.IdbGestureStore('teacher-test').list(g.ANONYMOUS_BUCKET);
      const set = g.toCustomGestures(list);
      const name = (raw: number[][]) =>
        set.classify({
          landmarks: raw.map(([x = 0, y = 0, z = 0]) => ({ x, y, z })),
          handedness: 'right',
        })?.gesture ?? null;
      return {
        stored: list.map((x) => ({ name: x.name, action: x.action, samples: x.samples.length })),
        event: (window as unknown as { savedEvent: { name: string } }).savedEvent.name,
        horns: probe.horns.map(name),
        others: [...probe.open, ...probe.fist].map(name),
      };
    }, fresh);
    expect(result.stored).toEqual([{ name: 'horns', action: 'colour-scheme', samples: 10 }]);
    expect(result.event).toBe('horns');
    expect(result.horns.filter((n) => n === 'horns').length).toBeGreaterThanOrEqual(19);
    expect(result.others.every((n) => n === null)).toBe(true);

    // In Russian, and kind when there is no hand tracking.
    await page.evaluate(() => {
      const el = document.querySelector('custom-gesture-teacher');
      if (!el) return;
      el.uiLang = 'ru';
      el.captureSample = null;
    });
    await expect.poll(() => teacher.locator('h3').textContent()).toBe('Новый жест');
    await teacher.locator('button.record').click();
    await expect
      .poll(() => teacher.locator('.notice').textContent())
      .toBe('Отслеживание рук выключено: включите камеру, чтобы записать образцы.');
    await context.close();
  });
});
