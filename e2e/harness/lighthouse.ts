// Lighthouse 12 on Debian Chromium for the browser tests: one run of a page on the mobile or the
// desktop profile, answering the category scores (0–100) and printing the metrics and every
// audit below 0.9, so a failing score says why. Each call launches its own Chromium with a
// remote-debugging port, as Lighthouse drives the browser itself. With HOLO_LIGHTHOUSE_DIR set,
// each full report is saved there as JSON for a closer look.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import { chromium } from 'playwright-core';
import { expect } from 'vitest';
import { CHROMIUM_PATH, chromiumArgs } from './chromium.ts';
import { freePort } from './ports.ts';

const LIGHTHOUSE_CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
const METRICS = [
  'first-contentful-paint',
  'largest-contentful-paint',
  'total-blocking-time',
  'cumulative-layout-shift',
  'speed-index',
];

export interface LighthouseResult {
  scores: Record<string, number>;
  /** Audits scoring below 0.9 (id → display value or score). */
  below: Record<string, string>;
}

/** One Lighthouse run of `url`; `label` prefixes the printed line. */
export async function runLighthouse(
  url: string,
  formFactor: 'mobile' | 'desktop',
  label = 'lighthouse',
): Promise<LighthouseResult> {
  const port = await freePort();
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    // The browser's own autoplay policy, as a visitor has it (the tests' browsers allow sound
    // without a gesture).
    args: chromiumArgs({ extraArgs: [`--remote-debugging-port=${port}`] }).filter(
      (a) => !a.startsWith('--autoplay-policy='),
    ),
  });
  try {
    const audit = () =>
      lighthouse(
        url,
        { port, output: 'json', logLevel: 'error' },
        {
          extends: 'lighthouse:default',
          settings: {
            ...(formFactor === 'desktop' ? desktopConfig.settings : {}),
            onlyCategories: LIGHTHOUSE_CATEGORIES,
          },
        },
      );
    let lhr = (await audit())?.lhr;
    // Lighthouse sometimes loses the trace of a load on a busy machine (NO_NAVSTART, "please
    // run Lighthouse again"); that is a failed measurement, not a score, so it is taken again once.
    if (lhr?.runtimeError?.code === 'NO_NAVSTART') lhr = (await audit())?.lhr;
    if (!lhr || lhr.runtimeError) {
      throw new Error(`Lighthouse failed: ${lhr?.runtimeError?.message}`);
    }
    const dir = process.env.HOLO_LIGHTHOUSE_DIR;
    if (dir) {
      await mkdir(dir, { recursive: true });
      const name = `${label.replace(/\W+/g, '-')}-${formFactor}-${Date.now()}.json`;
      await writeFile(path.join(dir, name), JSON.stringify(lhr));
    }
    const scores = Object.fromEntries(
      Object.entries(lhr.categories)
        .filter(([id]) => LIGHTHOUSE_CATEGORIES.includes(id))
        .map(([id, c]) => [id, Math.round((c.score ?? 0) * 100)]),
    );
    const below = Object.fromEntries(
      Object.values(lhr.audits)
        .filter((a) => a.score !== null && a.score < 0.9 && a.scoreDisplayMode !== 'informative')
        .map((a) => [a.id, String(a.displayValue ?? a.score)]),
    );
    const metrics = METRICS.map((id) => `${id} ${lhr.audits[id]?.displayValue ?? '?'}`).join(', ');
    console.log(
      `[${label} ${formFactor}] ${JSON.stringify(scores)}; ${metrics}; benchmarkIndex ` +
        `${lhr.environment.benchmarkIndex}; below 0.9: ${
          Object.entries(below)
            .map(([id, v]) => `${id} ${v}`)
            .join('; ') || 'none'
        }`,
    );
    return { scores, below };
  } finally {
    await browser.close();
  }
}

/**
 * Runs `url` on both profiles and holds it to the bar every page of the app meets: ≥ 90 in
 * performance, accessibility, best practices and SEO on both. The mobile profile multiplies this
 * 2-core machine's observed main-thread time by 4 (simulated throttling), so its performance
 * score moves with whatever else the machine runs; PERFORMANCE.md records the figures.
 */
export async function expectLighthouseScores(url: string, label?: string): Promise<void> {
  const mobile = await runLighthouse(url, 'mobile', label);
  const desktop = await runLighthouse(url, 'desktop', label);
  for (const { scores } of [mobile, desktop]) {
    expect(Object.keys(scores).sort()).toEqual([...LIGHTHOUSE_CATEGORIES].sort());
    for (const category of LIGHTHOUSE_CATEGORIES) {
      expect(scores[category], category).toBeGreaterThanOrEqual(90);
    }
  }
}
