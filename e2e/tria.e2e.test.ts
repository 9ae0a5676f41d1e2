// Issue 8 in the browser, offline: with the microphone replaced by a 440 Hz WAV and the app
// reloaded with no network (served by its service worker), Tria's chat names the note playing
// now (A4 / «ля») and turns the scene when asked, in Russian and in English, answered by the
// local engine, and describes a recording just made from its frames on the device; the
// conversation survives a reload. Signed in and online, replies stream from the API and the
// chat merges the API's copy of the conversation into the device's without duplicates. Also
// checks that the chat's chunk does not pull in three.js.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { AppServer } from './harness/app-server.ts';
import { type MicrophoneApp, startAppWithA440 } from './harness/browser-test.ts';

let app: MicrophoneApp;
let server: AppServer;
let browser: Browser;

beforeAll(async () => {
  app = await startAppWithA440('holo-tria-');
  ({ server, browser } = app);
});

afterAll(() => app?.close());

const APP = `document.querySelector('holo-app').shadowRoot`;
const SCENE = `${APP}.querySelector('holo-live').shadowRoot.querySelector('holo-scene')`;
const CHAT = `${APP}.querySelector('tria-chat')`;

interface Camera {
  yaw: number;
  pitch: number;
  distance: number;
}

interface Shown {
  role: string;
  text?: string;
  via?: string;
  engine?: string;
  lang?: string;
  state?: string;
  notice?: string;
}

const camera = (page: Page) => page.evaluate(`${SCENE}.cameraState`) as Promise<Camera>;
const messages = (page: Page) => page.evaluate(`[...${CHAT}.messages]`) as Promise<Shown[]>;

async function loudestBand(page: Page): Promise<number> {
  return page.evaluate(`(() => {
    const f = ${SCENE}.currentFrame;
    if (!f) return -1;
    let best = 0;
    for (let i = 0; i < f.left.length; i++) if (f.left[i] > f.left[best]) best = i;
    return best;
  })()`);
}

/**
 * Opens the app online so the service worker installs, reloads under its control, cuts the
 * network, reloads again (everything now comes from the service worker) and starts the
 * microphone.
 */
async function offlineWithMicrophone(locale: string, mic: string, start: string) {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${server.url}/`);
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await page.reload();
  await expect
    .poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null))
    .toBe(true);
  await context.setOffline(true);
  await page.reload();
  await page.locator('tria-chat').getByRole('textbox').waitFor();
  expect(await page.evaluate(() => navigator.onLine)).toBe(false);
  await page.getByLabel(mic, { exact: true }).check();
  await page.getByRole('button', { name: start, exact: true }).click();
  await expect.poll(() => loudestBand(page), { timeout: 5_000, interval: 25 }).toBe(57);
  return { context, page };
}

/** Types `text` into the chat, sends it with Enter and returns Tria's reply once complete. */
async function ask(page: Page, text: string): Promise<Shown> {
  const before = (await messages(page)).length;
  const input = page.locator('tria-chat').getByRole('textbox');
  await input.fill(text);
  await input.press('Enter');
  await expect
    .poll(
      async () => {
        const shown = await messages(page);
        const last = shown.at(-1);
        return shown.length >= before + 2 && last?.role === 'tria' && last.state === 'done';
      },
      { timeout: 10_000 },
    )
    .toBe(true);
  const shown = await messages(page);
  expect(shown[before]).toMatchObject({ role: 'user', text });
  const reply = shown.at(-1) as Shown;
  // The reply is also on screen, in the live log screen readers announce.
  await expect
    .poll(() => page.locator('tria-chat [role="log"] li').last().innerText())
    .toContain(reply.text);
  return reply;
}

const degrees = (rad: number) => (rad * 180) / Math.PI;
/** Signed yaw change in degrees, in (−180, 180]. */
const yawChange = (from: Camera, to: Camera) => {
  const d = (degrees(to.yaw - from.yaw) + 540) % 360;
  return d === 0 ? 180 : d - 180;
};

describe('Tria in the browser, offline', () => {
  it('names the note and turns the view in Russian, and keeps the conversation', async () => {
    const { context, page } = await offlineWithMicrophone('ru-RU', 'Микрофон', 'Старт');
    expect(await page.locator('tria-chat').getByRole('heading').innerText()).toBe('Спросите Трию');

    const note = await ask(page, 'какая нота сейчас звучит?');
    expect(note).toMatchObject({ role: 'tria', via: 'device', engine: 'local', lang: 'ru' });
    expect(note.text).toMatch(/ля4/);
    expect(note.text).toMatch(/A4/);
    expect(note.text).toMatch(/440,0 Гц/);

    const before = await camera(page);
    const turn = await ask(page, 'поверни вид вправо');
    expect(turn.text).toBe('Поворачиваю вправо на 30°.');
    await expect.poll(async () => yawChange(before, await camera(page))).toBeCloseTo(30, 5);
    expect((await camera(page)).distance).toBe(before.distance);

    // A suggested prompt, clicked: zooms in.
    await page.locator('tria-chat').getByRole('button', { name: 'Приблизь' }).click();
    await expect
      .poll(async () => (await camera(page)).distance)
      .toBeCloseTo(before.distance / 1.25, 5);

    // The conversation is kept on the device: a reload, still offline, shows it again.
    const kept = await messages(page);
    expect(kept.map((m) => m.role)).toEqual(['user', 'tria', 'user', 'tria', 'user', 'tria']);
    await page.reload();
    await page.locator('tria-chat').getByRole('textbox').waitFor();
    expect(await messages(page)).toEqual(kept);
    await context.close();
  });

  it('answers in English and carries out a rotation with an angle', async () => {
    const { context, page } = await offlineWithMicrophone('en-US', 'Microphone', 'Start');
    const chat = page.locator('tria-chat');
    expect(await chat.getByRole('log').getAttribute('aria-label')).toBe('Conversation with Tria');

    const note = await ask(page, 'What note is playing now?');
    expect(note).toMatchObject({ via: 'device', engine: 'local', lang: 'en' });
    expect(note.text).toMatch(/^Now playing A4 \(440\.0 Hz\)/);

    const before = await camera(page);
    const turn = await ask(page, 'Rotate the hologram left by 45 degrees');
    expect(turn.text).toBe('Rotating left by 45°.');
    await expect.poll(async () => yawChange(before, await camera(page))).toBeCloseTo(-45, 5);

    // Off-topic: a helpful fallback, no action.
    const joke = await ask(page, 'tell me a joke');
    expect(joke.text).toMatch(/holograms/i);
    expect(yawChange(before, await camera(page))).toBeCloseTo(-45, 5);

    // A recording made here, offline: described from its frames still on the device.
    await page.getByRole('button', { name: 'Record', exact: true }).click();
    await page.getByRole('button', { name: 'Stop recording' }).waitFor();
    await page.waitForTimeout(2_500);
    await page.getByRole('button', { name: 'Stop recording' }).click();
    await page.getByRole('button', { name: 'Record', exact: true }).waitFor();
    const described = await ask(page, 'Describe my last hologram');
    expect(described).toMatchObject({ via: 'device', engine: 'local' });
    expect(described.text).toMatch(/^“.+”: \d+(\.\d)? s\. Dominant notes: A4[.,]/);
    await context.close();
  });
});

describe('Tria in the browser, signed in and online', () => {
  it('streams replies from the API, which keeps the history, and falls back when it fails', async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    const chatRequests: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/api/v1/tria/chat')) chatRequests.push(r.postData() ?? '');
    });
    await page.goto(`${server.url}/`);
    await page.locator('tria-chat').getByRole('textbox').waitFor();
    // A guest account, through the app's own auth client (the one the chat asks for tokens).
    const token = (await page.evaluate(async () => {
      // The account panel's code loads when the page is idle.
      await customElements.whenDefined('holo-account');
      const account = document.querySelector('holo-app')?.shadowRoot?.querySelector('holo-account');
      if (!account) throw new Error('no <holo-account>');
      return (await account.client.getSession({ signInAnonymously: true }))?.token ?? null;
    })) as string | null;
    expect(token).toBeTruthy();

    // The API has no Mistral key here: it answers with the local engine, over the stream.
    const help = await ask(page, 'What can you do?');
    expect(help).toMatchObject({ role: 'tria', via: 'server', engine: 'local', lang: 'en' });
    expect(help.text).toMatch(/start recording/);
    expect(chatRequests).toHaveLength(1);
    expect(JSON.parse(chatRequests[0] as string)).toEqual({
      message: 'What can you do?',
      lang: 'en',
      recording: false,
    });

    // Without a key there, only questions about stored holograms go back to the server.
    const gestures = await ask(page, 'How do I use gestures?');
    expect(gestures.via).toBe('device');
    expect(chatRequests).toHaveLength(1);
    const last = await ask(page, 'Describe my last hologram');
    expect(last.via).toBe('server');
    expect(last.text).toBe(
      'You have no recorded holograms yet. Say “start recording” to make one.',
    );
    expect(chatRequests).toHaveLength(2);
    expect(JSON.parse(chatRequests[1] as string)).toHaveProperty('sessionId');

    // The server kept both exchanges in one session.
    const stored = (await page.evaluate(async (bearer) => {
      const headers = { Authorization: `Bearer ${bearer}` };
      const sessions = await (await fetch('/api/v1/tria/sessions', { headers })).json();
      const id = sessions.items[0].id;
      const list = await (await fetch(`/api/v1/tria/sessions/${id}/messages`, { headers })).json();
      return {
        count: sessions.items.length,
        messages: list.items.map((m: { role: string; content: string }) => [m.role, m.content]),
      };
    }, token)) as { count: number; messages: string[][] };
    expect(stored.count).toBe(1);
    expect(stored.messages).toEqual([
      ['user', 'What can you do?'],
      ['assistant', help.text],
      ['user', 'Describe my last hologram'],
      ['assistant', last.text],
    ]);

    // Reloaded, the chat merges the API's copy into the device's: nothing twice.
    const kept = await messages(page);
    expect(kept).toHaveLength(6);
    const merged = () =>
      page.waitForResponse((r) => /\/api\/v1\/tria\/sessions\/[^/]+\/messages$/.test(r.url()));
    let loaded = merged();
    await page.reload();
    expect((await loaded).status()).toBe(200);
    expect(await messages(page)).toEqual(kept);
    // A device that kept only the session's id gets the conversation back from the API (the
    // gestures answer was given on the device, so the API never had it).
    await page.evaluate(() => {
      const key = 'holo.tria.history.v1';
      const { sessionId } = JSON.parse(localStorage.getItem(key) ?? '{}');
      localStorage.setItem(key, JSON.stringify({ sessionId, messages: [] }));
    });
    loaded = merged();
    await page.reload();
    expect((await loaded).status()).toBe(200);
    await expect
      .poll(async () => (await messages(page)).map((m) => [m.role, m.text]))
      .toEqual([
        ['user', 'What can you do?'],
        ['tria', help.text],
        ['user', 'Describe my last hologram'],
        ['tria', last.text],
      ]);

    // The API unreachable: a clear notice, then the local engine's answer.
    await page.route('**/api/v1/tria/chat', (route) => route.abort('connectionrefused'));
    const fallback = await ask(page, 'Find similar holograms');
    expect(fallback.via).toBe('device');
    const shown = await messages(page);
    expect(shown.at(-2)).toMatchObject({ role: 'notice', notice: 'unreachable' });
    await expect
      .poll(() => page.locator('tria-chat [role="log"] li.notice').last().innerText())
      .toMatch(/^Tria’s server can’t be reached \(unreachable\); answering on this device\.$/);
    await context.close();
  });
});

describe('the chat chunk', () => {
  it('loads without three.js', async () => {
    const dist = inject('pwaDir');
    const assets = path.join(dist, 'assets');
    const html = await readFile(path.join(dist, 'index.html'), 'utf8');
    const entry = /src="\/assets\/([^"]+\.js)"/.exec(html)?.[1];
    expect(entry).toBeDefined();
    const entryCode = await readFile(path.join(assets, entry as string), 'utf8');
    const chatChunk = /["'`]\.\/(tria-chat-[\w-]+\.js)["'`]/.exec(entryCode)?.[1];
    expect(chatChunk, 'the shell imports the chat lazily from its own chunk').toBeDefined();

    // Every chunk the chat's chunk imports statically, transitively.
    const seen = new Set<string>();
    const queue = [chatChunk as string];
    while (queue.length > 0) {
      const file = queue.pop() as string;
      if (seen.has(file)) continue;
      seen.add(file);
      const code = await readFile(path.join(assets, file), 'utf8');
      const staticImports = code.matchAll(
        /(?:^|[;}\s])import\s*(?:[\w$*{}\s,]+from\s*)?["']\.\/([\w.-]+\.js)["']/g,
      );
      for (const m of staticImports) if (m[1]) queue.push(m[1]);
    }
    let own = 0;
    let ownGzipped = 0;
    for (const file of seen) {
      const code = await readFile(path.join(assets, file));
      expect(code.includes('WebGLRenderer'), `${file} carries three.js`).toBe(false);
      if (file === entry) continue;
      own += code.length;
      ownGzipped += gzipSync(code).length;
    }
    console.log(
      `[tria] ${chatChunk} loads ${[...seen].join(', ')}; beyond the shell ${(own / 1024).toFixed(1)} kB (${(ownGzipped / 1024).toFixed(1)} kB gzipped)`,
    );
  });
});
