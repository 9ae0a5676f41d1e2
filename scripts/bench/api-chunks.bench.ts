// `npm run bench:api`: chunk upload throughput of the API on its embedded defaults (PGlite + the
// local store, tokens from the Firebase Auth Emulator) over loopback with autocannon, against a
// bare Hono route on the same Node server that only reads and discards the body. Each upload is
// a new part (its own seq) of 64 KiB of real webm/opus head + filler, with its SHA-256 header.
// The server runs in a process of its own (this file with `--serve`), so autocannon does not
// share its event loop; BENCH_PROFILE=<dir> writes the server's CPU profile there.
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { serve } from '@hono/node-server';
import autocannon from 'autocannon';
import { Hono } from 'hono';
import { createApp } from '../../api/app.ts';
import { createAuthVerifier } from '../../api/auth/firebase-auth.ts';
import { loadConfig } from '../../api/config.ts';
import { migrate } from '../../api/db/migrate.ts';
import { openDatabase } from '../../api/db/open.ts';
import type { AppDeps } from '../../api/deps.ts';
import { createLogger } from '../../api/http/logger.ts';
import { openBlobStore } from '../../api/storage/open.ts';
import { createUser } from '../../e2e/harness/firebase-users.ts';
import { makeWebmOpus } from '../../e2e/harness/media.ts';
import { freePort } from '../../e2e/harness/ports.ts';
import { startAuthEmulator } from '../firebase/auth-emulator.ts';
import { type BenchRow, renderSection, writeSection } from './report.ts';

export const API_CHUNKS_TITLE = 'API chunk uploads (embedded defaults)';
const COMMAND = 'npm run bench:api';
const thisFile = fileURLToPath(import.meta.url);
const root = path.resolve(path.dirname(thisFile), '../..');

const CONNECTIONS = 32;
const DURATION_S = 10;
const BODY_BYTES = 64 * 1024;
const DISTINCT_BODIES = 64;
const BARE_PATH = '/bench/bare/';
const LIST_HOLOGRAMS = 20;

/** Server mode: the API from the environment's configuration plus the bare route. */
async function serveMode() {
  const config = loadConfig();
  const db = await openDatabase(config.database);
  await migrate(db);
  const deps: AppDeps = {
    db,
    storage: openBlobStore(config.storage),
    auth: createAuthVerifier(config.auth),
    logger: createLogger(config.logLevel),
    limits: config.limits,
  };
  const app = createApp(deps);
  const bare = new Hono().put(`${BARE_PATH}:seq`, async (c) => {
    let size = 0;
    const reader = c.req.raw.body?.getReader();
    for (let r = await reader?.read(); r && !r.done; r = await reader?.read()) {
      size += r.value.length;
    }
    return c.json({ size }, 201);
  });
  const server = serve(
    {
      fetch: (req, env) =>
        req.url.includes(BARE_PATH) ? bare.fetch(req, env) : app.fetch(req, env),
      hostname: '127.0.0.1',
      port: 0,
    },
    (info) => process.stdout.write(`${JSON.stringify({ port: info.port })}\n`),
  );
  process.once('SIGTERM', () => {
    server.close();
    if ('closeAllConnections' in server) server.closeAllConnections();
    Promise.all([deps.auth.close(), db.close()]).finally(() => process.exit(0));
  });
}

interface Server {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

async function startBenchServer(env: Record<string, string>): Promise<Server> {
  const profileDir = process.env.BENCH_PROFILE;
  const args = [
    ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profileDir)}`] : []),
    '--import',
    'tsx',
    thisFile,
    '--serve',
  ];
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = once(child, 'exit');
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
  };
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const port = await Promise.race([
    (async () => {
      for await (const line of lines) {
        const m = /^\{"port":(\d+)\}$/.exec(line.trim());
        if (m) return Number(m[1]);
      }
      throw new Error('bench server ended without a port');
    })(),
    exited.then(() => {
      throw new Error('bench server exited during start');
    }),
  ]).catch(async (err: unknown) => {
    await stop();
    throw err;
  });
  return { url: `http://127.0.0.1:${port}`, pid: child.pid as number, stop };
}

/** CPU seconds a process has used (user + system). */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks
}

function machineBusy(): { busy: number; total: number } {
  let busy = 0;
  let total = 0;
  for (const c of os.cpus()) {
    const t = c.times.user + c.times.nice + c.times.sys + c.times.irq + c.times.idle;
    total += t;
    busy += t - c.times.idle;
  }
  return { busy, total };
}

interface Measured {
  ok: number;
  perSecond: number;
  p50: number;
  p99: number;
  other: number;
  serverCpu: number;
  machineCpu: number;
}

async function measure(
  server: Server,
  opts: Omit<autocannon.Options, 'url'>,
  onResponse?: (status: number) => void,
): Promise<Measured> {
  const cpu0 = cpuSeconds(server.pid);
  const m0 = machineBusy();
  const t0 = performance.now();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      { url: server.url, connections: CONNECTIONS, duration: DURATION_S, ...opts },
      (err, res) => (err ? reject(err) : resolve(res)),
    );
    if (onResponse) {
      instance.on('response', (_client, statusCode) => onResponse(statusCode));
    }
  });
  const seconds = (performance.now() - t0) / 1000;
  const m1 = machineBusy();
  const ok = result['2xx'];
  return {
    ok,
    perSecond: ok / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    other: result.non2xx + result.errors + result.timeouts,
    serverCpu: (cpuSeconds(server.pid) - cpu0) / seconds,
    machineCpu: (m1.busy - m0.busy) / (m1.total - m0.total),
  };
}

const pct = (x: number) => `${Math.round(x * 100)} %`;
const ms = (seconds: number) => `${(seconds * 1000).toFixed(2)} ms`;
/** Seconds of the server process's CPU per successful request. */
const cpuPerRequest = (m: Measured) => m.serverCpu / m.perSecond;

export async function apiChunksBench(): Promise<BenchRow[]> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'holo-bench-chunks-'));
  const projectId = 'demo-holograms-bench';
  const emulator = await startAuthEmulator({
    projectId,
    cwd: root,
    ports: { auth: await freePort(), hub: await freePort(), logging: await freePort() },
  });
  let server: Server | undefined;
  try {
    server = await startBenchServer({
      HOST: '127.0.0.1',
      DATA_DIR: path.join(tmp, 'data'),
      LOG_LEVEL: 'silent',
      FIREBASE_AUTH_EMULATOR_HOST: emulator.host,
      FIREBASE_PROJECT_ID: projectId,
      RATE_LIMIT_WRITES_PER_MINUTE: '100000000',
      RATE_LIMIT_READS_PER_MINUTE: '100000000',
      MAX_CHUNKS_PER_HOLOGRAM: '1000000',
    });
    const base = server.url;
    const uploader = await createUser(
      emulator.host,
      `bench-${randomUUID()}@example.com`,
      'pw-bench-1',
    );
    const lister = await createUser(
      emulator.host,
      `list-${randomUUID()}@example.com`,
      'pw-bench-2',
    );
    const bearer = (u: { idToken: string }) => ({ authorization: `Bearer ${u.idToken}` });

    // 64 distinct bodies: a real webm/opus head, then filler that differs per body.
    const head = await makeWebmOpus(1);
    const bodies = Array.from({ length: DISTINCT_BODIES }, (_, k) => {
      const b = Buffer.alloc(BODY_BYTES, k + 1);
      b.set(head.subarray(0, Math.min(head.length, BODY_BYTES)));
      b.writeUInt32LE(k, BODY_BYTES - 4);
      return b;
    });
    const hashes = bodies.map((b) => createHash('sha256').update(b).digest('hex'));

    const newHologram = async (user: { idToken: string }) => {
      const id = randomUUID();
      const res = await fetch(`${base}/api/v1/holograms/${id}`, {
        method: 'PUT',
        headers: { ...bearer(user), 'content-type': 'application/json' },
        body: JSON.stringify({
          title: 'bench',
          createdAt: new Date().toISOString(),
          durationMs: 4000,
          sampleRate: 48_000,
          channels: 1,
        }),
      });
      if (res.status !== 201) throw new Error(`create hologram: ${res.status} ${await res.text()}`);
      return id;
    };
    const put = (user: { idToken: string }, id: string, seq: number, k: number) =>
      fetch(`${base}/api/v1/holograms/${id}/chunks/${seq}/audio`, {
        method: 'PUT',
        headers: {
          ...bearer(user),
          'content-type': 'audio/webm',
          'x-content-sha256': hashes[k] as string,
        },
        body: bodies[k] as Buffer<ArrayBuffer>,
      });

    // The list account: 20 holograms of one chunk each.
    for (let i = 0; i < LIST_HOLOGRAMS; i++) {
      const res = await put(lister, await newHologram(lister), 0, i % DISTINCT_BODIES);
      if (res.status !== 201) throw new Error(`seed upload: ${res.status} ${await res.text()}`);
    }

    const hologram = await newHologram(uploader);
    let seq = 0;
    const uploads = (
      path: (s: number) => string,
      headers: (k: number) => Record<string, string>,
    ) => ({
      requests: [
        {
          method: 'PUT' as const,
          setupRequest: (req: autocannon.Request) => {
            const s = seq++;
            const k = s % DISTINCT_BODIES;
            return { ...req, path: path(s), headers: headers(k), body: bodies[k] as Buffer };
          },
        },
      ],
    });
    const chunkUploads = () =>
      uploads(
        (s) => `/api/v1/holograms/${hologram}/chunks/${s}/audio`,
        (k) => ({
          ...bearer(uploader),
          'content-type': 'audio/webm',
          'x-content-sha256': hashes[k] as string,
        }),
      );
    const statuses = new Map<number, number>();
    const count = (status: number) => statuses.set(status, (statuses.get(status) ?? 0) + 1);

    // Warm-up (JIT, lazy modules, PGlite caches); not reported.
    await measure(server, { ...chunkUploads(), duration: 3 });
    const warmed = seq;

    const bare = await measure(
      server,
      uploads(
        (s) => `${BARE_PATH}${s}`,
        (k) => ({ 'content-type': 'audio/webm', 'x-content-sha256': hashes[k] as string }),
      ),
    );
    seq = warmed;
    const up = await measure(server, chunkUploads(), count);
    const list = await measure(server, {
      requests: [{ method: 'GET', path: '/api/v1/holograms', headers: bearer(lister) }],
    });

    // Every 201 is a stored part: the hologram's chunk count covers them all.
    const got = (await (
      await fetch(`${base}/api/v1/holograms/${hologram}`, { headers: bearer(uploader) })
    ).json()) as { chunks: { count: number } };
    const created = statuses.get(201) ?? 0;
    if (got.chunks.count < created) {
      throw new Error(`only ${got.chunks.count} parts stored after ${created} × 201`);
    }
    const statusNote = [...statuses.entries()].map(([s, n]) => `${n} × ${s}`).join(', ');

    const span = `${CONNECTIONS} connections, ${DURATION_S} s`;
    const cpu = (m: Measured) =>
      `server process ${pct(m.serverCpu)} of one core, machine ${pct(m.machineCpu)} busy`;
    return [
      {
        what: `PUT 64 KiB audio part, each a new upload (own seq, SHA-256 verified), ${span}`,
        value: `${Math.round(up.perSecond)} uploads/s`,
        note: `p50 ${up.p50} ms, p99 ${up.p99} ms; ${statusNote}, ${up.other} other; ${cpu(up)}`,
      },
      {
        what: `Bare Hono PUT route on the same server, reads and discards 64 KiB, ${span}`,
        value: `${Math.round(bare.perSecond)} req/s`,
        note: `p50 ${bare.p50} ms, p99 ${bare.p99} ms; ${bare.other} non-2xx/errors; ${cpu(bare)}`,
      },
      {
        what: 'Uploads ÷ bare route',
        value: pct(up.perSecond / bare.perSecond),
        note: 'target ≥ 40 %',
      },
      {
        what: 'Server CPU per request: upload ÷ bare route',
        value: pct(cpuPerRequest(bare) / cpuPerRequest(up)),
        note:
          `${ms(cpuPerRequest(up))} per upload, ${ms(cpuPerRequest(bare))} per bare request ` +
          '(the same ratio counted in CPU, so less sensitive to other load on the machine)',
      },
      {
        what: `GET /api/v1/holograms (${LIST_HOLOGRAMS} holograms of one chunk), ${span}`,
        value: `${Math.round(list.perSecond)} req/s`,
        note: `p50 ${list.p50} ms, p99 ${list.p99} ms; ${list.other} non-2xx/errors; ${cpu(list)}`,
      },
      {
        what: 'Setup',
        value: 'loopback',
        note:
          'PGlite (prepared statements) + local store (writer thread) in a temp DATA_DIR, Auth ' +
          'Emulator tokens (verified claims kept until expiry, account state reused for ' +
          "AUTH_ACCOUNT_CACHE_SECONDS), concurrent uploads' statements grouped (api/db/batch.ts), " +
          'LOG_LEVEL=silent, rate limits raised; ' +
          'API in its own Node process, autocannon and the emulator on the same machine',
      },
    ];
  } finally {
    await server?.stop();
    await emulator.stop();
    await rm(tmp, { recursive: true, force: true });
  }
}

/** Runs the suite, prints it and rewrites its section of `file` (docs/PERFORMANCE.md). */
export async function apiChunksReport(file: string): Promise<BenchRow[]> {
  const rows = await apiChunksBench();
  for (const r of rows) console.log(`${r.what}: ${r.value}${r.note ? ` (${r.note})` : ''}`);
  await writeSection(
    file,
    'api-chunks',
    renderSection('api-chunks', API_CHUNKS_TITLE, COMMAND, rows),
  );
  return rows;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (process.argv.includes('--serve')) {
    await serveMode();
  } else {
    await apiChunksReport(path.join(root, 'docs', 'PERFORMANCE.md'));
    console.log('written to docs/PERFORMANCE.md');
    process.exit(0);
  }
}
