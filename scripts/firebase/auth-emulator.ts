// Starts and stops the Firebase Auth Emulator (firebase-tools, offline, no Java). Used by
// `npm start`/`npm run dev` (ports pinned in firebase.json, accounts kept in ./data) and by the
// test harness (free ports, throwaway state).
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

export interface EmulatorPorts {
  auth: number;
  hub: number;
  logging: number;
}

export interface AuthEmulatorOptions {
  projectId: string;
  /** Directory firebase.json lives in (the repo root). */
  cwd: string;
  /** Ports to use instead of firebase.json's pinned ones. */
  ports?: EmulatorPorts;
  /** Keep accounts across runs: import from and export to this directory. */
  stateDir?: string;
  /** Receives the emulator's output lines. */
  onOutput?: (line: string) => void;
  timeoutMs?: number;
}

export interface AuthEmulator {
  /** host:port, the value of FIREBASE_AUTH_EMULATOR_HOST */
  host: string;
  projectId: string;
  stop(): Promise<void>;
}

function firebaseCli(): string {
  const require = createRequire(import.meta.url);
  const pkgFile = require.resolve('firebase-tools/package.json');
  const pkg = require(pkgFile) as { bin: Record<string, string> };
  const bin = pkg.bin.firebase;
  if (!bin) throw new Error('firebase-tools has no "firebase" binary; run npm ci');
  return path.join(path.dirname(pkgFile), bin);
}

async function pinnedAuthPort(cwd: string): Promise<number> {
  const json = JSON.parse(await readFile(path.join(cwd, 'firebase.json'), 'utf8')) as {
    emulators?: { auth?: { port?: number } };
  };
  const port = json.emulators?.auth?.port;
  if (!port) throw new Error('firebase.json must pin emulators.auth.port');
  return port;
}

async function isReady(host: string): Promise<boolean> {
  try {
    const res = await fetch(`http://${host}/`, { signal: AbortSignal.timeout(1_000) });
    const body = (await res.json()) as { authEmulator?: { ready?: boolean } };
    return body.authEmulator?.ready === true;
  } catch {
    return false;
  }
}

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

export async function startAuthEmulator(opts: AuthEmulatorOptions): Promise<AuthEmulator> {
  let configDir: string | undefined;
  const args = ['emulators:start', '--only', 'auth', '--project', opts.projectId];
  let authPort: number;
  if (opts.ports) {
    configDir = await mkdtemp(path.join(os.tmpdir(), 'holo-firebase-'));
    const config = {
      emulators: {
        singleProjectMode: true,
        auth: { host: '127.0.0.1', port: opts.ports.auth },
        hub: { host: '127.0.0.1', port: opts.ports.hub },
        logging: { host: '127.0.0.1', port: opts.ports.logging },
        ui: { enabled: false },
      },
    };
    const file = path.join(configDir, 'firebase.json');
    await writeFile(file, JSON.stringify(config));
    args.push('--config', file);
    authPort = opts.ports.auth;
  } else {
    authPort = await pinnedAuthPort(opts.cwd);
  }
  if (opts.stateDir) {
    if (existsSync(path.join(opts.stateDir, 'firebase-export-metadata.json'))) {
      args.push('--import', opts.stateDir);
    }
    args.push('--export-on-exit', opts.stateDir);
  }
  const host = `127.0.0.1:${authPort}`;
  if (await isReady(host)) {
    throw new Error(`Something already answers on ${host}; stop the other Firebase emulator first`);
  }

  const child = spawn(process.execPath, [firebaseCli(), ...args], {
    cwd: configDir ?? opts.cwd,
    env: { ...process.env, NO_UPDATE_NOTIFIER: '1', FIREBASE_CLI_EXPERIMENTS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const output: string[] = [];
  const onData = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) {
      if (!line.trim()) continue;
      output.push(line);
      if (output.length > 200) output.shift();
      opts.onOutput?.(line);
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null && child.pid) {
      try {
        process.kill(-child.pid, 'SIGINT');
      } catch {
        // already gone
      }
      if (!(await waitForExit(child, 15_000)) && child.pid) {
        process.kill(-child.pid, 'SIGKILL');
        await waitForExit(child, 5_000);
      }
    }
    if (configDir) await rm(configDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + (opts.timeoutMs ?? 90_000);
  while (!(await isReady(host))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      const why =
        child.exitCode !== null ? `exited with ${child.exitCode}` : 'did not start in time';
      throw new Error(
        `Firebase Auth Emulator ${why}. Its last output:\n${output.slice(-30).join('\n')}`,
      );
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { host, projectId: opts.projectId, stop };
}
