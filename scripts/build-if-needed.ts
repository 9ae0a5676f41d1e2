// Builds the PWA into dist/ unless dist/ already holds a build of exactly the current sources:
// a hash of every input file's contents is stamped into dist/.build-stamp after each build.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'vite';

const INPUTS = [
  'src',
  'workers',
  'public',
  'index.html',
  'vite.config.ts',
  'scripts/models',
  'package-lock.json',
];
const STAMP = '.build-stamp';

async function listFiles(root: string, rel: string): Promise<string[]> {
  const abs = path.join(root, rel);
  if (!existsSync(abs)) return [];
  const entries = await readdir(abs, { withFileTypes: true, recursive: true }).catch(() => null);
  if (!entries) return [rel];
  return entries
    .filter((e) => e.isFile() && !e.name.endsWith('.test.ts'))
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)));
}

export async function sourceHash(root: string): Promise<string> {
  const files = (await Promise.all(INPUTS.map((i) => listFiles(root, i)))).flat().sort();
  const hash = createHash('sha256');
  for (const file of files) {
    hash
      .update(file)
      .update('\0')
      .update(await readFile(path.join(root, file)));
  }
  return hash.digest('hex');
}

/** Returns true when it built. */
export async function buildIfNeeded(root: string, outDir = path.join(root, 'dist')) {
  const want = await sourceHash(root);
  const have = await readFile(path.join(outDir, STAMP), 'utf8').catch(() => '');
  if (have === want && existsSync(path.join(outDir, 'index.html'))) return false;
  // A caller under vitest has NODE_ENV=test, which would make Vite build in development mode.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      root,
      configFile: path.join(root, 'vite.config.ts'),
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true },
    });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  await writeFile(path.join(outDir, STAMP), want);
  return true;
}
