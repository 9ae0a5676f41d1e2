// Builds ./Dockerfile without a Docker engine (./image.ts runs its stages in temp directories)
// and runs the image's CMD and HEALTHCHECK against the Auth Emulator the harness started, on the
// embedded database and blob store in DATA_DIR. USER cannot be switched here (tests run as one
// user), so the test checks that the image declares a non-root one.
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../../e2e/harness/ports.ts';
import { parseDockerfile } from './dockerfile.ts';
import { type BuiltStage, buildImage, hostPath, runHealthcheck, startCmd } from './image.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

interface PackageJson {
  version: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}

/** Paths under `dir` (posix, relative), without descending into node_modules. */
async function appFiles(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(path.join(dir, prefix), { withFileTypes: true })) {
    const rel = path.posix.join(prefix, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') out.push(...(await appFiles(dir, rel)));
    } else out.push(rel);
  }
  return out;
}

async function waitForHealth(url: string, server: ChildProcess, log: () => string) {
  const deadline = Date.now() + 60_000;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (server.exitCode !== null || server.signalCode !== null) {
      throw new Error(`the server exited early:\n${log()}`);
    }
    try {
      const res = await fetch(url);
      if (res.status === 200) return res.json() as Promise<HealthBody>;
      last = `${res.status} ${await res.text()}`;
    } catch (err) {
      last = String(err);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`/api/health not 200 after 60 s (last: ${last}):\n${log()}`);
}

interface HealthBody {
  status: string;
  version: string;
  parts: Record<string, { status: string }>;
}

function portIsClosed(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

describe('Dockerfile: the API image', () => {
  let work: string;
  let final: BuiltStage;
  let pkg: PackageJson;
  let server: ChildProcess | undefined;

  beforeAll(async () => {
    pkg = JSON.parse(await readFile(path.join(repoRoot, 'package.json'), 'utf8')) as PackageJson;
    work = await mkdtemp(path.join(tmpdir(), 'holo-image-'));
    const started = performance.now();
    const dockerfile = parseDockerfile(await readFile(path.join(repoRoot, 'Dockerfile'), 'utf8'));
    ({ final } = await buildImage(dockerfile, {
      context: repoRoot,
      outDir: work,
      log: (m) => console.log(`[docker] ${m}`),
    }));
    console.log(`[docker] image built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }, 600_000);

  afterAll(async () => {
    if (server && server.exitCode === null && server.signalCode === null) {
      server.kill('SIGKILL');
      await once(server, 'exit');
    }
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('ships the production dependencies and compiled JavaScript only', async () => {
    const modules = hostPath(final, 'node_modules');
    for (const tool of [
      'typescript',
      'tsx',
      'vite',
      'vitest',
      'firebase-tools',
      '@biomejs/biome',
    ]) {
      expect(existsSync(path.join(modules, tool)), `${tool} in the image`).toBe(false);
    }
    // Any other dev dependency may be there only because a production package needs it too
    // (protobufjs, under firebase-admin, depends on @types/node).
    const installed = JSON.parse(
      await readFile(path.join(modules, '.package-lock.json'), 'utf8'),
    ) as { packages: Record<string, { dependencies?: Record<string, string> }> };
    const needed = new Set(
      Object.values(installed.packages).flatMap((p) => Object.keys(p.dependencies ?? {})),
    );
    for (const dev of Object.keys(pkg.devDependencies)) {
      if (existsSync(path.join(modules, dev))) {
        expect(needed.has(dev), `dev dependency ${dev} in the image`).toBe(true);
      }
    }
    for (const dep of Object.keys(pkg.dependencies)) {
      expect(existsSync(path.join(modules, dep)), `dependency ${dep} missing`).toBe(true);
    }
    const files = await appFiles(hostPath(final, '.'));
    expect(files).toContain('build/api/api/server.js');
    expect(files.filter((f) => /\.(c|m)?tsx?$/.test(f))).toEqual([]);
  });

  it('declares a non-root user, port 8080, production mode and a writable data directory', async () => {
    expect(final.user).toBeTruthy();
    expect(['root', '0']).not.toContain(final.user?.split(':')[0]);
    expect(final.expose).toContain('8080');
    expect(final.env).toMatchObject({ NODE_ENV: 'production', PORT: '8080' });
    const dataDir = await stat(hostPath(final, final.env.DATA_DIR ?? '/missing'));
    expect(dataDir.isDirectory()).toBe(true);
    expect(dataDir.uid, 'DATA_DIR must not be owned by root').not.toBe(0);
  });

  it('starts, reports every part up, passes its HEALTHCHECK and stops promptly on SIGTERM', async () => {
    const port = await freePort();
    const dataDir = hostPath(final, final.env.DATA_DIR ?? '/missing');
    const env = {
      PORT: String(port),
      DATA_DIR: dataDir,
      FIREBASE_AUTH_EMULATOR_HOST: inject('authEmulatorHost'),
      FIREBASE_PROJECT_ID: inject('firebaseProjectId'),
    };
    const running = startCmd(final, env);
    server = running;
    let output = '';
    const collect = (c: Buffer) => {
      output += c.toString();
    };
    running.stdout?.on('data', collect);
    running.stderr?.on('data', collect);

    const started = performance.now();
    const body = await waitForHealth(`http://127.0.0.1:${port}/api/health`, running, () => output);
    console.log(
      `[docker] healthy ${((performance.now() - started) / 1000).toFixed(1)} s after CMD`,
    );
    expect(body.status).toBe('up');
    expect(body.version).toBe(pkg.version);
    expect(Object.keys(body.parts).sort()).toEqual(['auth', 'db', 'storage']);
    for (const [name, part] of Object.entries(body.parts)) expect(part.status, name).toBe('up');
    expect(await readdir(dataDir), 'embedded state is written to DATA_DIR').not.toEqual([]);

    expect(await runHealthcheck(final, env)).toBe(0);

    const stopping = performance.now();
    const exited = once(running, 'exit');
    running.kill('SIGTERM');
    const [code, signal] = await exited;
    const stopSeconds = (performance.now() - stopping) / 1000;
    console.log(`[docker] stopped ${stopSeconds.toFixed(1)} s after SIGTERM`);
    // Exit code 0 (not death by signal) shows server.ts handled SIGTERM: as PID 1 in a container
    // an unhandled SIGTERM is ignored and the orchestrator has to SIGKILL after its grace period.
    expect({ code, signal }, output).toEqual({ code: 0, signal: null });
    expect(stopSeconds).toBeLessThan(5);
    expect(await portIsClosed(port)).toBe(true);
    expect(await runHealthcheck(final, env), 'HEALTHCHECK must fail once the API is gone').not.toBe(
      0,
    );
  });
});
