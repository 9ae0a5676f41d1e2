// Vitest global setup for the browser tests: builds the PWA once per run with the project's
// own vite.config.ts into .cache/e2e-dist, so the tests drive exactly what users get.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import type { TestProject } from 'vitest/node';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export default async function setup(project: TestProject) {
  const outDir = path.join(repoRoot, '.cache', 'e2e-dist');
  await rm(outDir, { recursive: true, force: true });
  const started = performance.now();
  await build({
    root: repoRoot,
    configFile: path.join(repoRoot, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  });
  console.log(`[harness] PWA built in ${Math.round(performance.now() - started)} ms → ${outDir}`);
  project.provide('pwaDir', outDir);
}
