// Issue 7's acceptance through the real UI, in Chromium against the built app served by the real
// API on its embedded defaults (PGlite + local blobs, the Auth Emulator):
//  1. User A records ~6 s of Chromium's fake microphone (a 440 Hz WAV) with the Record button;
//     the sync engine uploads it (signing in anonymously for the first upload) and "My
//     holograms" says Synced.
//  2. In My holograms A opens the row and makes the link in <holo-share>: the panel shows it, its
//     QR code encodes exactly that link, Copy puts it on the clipboard, and Share… hands it to the
//     Web Share API (stubbed in the page: Chromium on Linux has none).
//  3. A fresh context with no account opens the link: every frame the replay shows is one of the
//     recorded frames the API stores for the hologram (decoded with the project's frame codec),
//     in order from the start to the end, and the sound plays.
//  4. A stops sharing in the panel: the visitor's page, reloaded, says the link does not work,
//     and every public endpoint answers 404, the chunks included.
//  5. A link asked for offline is queued (the panel says so) and made when A is back online; the
//     new link opens.
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { create as createQr } from 'qrcode';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { HologramFrame } from '../workers/audio/frame.ts';
import { decodeFrames } from '../workers/audio/frame-codec.ts';
import { type AppServer, startAppServer } from './harness/app-server.ts';
import { launchChromium } from './harness/chromium.ts';
import { sine, writeWav } from './harness/media.ts';

const RECORD_MS = 6_000;
const REPLAY = `document.querySelector('holo-replay')`;
const SCENE = `${REPLAY}?.shadowRoot?.querySelector('holo-scene')`;
const HOLOGRAMS = `document.querySelector('holo-app').shadowRoot.querySelector('holo-holograms')`;

interface ReplayState {
  status: string;
  playing: boolean;
  positionMs: number;
  endMs: number;
  firstFrameAt: number | null;
  chunksLoaded: number;
  chunks: number;
  contextTime: number;
}

interface Sample {
  t: number;
  left: number[];
  right: number[];
  pan: number[];
  peak: number;
}

interface QueueChunk {
  hologramId: string;
  seq: number;
  frames: { sha256: string };
}

let server: AppServer;
let browser: Browser;
let tmp: string;
/** User A's context and page (the app, signed in anonymously once the first upload needs it). */
let owner: BrowserContext;
let app: Page;
let hologramId: string;
/** The title the recorder gave it. */
let title: string;
let ownerToken: string;
/** The recorded frames, as the API stores them, in time order. */
let stored: HologramFrame[];
let seqs: number[];
let link: string;
/** The methods of A's requests to /api/v1/holograms/{id}/share, in order. */
const shareRequests: string[] = [];
/** The visitor's page on the link. */
let visitor: Page;

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const tokenOf = (url: string) => new URL(url).pathname.replace(/^\/h\//, '');
const stateOf = (page: Page) =>
  page.evaluate(`${REPLAY}?.replayState ?? null`) as Promise<ReplayState | null>;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'holo-record-share-'));
  const wav = path.join(tmp, 'a440.wav');
  await writeWav(wav, [sine(440, 10, 48_000, 0.5), sine(440, 10, 48_000, 0.5)], 48_000);
  server = await startAppServer({
    staticDir: inject('pwaDir'),
    authEmulatorHost: inject('authEmulatorHost'),
    projectId: inject('firebaseProjectId'),
  });
  browser = await launchChromium({ fakeAudio: wav });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await rm(tmp, { recursive: true, force: true });
});

/**
 * The signed-in user's ID token, from Firebase's own IndexedDB persistence in the page; null when
 * nobody has signed in. It never creates Firebase's database (an empty one left open would block
 * Firebase from setting it up) and closes what it opens.
 */
function pageToken(page: Page): Promise<string | null> {
  return page.evaluate(async () => {
    const name = 'firebaseLocalStorageDb';
    if (!(await indexedDB.databases()).some((d) => d.name === name)) return null;
    return new Promise<string | null>((resolve) => {
      const open = indexedDB.open(name);
      open.onerror = () => resolve(null);
      open.onsuccess = () => {
        const db = open.result;
        if (!db.objectStoreNames.contains('firebaseLocalStorage')) {
          db.close();
          resolve(null);
          return;
        }
        const req = db
          .transaction('firebaseLocalStorage')
          .objectStore('firebaseLocalStorage')
          .getAll();
        req.onsuccess = () => {
          db.close();
          const entry = (
            req.result as Array<{ value?: { stsTokenManager?: { accessToken?: string } } }>
          ).find((e) => e.value?.stsTokenManager?.accessToken);
          resolve(entry?.value?.stsTokenManager?.accessToken ?? null);
        };
        req.onerror = () => {
          db.close();
          resolve(null);
        };
      };
    });
  });
}

/** The recording's chunks in the page's queue (IndexedDB), with the hashes the recorder kept. */
function queuedChunks(page: Page, id: string): Promise<QueueChunk[]> {
  return page.evaluate(
    (hologram) =>
      new Promise<QueueChunk[]>((resolve, reject) => {
        const open = indexedDB.open('holograms-queue');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const req = db.transaction('chunks').objectStore('chunks').getAll();
          req.onsuccess = () => {
            db.close();
            resolve(
              (req.result as QueueChunk[])
                .filter((c) => c.hologramId === hologram)
                .map((c) => ({ hologramId: c.hologramId, seq: c.seq, frames: c.frames })),
            );
          };
          req.onerror = () => reject(req.error);
        };
      }),
    id,
  );
}

/** A's share panel in the open row of My holograms. */
const panel = (): Locator => app.locator(`li[data-id="${hologramId}"] holo-share`);

/** A fresh context: no account, no storage, no service worker. */
async function freshPage(): Promise<Page> {
  const context = await browser.newContext({
    locale: 'en-US',
    viewport: { width: 1280, height: 900 },
  });
  const page = await context.newPage();
  // tsx keeps function names with a helper the page does not have
  await page.addInitScript('globalThis.__name ??= (f) => f;');
  return page;
}

/** Every distinct frame the replay's scene shows, from the first on, with the output's peak. */
const SAMPLER = `(() => {
  window.samples = [];
  let last = -1;
  const step = () => {
    const replay = ${REPLAY};
    const f = ${SCENE}?.currentFrame;
    if (replay?.replayState && f && f.t !== last) {
      last = f.t;
      window.samples.push({
        t: f.t, peak: replay.replayState.outputPeak,
        left: Array.from(f.left), right: Array.from(f.right), pan: Array.from(f.pan),
      });
    }
    requestAnimationFrame(step);
  };
  requestAnimationFrame(step);
})()`;

describe('record, share through the UI, replay anywhere, revoke', () => {
  it('records with the microphone and syncs it (signing in anonymously on the first upload)', async () => {
    owner = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
    await owner.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    // Chromium on Linux has no Web Share API: a stand-in records what the panel hands it.
    await owner.addInitScript(() => {
      const w = window as unknown as { shared: ShareData[] };
      w.shared = [];
      Object.defineProperty(Navigator.prototype, 'share', {
        configurable: true,
        value: async (data: ShareData) => {
          w.shared.push(data);
        },
      });
    });
    app = await owner.newPage();
    // Every request to the owner's share endpoint, to see each is asked once.
    owner.on('request', (r) => {
      if (/\/api\/v1\/holograms\/[\w-]+\/share$/.test(new URL(r.url()).pathname)) {
        shareRequests.push(r.method());
      }
    });
    await app.goto(`${server.url}/`);
    expect(await pageToken(app)).toBeNull();

    await app.getByLabel('Microphone').check();
    await app.getByRole('button', { name: 'Start', exact: true }).click();
    await app.getByRole('button', { name: 'Stop', exact: true }).waitFor();
    await app.getByRole('button', { name: 'Record', exact: true }).click();
    await app.getByRole('button', { name: 'Stop recording' }).waitFor();
    await app.waitForTimeout(RECORD_MS);
    await app.getByRole('button', { name: 'Stop recording' }).click();
    await app.getByRole('button', { name: 'Record', exact: true }).waitFor();

    hologramId = (await app.evaluate(
      `${HOLOGRAMS}.shadowRoot.querySelector('li[data-id]')?.dataset.id ?? null`,
    )) as string;
    expect(hologramId).toMatch(/^[0-9a-f-]{36}$/);
    const row = app.locator(`li[data-id="${hologramId}"]`);
    await expect
      .poll(() => row.locator('.state').textContent(), { timeout: 30_000 })
      .toBe('Synced');
    title = ((await row.locator('strong').textContent()) ?? '').trim();
    expect(title).toMatch(/^Recording /);
    ownerToken = (await pageToken(app)) as string;
    expect(ownerToken).toBeTruthy();
    const claims = JSON.parse(
      Buffer.from(ownerToken.split('.')[1] as string, 'base64url').toString(),
    ) as { firebase?: { sign_in_provider?: string } };
    expect(claims.firebase?.sign_in_provider).toBe('anonymous');

    // What the API stores is what the recorder wrote: the frames parts hash as the queue says.
    const auth = { Authorization: `Bearer ${ownerToken}` };
    const listed = (await (
      await fetch(`${server.url}/api/v1/holograms/${hologramId}/chunks`, { headers: auth })
    ).json()) as { items: Array<{ seq: number }> };
    seqs = listed.items.map((i) => i.seq);
    const queue = await queuedChunks(app, hologramId);
    expect(seqs).toEqual(queue.map((c) => c.seq).sort((a, b) => a - b));
    expect(seqs.length).toBeGreaterThanOrEqual(2);
    stored = [];
    for (const seq of seqs) {
      const res = await fetch(`${server.url}/api/v1/holograms/${hologramId}/chunks/${seq}/frames`, {
        headers: auth,
      });
      expect(res.status).toBe(200);
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect(sha256(bytes)).toBe(queue.find((c) => c.seq === seq)?.frames.sha256);
      stored.push(...decodeFrames(bytes).frames);
    }
    const lastT = stored.at(-1)?.t ?? 0;
    expect(lastT).toBeGreaterThan(RECORD_MS - 1_000);
    console.log(
      `[record-share] recorded ${seqs.length} chunks, ${stored.length} frames over ${lastT.toFixed(0)} ms`,
    );
  });

  it('makes the link in My holograms: shown, drawn as a QR code, copied, handed to Web Share', async () => {
    const row = app.locator(`li[data-id="${hologramId}"]`);
    await row.getByRole('button', { name: 'Open' }).click();
    await panel().getByRole('button', { name: 'Create a link' }).click();
    const input = panel().getByRole('textbox', { name: 'Link' });
    await input.waitFor({ state: 'visible' });
    link = await input.inputValue();
    // Opening the panel read the share once; the button made it with one request.
    expect(shareRequests).toEqual(['GET', 'PUT']);
    expect(link).toMatch(new RegExp(`^${server.url}/h/[A-Za-z0-9_-]{22,}$`));

    // The server agrees: it is this hologram's active share.
    const share = (await (
      await fetch(`${server.url}/api/v1/holograms/${hologramId}/share`, {
        headers: { Authorization: `Bearer ${ownerToken}` },
      })
    ).json()) as { token: string };
    expect(share.token).toBe(tokenOf(link));

    // The QR code, module by module, is the link's.
    const qr = panel().getByRole('img', { name: 'QR code of the link' });
    await qr.waitFor({ state: 'visible' });
    const drawn = (await qr.evaluate(async (img: HTMLImageElement) => {
      await img.decode();
      const c = new OffscreenCanvas(img.naturalWidth, img.naturalHeight);
      const g = c.getContext('2d') as OffscreenCanvasRenderingContext2D;
      g.drawImage(img, 0, 0);
      return {
        width: img.naturalWidth,
        dark: Array.from(g.getImageData(0, 0, c.width, c.height).data.filter((_, i) => i % 4 === 0))
          .map((v) => (v < 128 ? 1 : 0))
          .join(''),
      };
    })) as { width: number; dark: string };
    const code = createQr(link, { errorCorrectionLevel: 'M' });
    const size = code.modules.size;
    const margin = 2;
    const scale = drawn.width / (size + 2 * margin);
    let mismatches = 0;
    for (let r = 0; r < size; r++) {
      for (let c = 0; c < size; c++) {
        const y = Math.floor((margin + r + 0.5) * scale);
        const x = Math.floor((margin + c + 0.5) * scale);
        const dark = drawn.dark[y * drawn.width + x] === '1';
        if (dark !== Boolean(code.modules.get(r, c))) mismatches++;
      }
    }
    expect(mismatches).toBe(0);
    expect(drawn.dark.slice(0, drawn.width)).not.toContain('1'); // a quiet zone around it

    await panel().getByRole('button', { name: 'Copy link' }).click();
    await panel().getByRole('button', { name: 'Copied' }).waitFor();
    expect(await app.evaluate(() => navigator.clipboard.readText())).toBe(link);

    await panel().getByRole('button', { name: 'Share…' }).click();
    await expect.poll(() => app.evaluate('window.shared.map((s) => s.url)')).toEqual([link]);
  });

  it('opens for a visitor with no account: exactly the recorded frames, and the sound plays', async () => {
    visitor = await freshPage();
    await visitor.addInitScript(SAMPLER);
    await visitor.goto(link);
    await expect
      .poll(async () => (await stateOf(visitor))?.firstFrameAt ?? null, { timeout: 10_000 })
      .not.toBeNull();
    expect(await pageToken(visitor)).toBeNull();
    await visitor.getByRole('heading', { level: 1, name: title }).waitFor({ state: 'visible' });
    // The link's card (Open Graph) names it too, until it is revoked.
    expect(await (await fetch(link)).text()).toContain(title);
    // It plays by itself (autoplay is allowed in the test browser) to the end.
    await expect
      .poll(
        async () => {
          const s = await stateOf(visitor);
          return s ? s.positionMs >= s.endMs - 1 && !s.playing : false;
        },
        { timeout: 30_000, interval: 100 },
      )
      .toBe(true);
    const state = (await stateOf(visitor)) as ReplayState;
    expect(state.status).toBe('ready');
    expect(state.chunks).toBe(seqs.length);
    expect(state.chunksLoaded).toBe(seqs.length);
    const lastT = stored.at(-1)?.t ?? 0;
    expect(state.contextTime).toBeGreaterThan(lastT / 1000 - 0.5);

    const samples = (await visitor.evaluate('window.samples')) as Sample[];
    let previous = -1;
    for (const s of samples) {
      const index = stored.findIndex((f) => Math.abs(f.t - s.t) < 1e-3);
      expect(index, `a frame at ${s.t} ms that was not recorded`).toBeGreaterThanOrEqual(0);
      const recorded = stored[index] as HologramFrame;
      expect(s.left).toEqual(Array.from(recorded.left));
      expect(s.right).toEqual(Array.from(recorded.right));
      expect(s.pan).toEqual(Array.from(recorded.pan));
      expect(index).toBeGreaterThan(previous);
      previous = index;
    }
    // From the start to the end, most of the recorded frames (one per animation frame at most).
    expect(stored.findIndex((f) => f.t === samples[0]?.t)).toBeLessThan(10);
    expect(previous).toBeGreaterThan(stored.length - 10);
    expect(samples.length).toBeGreaterThan((lastT / 1000) * 20);
    // The sound played: the analyser on the output saw the recorded tone while the clock ran.
    const peak = Math.max(...samples.map((s) => s.peak));
    expect(peak).toBeGreaterThan(0.05);
    console.log(
      `[record-share] replay showed ${samples.length} of ${stored.length} recorded frames, each exact; output peak ${peak.toFixed(2)}`,
    );
  });

  it('stops sharing from the panel: the link shows the revoked page, every public endpoint 404s', async () => {
    const token = tokenOf(link);
    await panel().getByRole('button', { name: 'Stop sharing' }).click();
    await panel().getByText('The link no longer works.').waitFor();
    await panel().getByRole('button', { name: 'Create a link' }).waitFor();

    await visitor.reload();
    await visitor
      .getByRole('heading', { level: 1, name: 'This link does not work' })
      .waitFor({ state: 'visible' });
    for (const p of [
      `/api/public/shares/${token}`,
      `/api/public/shares/${token}/preview.png`,
      ...seqs.flatMap((seq) => [
        `/api/public/shares/${token}/chunks/${seq}/audio`,
        `/api/public/shares/${token}/chunks/${seq}/frames`,
      ]),
    ]) {
      const res = await fetch(`${server.url}${p}`);
      expect(res.status, p).toBe(404);
    }
    expect(await (await fetch(link)).text()).not.toContain(title);
    await visitor.context().close();
  });

  it('queues a link asked for offline and makes it when back online', async () => {
    const revoked = tokenOf(link);
    await owner.setOffline(true);
    await panel().getByRole('button', { name: 'Create a link' }).click();
    await panel()
      .getByText('You are offline: the link will be created when you are back online.')
      .waitFor();
    expect(await panel().getByRole('textbox', { name: 'Link' }).count()).toBe(0);

    shareRequests.length = 0;
    await owner.setOffline(false);
    const input = panel().getByRole('textbox', { name: 'Link' });
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    // The queued wish was carried out once (one PUT), not once per listener.
    expect(shareRequests.filter((m) => m === 'PUT')).toEqual(['PUT']);
    const queuedLink = await input.inputValue();
    expect(tokenOf(queuedLink)).not.toBe(revoked);
    expect(await panel().getByRole('status').count()).toBe(0);
    expect(
      await app.evaluate(() => JSON.parse(localStorage.getItem('holograms.share-queue') ?? '[]')),
    ).toEqual([]);

    const page = await freshPage();
    await page.goto(queuedLink);
    await expect
      .poll(async () => (await stateOf(page))?.firstFrameAt ?? null, { timeout: 10_000 })
      .not.toBeNull();
    expect((await stateOf(page))?.status).toBe('ready');
    await page.context().close();
    await owner.close();
  });
});
