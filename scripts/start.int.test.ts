// `npm start` as a newcomer runs it: the app and /api/health come up with every part "up",
// Ctrl-C stops everything it started, and a second start reuses ./data (database rows and
// emulator accounts survive, nothing is migrated or built twice).
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openPglite } from '../api/db/pglite.ts';
import { createUser, signInWithPassword } from '../e2e/harness/firebase-users.ts';
import { freePort } from '../e2e/harness/ports.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const EMULATOR = '127.0.0.1:9099'; // pinned in firebase.json

interface Started {
  child: ChildProcess;
  url: string;
  output: () => string;
}

async function npmStart(env: Record<string, string>): Promise<Started> {
  const child = spawn('npm', ['start'], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, like a terminal job that gets Ctrl-C
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start timed out:\n${output}`)), 150_000);
    const poll = setInterval(() => {
      const m = /Open (http:\/\/\S+?)\/? in your browser/.exec(output);
      if (m?.[1]) {
        clearInterval(poll);
        clearTimeout(timer);
        resolve(m[1]);
      }
    }, 100);
    child.once('exit', (code) => {
      clearInterval(poll);
      clearTimeout(timer);
      reject(new Error(`npm start exited with ${code}:\n${output}`));
    });
  });
  return { child, url, output: () => output };
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Ctrl-C: SIGINT to the whole process group (npm, tsx, node), as a terminal sends it.
 * Resolves once every process of the group has exited. */
async function ctrlC(started: Started): Promise<void> {
  const pgid = started.child.pid as number;
  process.kill(-pgid, 'SIGINT');
  const deadline = Date.now() + 30_000;
  while (groupAlive(pgid)) {
    if (Date.now() > deadline) throw new Error(`npm start did not stop:\n${started.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function answers(url: string): Promise<boolean> {
  return fetch(url, { signal: AbortSignal.timeout(1_000) }).then(
    () => true,
    () => false,
  );
}

async function expectAllUp(url: string) {
  const res = await fetch(`${url}/api/health`);
  const body = (await res.json()) as { status: string; parts: Record<string, { status: string }> };
  expect(res.status).toBe(200);
  expect(body.status).toBe('up');
  expect(Object.fromEntries(Object.entries(body.parts).map(([k, v]) => [k, v.status]))).toEqual({
    db: 'up',
    storage: 'up',
    auth: 'up',
  });
}

describe('npm start', () => {
  let dataDir: string;
  afterAll(async () => {
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('runs the whole product, stops on Ctrl-C, and reuses ./data on the next start', async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'holo-start-'));
    const env = { DATA_DIR: dataDir, PORT: String(await freePort()), HOST: '127.0.0.1' };

    const first = await npmStart(env);
    await expectAllUp(first.url);
    const page = await fetch(`${first.url}/`);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toContain('<holo-app');
    const replay = await fetch(`${first.url}/h/some-token`);
    expect(await replay.text()).toContain('<holo-app');
    const email = `start-${Date.now()}@example.com`;
    await createUser(EMULATOR, email, 'pw-start-123');

    await ctrlC(first);
    expect(first.output()).toMatch(/\[holograms\] stopped\./);
    expect(await answers(`http://${EMULATOR}/`)).toBe(false);
    expect(await answers(`${first.url}/api/health`)).toBe(false);

    const db = await openPglite(path.join(dataDir, 'pglite'));
    const migrated = await db.query<{ id: string }>('SELECT id FROM schema_migrations');
    await db.query('CREATE TABLE start_marker (note text)');
    await db.query("INSERT INTO start_marker VALUES ('kept')");
    await db.close();

    const second = await npmStart(env);
    await expectAllUp(second.url);
    expect(second.output()).not.toMatch(/migrations applied/);
    expect(second.output()).not.toMatch(/built the PWA/);
    const user = await signInWithPassword(EMULATOR, email, 'pw-start-123');
    expect(user.email).toBe(email);
    await ctrlC(second);
    expect(second.output()).toMatch(/\[holograms\] stopped\./);

    const again = await openPglite(path.join(dataDir, 'pglite'));
    expect((await again.query('SELECT note FROM start_marker')).rows).toEqual([{ note: 'kept' }]);
    expect((await again.query('SELECT id FROM schema_migrations')).rows).toEqual(migrated.rows);
    await again.close();
  });
});
