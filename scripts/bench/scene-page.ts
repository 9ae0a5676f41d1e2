// Drives <holo-scene> in a page of the built app for the browser test and the render bench:
// mounts it over the page at a fixed size and feeds it synthetic frames on every animation
// frame, collecting the scene's own per-render main-thread cost.
import type { Page } from 'playwright-core';

export const SCENE_VIEWPORT = { width: 1280, height: 720 } as const;

export interface SceneProps {
  historyLength?: number;
  colourScheme?: 'spectrum' | 'mono';
  lang?: 'en' | 'ru';
}

/** Opens the app and puts a <holo-scene> over the whole 1280 × 720 viewport. */
export async function mountScene(
  page: Page,
  origin: string,
  props: SceneProps = {},
): Promise<void> {
  await page.setViewportSize(SCENE_VIEWPORT);
  // tsx keeps function names with a helper the page does not have
  await page.addInitScript('globalThis.__name ??= (f) => f;');
  await page.goto(`${origin}/`);
  await page.waitForFunction(() => !!customElements.get('holo-scene'));
  await page.evaluate((p) => {
    const scene = document.createElement('holo-scene');
    scene.style.cssText = 'position:fixed;inset:0;z-index:10;';
    Object.assign(scene, p);
    document.body.append(scene);
  }, props);
  await page.waitForFunction(
    () => (document.querySelector('holo-scene')?.stats.framesRendered ?? 0) > 0,
  );
}

export interface RenderRun {
  /** Main-thread ms of each render in the run (`stats.lastFrameMs`). */
  renderMs: number[];
  /** Main-thread ms of each `pushFrame` call. */
  pushMs: number[];
  /** Renders during the run. */
  frames: number;
  elapsedMs: number;
}

/**
 * Pushes a frame on every animation frame for `seconds`: all 130 bands of both channels
 * moving (no band silent, the heaviest case), pan sweeping.
 */
export function driveScene(page: Page, seconds: number): Promise<RenderRun> {
  return page.evaluate(async (seconds) => {
    const scene = document.querySelector('holo-scene');
    if (!scene) throw new Error('no <holo-scene>');
    const frame = {
      t: 0,
      left: new Float32Array(130),
      right: new Float32Array(130),
      pan: new Float32Array(130),
    };
    const renderMs: number[] = [];
    const pushMs: number[] = [];
    const first = scene.stats.framesRendered;
    let seen = first;
    const start = performance.now();
    await new Promise<void>((resolve) => {
      requestAnimationFrame(function tick(now) {
        const stats = scene.stats;
        if (stats.framesRendered !== seen) {
          seen = stats.framesRendered;
          renderMs.push(stats.lastFrameMs);
        }
        if (now - start >= seconds * 1000) return resolve();
        const phase = (now - start) / 1000;
        for (let i = 0; i < 130; i++) {
          frame.left[i] = -55 + 40 * Math.sin(i * 0.21 + phase * 3);
          frame.right[i] = -55 + 40 * Math.cos(i * 0.17 - phase * 2);
          frame.pan[i] = Math.sin(i * 0.05 + phase);
        }
        frame.t = now - start;
        const before = performance.now();
        scene.pushFrame(frame);
        pushMs.push(performance.now() - before);
        requestAnimationFrame(tick);
      });
    });
    return {
      renderMs,
      pushMs,
      frames: scene.stats.framesRendered - first,
      elapsedMs: performance.now() - start,
    };
  }, seconds);
}

/** The q-quantile (0…1) of some samples, nearest rank. */
export function quantile(samples: readonly number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
}

export interface RenderFigures {
  medianMs: number;
  p95Ms: number;
  pushMedianMs: number;
  fps: number;
}

export function renderFigures(run: RenderRun): RenderFigures {
  return {
    medianMs: quantile(run.renderMs, 0.5),
    p95Ms: quantile(run.renderMs, 0.95),
    pushMedianMs: quantile(run.pushMs, 0.5),
    fps: (run.frames * 1000) / run.elapsedMs,
  };
}

/** Sets the history length and measures for `seconds`. */
export async function measureScene(
  page: Page,
  historyLength: number,
  seconds: number,
): Promise<RenderFigures> {
  await page.evaluate((n) => {
    const scene = document.querySelector('holo-scene');
    if (scene) scene.historyLength = n;
  }, historyLength);
  await driveScene(page, 0.5); // fill the history and warm up
  return renderFigures(await driveScene(page, seconds));
}
