// Bodies stream to storage: a 200 MiB chunk part uploaded to the API running as its own Node
// process keeps that process's resident memory growth under 100 MB, on the local store and on
// S3. The test never holds the body either: it is generated twice from a seed (once to hash it,
// since the SHA-256 header goes first, once to send it). RSS is sampled from /proc every 50 ms,
// and the kernel's high-water mark (VmHWM, reset through clear_refs after the baseline) catches
// any peak between samples.
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createUser, type EmulatorUser } from '../../e2e/harness/firebase-users.ts';
import { makeWebmOpus } from '../../e2e/harness/media.ts';
import { freePort, waitForPort } from '../../e2e/harness/ports.ts';
import { type S3Server, startS3Server } from '../../e2e/harness/s3.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MiB = 1024 * 1024;
const TOTAL = 200 * MiB;
const BLOCK = MiB; // a multiple of 4: blocks are filled word by word
const GROWTH_LIMIT = 100e6;
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

let webm: Uint8Array;
let user: EmulatorUser;

beforeAll(async () => {
  webm = await makeWebmOpus();
  user = await createUser(
    inject('authEmulatorHost'),
    `mem-${randomUUID()}@example.com`,
    'pw-memory-1',
  );
});

/** The body, block by block: a real webm/opus head, then seeded pseudo-random bytes. */
function* bodyBlocks(): Generator<Buffer> {
  let state = 0x9e3779b9;
  let offset = 0;
  while (offset < TOTAL) {
    const size = Math.min(BLOCK, TOTAL - offset);
    const block = Buffer.allocUnsafe(size);
    const words = new Uint32Array(block.buffer, block.byteOffset, size >>> 2);
    for (let i = 0; i < words.length; i++) {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      words[i] = state;
    }
    if (offset === 0) block.set(webm);
    offset += size;
    yield block;
  }
}

function bodyDigest(): string {
  const hash = createHash('sha256');
  for (const block of bodyBlocks()) hash.update(block);
  return hash.digest('hex');
}

/** The body's last `n` bytes (n ≤ BLOCK). */
function bodyTail(n: number): Buffer {
  let last: Buffer = Buffer.alloc(0);
  for (const block of bodyBlocks()) last = block;
  return last.subarray(last.length - n);
}

function procStatus(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(
    readFileSync(`/proc/${pid}/status`, 'utf8'),
  );
  if (!m) throw new Error(`no ${field} for ${pid}`);
  return Number(m[1]) * 1024;
}

interface Api {
  url: string;
  pid: number;
  output(): string;
  stop(): Promise<void>;
}

async function startApi(env: Record<string, string>): Promise<Api> {
  const port = await freePort();
  const base: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(base)) {
    if (/^(S3_|DATABASE_|RATE_LIMIT_|CHUNK_|FRAMES_|MAX_CHUNKS)/.test(k)) delete base[k];
  }
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'api/server.ts'], {
    cwd: repoRoot,
    env: {
      ...base,
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      FIREBASE_AUTH_EMULATOR_HOST: inject('authEmulatorHost'),
      FIREBASE_PROJECT_ID: inject('firebaseProjectId'),
      CHUNK_MAX_BYTES: String(256 * MiB),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (d: Buffer) => {
    output = (output + d.toString()).slice(-8000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    await exited;
  };
  try {
    await Promise.race([
      waitForPort(port, 60_000),
      once(child, 'exit').then(() => {
        throw new Error(`API exited early:\n${output}`);
      }),
    ]);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url: `http://127.0.0.1:${port}`, pid: child.pid as number, output: () => output, stop };
}

interface Reply {
  status: number;
  body: string;
}

function request(
  url: string,
  method: string,
  headers: Record<string, string>,
  body?: () => Iterable<Buffer>,
): Promise<Reply> {
  return new Promise<Reply>((resolve, reject) => {
    const req = http.request(url, { method, headers });
    req.once('error', reject);
    req.once('response', (res) => {
      const parts: Buffer[] = [];
      res.on('data', (d: Buffer) => parts.push(d));
      res.once('end', () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString() }),
      );
      res.once('error', reject);
    });
    if (!body) {
      req.end();
      return;
    }
    void (async () => {
      for (const block of body()) {
        if (req.destroyed) return;
        if (!req.write(block)) {
          // Wait for the socket to drain (or for the request to end early).
          await new Promise<void>((r) => {
            const done = () => {
              req.off('drain', done);
              req.off('close', done);
              r();
            };
            req.once('drain', done);
            req.once('close', done);
          });
        }
      }
      req.end();
    })().catch(reject);
  });
}

describe.each([
  ['local store', 'local'],
  ['S3 (moto)', 's3'],
] as const)('a 200 MiB chunk upload on the %s', (label, kind) => {
  let dataDir: string;
  let moto: S3Server | undefined;
  let api: Api;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'holo-mem-'));
    const env: Record<string, string> = { DATA_DIR: dataDir };
    if (kind === 's3') {
      moto = await startS3Server('holograms-memory');
      Object.assign(env, {
        S3_ENDPOINT: moto.endpoint,
        S3_REGION: moto.region,
        S3_BUCKET: moto.bucket,
        S3_ACCESS_KEY_ID: moto.accessKeyId,
        S3_SECRET_ACCESS_KEY: moto.secretAccessKey,
        S3_FORCE_PATH_STYLE: 'true',
      });
    }
    api = await startApi(env);
  });
  afterAll(async () => {
    await api?.stop();
    await moto?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('keeps the server’s resident memory growth under 100 MB and stores every byte', async () => {
    const auth = { Authorization: `Bearer ${user.idToken}` };
    const id = randomUUID();
    const created = await request(
      `${api.url}/api/v1/holograms/${id}`,
      'PUT',
      { ...auth, 'Content-Type': 'application/json' },
      () => [
        Buffer.from(
          JSON.stringify({
            title: 'memory',
            createdAt: new Date().toISOString(),
            durationMs: 600_000,
            sampleRate: 48_000,
            channels: 1,
          }),
        ),
      ],
    );
    expect(created.status, created.body).toBe(201);
    const idle = procStatus(api.pid, 'VmRSS');
    // Warm up the upload path (modules load lazily) with a small part.
    const warm = await request(
      `${api.url}/api/v1/holograms/${id}/chunks/0/audio`,
      'PUT',
      {
        ...auth,
        'Content-Type': 'audio/webm',
        'X-Content-SHA256': createHash('sha256').update(webm).digest('hex'),
        'Content-Length': String(webm.length),
      },
      () => [Buffer.from(webm)],
    );
    expect(warm.status, warm.body).toBe(201);

    const hashStarted = performance.now();
    const digest = bodyDigest();
    const hashMs = performance.now() - hashStarted;

    const baseline = procStatus(api.pid, 'VmRSS');
    writeFileSync(`/proc/${api.pid}/clear_refs`, '5'); // resets VmHWM to the current RSS
    let sampled = baseline;
    let samples = 0;
    const sampler = setInterval(() => {
      sampled = Math.max(sampled, procStatus(api.pid, 'VmRSS'));
      samples++;
    }, 50);
    const started = performance.now();
    let reply: Reply;
    try {
      reply = await request(
        `${api.url}/api/v1/holograms/${id}/chunks/1/audio`,
        'PUT',
        {
          ...auth,
          'Content-Type': 'audio/webm',
          'X-Content-SHA256': digest,
          'Content-Length': String(TOTAL),
        },
        bodyBlocks,
      );
    } finally {
      clearInterval(sampler);
    }
    const uploadMs = performance.now() - started;
    const hwm = procStatus(api.pid, 'VmHWM');
    const peak = Math.max(sampled, hwm);
    console.log(
      `[memory] ${label}: ${mb(TOTAL)} in ${(uploadMs / 1000).toFixed(1)} s ` +
        `(${(TOTAL / 1e6 / (uploadMs / 1000)).toFixed(0)} MB/s; hashing it first took ` +
        `${(hashMs / 1000).toFixed(1)} s); server RSS idle ${mb(idle)}, baseline ${mb(baseline)}, ` +
        `sampled peak ${mb(sampled)} (${samples} samples), VmHWM ${mb(hwm)}, ` +
        `growth ${mb(peak - baseline)}`,
    );
    expect(reply.status, `${reply.body}\n${api.output()}`).toBe(201);
    expect(JSON.parse(reply.body)).toMatchObject({ seq: 1, size: TOTAL, sha256: digest });
    expect(peak - baseline).toBeLessThan(GROWTH_LIMIT);

    // Every byte was stored: the last 64 KiB read back through a range request.
    const tailSize = 64 * 1024;
    const res = await fetch(`${api.url}/api/v1/holograms/${id}/chunks/1/audio`, {
      headers: { ...auth, Range: `bytes=${TOTAL - tailSize}-${TOTAL - 1}` },
    });
    expect(res.status).toBe(206);
    expect(Buffer.compare(Buffer.from(await res.arrayBuffer()), bodyTail(tailSize))).toBe(0);
  });
});
