// Vitest global setup for the browser tests: the PWA built with the project's own
// vite.config.ts into .cache/e2e-dist (rebuilt only when its sources changed), so the tests
// drive exactly what users get. HOLO_E2E_DIST names another folder, so that several checkouts
// or parallel runs on one machine do not rebuild into each other's output.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { buildIfNeeded } from '../../scripts/build-if-needed.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export default async function setup(project: TestProject) {
  const outDir = process.env.HOLO_E2E_DIST ?? path.join(repoRoot, '.cache', 'e2e-dist');
  const started = performance.now();
  const built = await buildIfNeeded(repoRoot, outDir);
  const ms = Math.round(performance.now() - started);
  console.log(`[harness] PWA ${built ? 'built' : 'up to date'} in ${ms} ms → ${outDir}`);
  project.provide('pwaDir', outDir);
}
