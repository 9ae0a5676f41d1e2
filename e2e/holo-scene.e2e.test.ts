// <holo-scene> in Debian Chromium (software WebGL): it really draws pushed frames, answers
// keyboard, mouse, wheel and touch, keeps a 64-slice history, renders nothing while idle,
// hidden or off-screen, falls back to a message without WebGL, and survives being removed and
// added again. It also prints the render cost; docs/PERFORMANCE.md gets it from
// `npm run bench:render`, not from here.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  measureScene,
  mountScene,
  SCENE_VIEWPORT,
  type SceneProps,
} from '../scripts/bench/scene-page.ts';
import { DEFAULT_VIEW } from '../src/hologram/orbit.ts';
import { SCENE_STRINGS } from '../src/hologram/strings.ts';
import type { AppServer } from './harness/app-server.ts';
import { collectErrors, startBuiltApp } from './harness/browser-test.ts';
import { launchChromium } from './harness/chromium.ts';

let server: AppServer;
let browser: Browser;

beforeAll(async () => {
  server = await startBuiltApp();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

interface Opened {
  context: BrowserContext;
  page: Page;
  /** Uncaught exceptions in the page. */
  errors: string[];
}

async function open(props: SceneProps = {}, options: { hasTouch?: boolean } = {}): Promise<Opened> {
  const context = await browser.newContext({
    viewport: SCENE_VIEWPORT,
    serviceWorkers: 'block',
    hasTouch: options.hasTouch ?? false,
  });
  const page = await context.newPage();
  const errors = collectErrors(page);
  await mountScene(page, server.url, props);
  return { context, page, errors };
}

/** Pushes `frames` frames, one per animation frame, loudest at `band` (both channels). */
function pushPeak(page: Page, band: number, frames: number): Promise<void> {
  return page.evaluate(
    async ({ band, frames }) => {
      const scene = document.querySelector('holo-scene');
      if (!scene) throw new Error('no <holo-scene>');
      const frame = {
        t: 0,
        left: new Float32Array(130),
        right: new Float32Array(130),
        pan: new Float32Array(130).fill(0.3),
      };
      for (let n = 0; n < frames; n++) {
        for (let i = 0; i < 130; i++) {
          const db = Math.max(-100, -6 - 0.8 * (i - band) ** 2);
          frame.left[i] = db;
          frame.right[i] = db - 3;
        }
        frame.t = n * 16.7;
        scene.pushFrame(frame); // the same object every time, as a worker bridge would
        await new Promise(requestAnimationFrame);
      }
    },
    { band, frames },
  );
}

const framesRendered = (page: Page) =>
  page.evaluate(() => document.querySelector('holo-scene')?.stats.framesRendered ?? -1);

const camera = (page: Page) =>
  page.evaluate(() => document.querySelector('holo-scene')?.cameraState ?? null);

const settle = (page: Page) =>
  page.evaluate(async () => {
    for (let i = 0; i < 3; i++) await new Promise(requestAnimationFrame);
  });

interface Pixels {
  /** Pixels that differ from the background. */
  lit: number;
  /** Saturated pixels: bars (axes and labels are grey or white). */
  coloured: number;
  /** Coloured pixels with a cyan hue (160°…210°). */
  cyan: number;
}

/** Counts pixels of a screenshot of the whole 1280 × 720 scene. */
async function pixels(page: Page): Promise<Pixels> {
  const png = await page.screenshot();
  return page.evaluate(async (base64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${base64}`;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.width;
    canvas.height = img.height;
    const g = canvas.getContext('2d', { willReadFrequently: true });
    if (!g) throw new Error('no 2D canvas');
    g.drawImage(img, 0, 0);
    const data = g.getImageData(0, 0, canvas.width, canvas.height).data;
    const counts = { lit: 0, coloured: 0, cyan: 0 };
    for (let i = 0; i < data.length; i += 4) {
      const r = data[i] ?? 0;
      const gr = data[i + 1] ?? 0;
      const b = data[i + 2] ?? 0;
      if (Math.abs(r - 0x0b) + Math.abs(gr - 0x0b) + Math.abs(b - 0x14) > 30) counts.lit++;
      const max = Math.max(r, gr, b);
      const d = max - Math.min(r, gr, b);
      if (d <= 60) continue;
      counts.coloured++;
      const h =
        60 * (max === r ? ((gr - b) / d + 6) % 6 : max === gr ? (b - r) / d + 2 : (r - gr) / d + 4);
      if (h >= 160 && h <= 210) counts.cyan++;
    }
    return counts;
  }, png.toString('base64'));
}

describe('<holo-scene> in Chromium', () => {
  it('draws pushed frames and keeps the latest one, loudest at band 57', async () => {
    const { context, page, errors } = await open();
    const silent = await pixels(page);
    expect(silent.lit).toBeGreaterThan(500); // axes and labels
    expect(silent.coloured).toBeLessThan(50); // no bars yet

    const before = await framesRendered(page);
    await pushPeak(page, 57, 40);
    await settle(page);
    expect(await framesRendered(page)).toBeGreaterThan(before + 10);

    const loudest = await page.evaluate(() => {
      const frame = document.querySelector('holo-scene')?.currentFrame;
      if (!frame) return null;
      const argmax = (a: Float32Array) => a.indexOf(Math.max(...a));
      return { left: argmax(frame.left), right: argmax(frame.right), t: frame.t };
    });
    expect(loudest).toEqual({ left: 57, right: 57, t: 39 * 16.7 });

    const drawn = await pixels(page);
    expect(drawn.coloured).toBeGreaterThan(2000);
    expect(drawn.lit).toBeGreaterThan(silent.lit + 2000);
    expect(drawn.cyan).toBeLessThan(drawn.coloured / 10); // spectrum: band 57 is green

    await page.evaluate(() => {
      const scene = document.querySelector('holo-scene');
      if (scene) scene.colourScheme = 'mono';
    });
    await settle(page);
    const mono = await pixels(page);
    expect(mono.cyan).toBeGreaterThan(mono.coloured * 0.9);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('renders nothing while idle and never moves the camera by itself', async () => {
    const { context, page } = await open();
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await pushPeak(page, 40, 10);
    await settle(page);
    const rendered = await framesRendered(page);
    await page.waitForTimeout(600);
    expect(await framesRendered(page)).toBe(rendered);
    expect(await camera(page)).toEqual(DEFAULT_VIEW);
    await context.close();
  });

  it('holds the picture while paused but still follows the camera', async () => {
    const { context, page } = await open();
    await page.evaluate(() => {
      const scene = document.querySelector('holo-scene');
      if (scene) scene.paused = true;
    });
    await settle(page);
    const rendered = await framesRendered(page);
    await pushPeak(page, 90, 10);
    expect(await framesRendered(page)).toBe(rendered);
    const latest = await page.evaluate(() => {
      const frame = document.querySelector('holo-scene')?.currentFrame;
      return frame ? frame.left.indexOf(Math.max(...frame.left)) : -1;
    });
    expect(latest).toBe(90);
    expect((await pixels(page)).coloured).toBeLessThan(50);
    await page.evaluate(() => document.querySelector('holo-scene')?.rotateBy(0.2, 0));
    await expect.poll(() => framesRendered(page)).toBeGreaterThan(rendered);
    await context.close();
  });

  it('is focusable, labelled and steered by the keyboard', async () => {
    const { context, page } = await open();
    const host = await page.evaluate(() => {
      const scene = document.querySelector('holo-scene');
      if (!scene) return null;
      const events: unknown[] = [];
      document.addEventListener('holo-view-change', (e) => events.push((e as CustomEvent).detail));
      Object.assign(window, { viewEvents: events });
      scene.focus();
      const style = getComputedStyle(scene);
      return {
        focused: document.activeElement === scene,
        tabIndex: scene.tabIndex,
        role: scene.getAttribute('role'),
        label: scene.getAttribute('aria-label'),
        outline: `${style.outlineStyle} ${style.outlineWidth}`,
      };
    });
    expect(host).toEqual({
      focused: true,
      tabIndex: 0,
      role: 'application',
      label: SCENE_STRINGS.en.label,
      outline: 'solid 3px',
    });

    await page.keyboard.press('ArrowLeft');
    expect((await camera(page))?.yaw).toBeCloseTo(DEFAULT_VIEW.yaw - Math.PI / 24, 6);
    await page.keyboard.press('ArrowUp');
    expect((await camera(page))?.pitch).toBeCloseTo(DEFAULT_VIEW.pitch + Math.PI / 24, 6);
    await page.keyboard.press('+');
    expect((await camera(page))?.distance).toBeLessThan(DEFAULT_VIEW.distance);
    await page.keyboard.press('-');
    expect((await camera(page))?.distance).toBeCloseTo(DEFAULT_VIEW.distance, 6);
    await page.keyboard.press('0');
    expect(await camera(page)).toEqual(DEFAULT_VIEW);

    const events = await page.evaluate(
      () => (window as unknown as { viewEvents: unknown[] }).viewEvents,
    );
    expect(events).toHaveLength(5);
    expect(events.at(-1)).toEqual(DEFAULT_VIEW);
    await context.close();
  });

  it('rotates on a mouse drag and zooms on the wheel', async () => {
    const { context, page } = await open();
    const rendered = await framesRendered(page);
    await page.mouse.move(640, 360);
    await page.mouse.down();
    await page.mouse.move(760, 300, { steps: 6 });
    await page.mouse.up();
    const dragged = await camera(page);
    expect(dragged?.yaw).toBeLessThan(DEFAULT_VIEW.yaw);
    expect(dragged?.pitch).toBeLessThan(DEFAULT_VIEW.pitch);

    await page.mouse.wheel(0, -300);
    await expect
      .poll(async () => (await camera(page))?.distance)
      .toBeLessThan(DEFAULT_VIEW.distance);
    await page.mouse.wheel(0, 900);
    await expect
      .poll(async () => (await camera(page))?.distance)
      .toBeGreaterThan(DEFAULT_VIEW.distance);
    await settle(page);
    expect(await framesRendered(page)).toBeGreaterThan(rendered);
    await context.close();
  });

  it('rotates on a one-finger drag and zooms on a pinch', async () => {
    const { context, page } = await open({}, { hasTouch: true });
    const cdp = await context.newCDPSession(page);
    const touch = (
      type: 'touchStart' | 'touchMove' | 'touchEnd',
      points: Array<[number, number]>,
    ) =>
      cdp.send('Input.dispatchTouchEvent', {
        type,
        touchPoints: points.map(([x, y], id) => ({ x, y, id })),
      });

    await touch('touchStart', [[600, 400]]);
    for (let i = 1; i <= 5; i++) await touch('touchMove', [[600 + i * 20, 400]]);
    await touch('touchEnd', []);
    await expect.poll(async () => (await camera(page))?.yaw).toBeLessThan(DEFAULT_VIEW.yaw);

    const before = (await camera(page))?.distance ?? 0;
    await touch('touchStart', [
      [600, 360],
      [680, 360],
    ]);
    for (let i = 1; i <= 5; i++) {
      await touch('touchMove', [
        [600 - i * 20, 360],
        [680 + i * 20, 360],
      ]);
    }
    await touch('touchEnd', []);
    await expect.poll(async () => (await camera(page))?.distance).toBeLessThan(before);
    await context.close();
  });

  it('keeps a 64-frame history as slices behind the live one', async () => {
    const { context, page, errors } = await open();
    await pushPeak(page, 57, 10);
    await settle(page);
    const live = await pixels(page);

    await page.evaluate(() => {
      const scene = document.querySelector('holo-scene');
      if (scene) scene.historyLength = 64;
    });
    const before = await framesRendered(page);
    await pushPeak(page, 57, 80);
    await settle(page);
    expect(await framesRendered(page)).toBeGreaterThan(before);
    const history = await pixels(page);
    expect(history.coloured).toBeGreaterThan(live.coloured * 1.3);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('stops rendering while the page is hidden or the element is off-screen', async () => {
    const { context, page } = await open();
    const setHidden = (hidden: boolean) =>
      page.evaluate((hidden) => {
        if (hidden)
          Object.defineProperty(document, 'visibilityState', {
            value: 'hidden',
            configurable: true,
          });
        else delete (document as { visibilityState?: string }).visibilityState;
        document.dispatchEvent(new Event('visibilitychange'));
      }, hidden);

    await setHidden(true);
    let rendered = await framesRendered(page);
    await pushPeak(page, 30, 15);
    expect(await framesRendered(page)).toBe(rendered);
    await setHidden(false);
    await expect.poll(() => framesRendered(page)).toBeGreaterThan(rendered);

    await page.evaluate(() => {
      const scene = document.querySelector('holo-scene');
      if (scene) scene.style.top = '5000px';
    });
    await settle(page);
    rendered = await framesRendered(page);
    await pushPeak(page, 80, 15);
    expect(await framesRendered(page)).toBe(rendered);
    await page.evaluate(() => {
      const scene = document.querySelector('holo-scene');
      if (scene) scene.style.top = '0';
    });
    await expect.poll(() => framesRendered(page)).toBeGreaterThan(rendered);
    await context.close();
  });

  it('speaks Russian when asked', async () => {
    const { context, page } = await open({ lang: 'ru' });
    const host = await page.evaluate(() => {
      const scene = document.querySelector('holo-scene');
      return { lang: scene?.getAttribute('lang'), label: scene?.getAttribute('aria-label') };
    });
    expect(host).toEqual({ lang: 'ru', label: SCENE_STRINGS.ru.label });
    await context.close();
  });

  it('shows a message instead of throwing when WebGL is unavailable', async () => {
    const context = await browser.newContext({ viewport: SCENE_VIEWPORT, serviceWorkers: 'block' });
    await context.addInitScript(() => {
      const original = HTMLCanvasElement.prototype.getContext;
      Object.defineProperty(HTMLCanvasElement.prototype, 'getContext', {
        value(this: HTMLCanvasElement, kind: string, options?: unknown) {
          return kind.startsWith('webgl') ? null : Reflect.apply(original, this, [kind, options]);
        },
      });
    });
    const page = await context.newPage();
    const errors = collectErrors(page);
    await page.goto(`${server.url}/`);
    await page.waitForFunction(() => !!customElements.get('holo-scene'));
    const shown = await page.evaluate(async () => {
      const scene = document.createElement('holo-scene');
      scene.lang = 'ru';
      document.body.append(scene);
      // The WebGL context is asked for in a task after the first render.
      while (!scene.shadowRoot?.querySelector('.fallback')) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const frame = {
        t: 5,
        left: new Float32Array(130),
        right: new Float32Array(130),
        pan: new Float32Array(130),
      };
      scene.pushFrame(frame);
      scene.rotateBy(0.1, 0);
      return {
        message: scene.shadowRoot?.querySelector('.fallback')?.textContent?.trim(),
        canvas: scene.shadowRoot?.querySelector('canvas') !== null,
        t: scene.currentFrame?.t,
      };
    });
    expect(shown).toEqual({ message: SCENE_STRINGS.ru.noWebgl, canvas: false, t: 5 });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('disposes its WebGL context when removed and renders again when added back', async () => {
    const { context, page, errors } = await open();
    const detached = await page.evaluate(async () => {
      const scene = document.querySelector('holo-scene');
      if (!scene) throw new Error('no <holo-scene>');
      scene.remove();
      const rendered = scene.stats.framesRendered;
      const frame = {
        t: 0,
        left: new Float32Array(130).fill(-20),
        right: new Float32Array(130).fill(-20),
        pan: new Float32Array(130),
      };
      scene.pushFrame(frame);
      for (let i = 0; i < 3; i++) await new Promise(requestAnimationFrame);
      const result = {
        canvas: scene.shadowRoot?.querySelector('canvas') !== null,
        renderedWhileDetached: scene.stats.framesRendered - rendered,
      };
      document.body.append(scene);
      return result;
    });
    expect(detached).toEqual({ canvas: false, renderedWhileDetached: 0 });
    await settle(page);
    await pushPeak(page, 57, 5);
    await settle(page);
    expect((await pixels(page)).coloured).toBeGreaterThan(1000);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('reports what a render costs (live and with a 64-frame history)', async () => {
    const { context, page } = await open();
    for (const historyLength of [1, 64]) {
      const f = await measureScene(page, historyLength, 2);
      console.log(
        `[holo-scene] history ${historyLength} at ${SCENE_VIEWPORT.width}×${SCENE_VIEWPORT.height}: ` +
          `main thread ${f.medianMs.toFixed(2)} ms median, ${f.p95Ms.toFixed(2)} ms p95 per render; ` +
          `${f.fps.toFixed(1)} fps`,
      );
      expect(f.fps).toBeGreaterThan(0);
      expect(f.medianMs).toBeGreaterThan(0);
    }
    await context.close();
  });
});
