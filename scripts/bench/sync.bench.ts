// `npm run bench:sync`: how long the sync engine takes to upload a queue of 200 chunks (64 KiB of
// webm/opus audio + 1 s of HGFR frames each) to the API on its embedded defaults (PGlite + the
// local store, Auth Emulator tokens) over loopback, and how many requests it sends per chunk
// (target ≤ 2: one per part; the hologram's own PUT is once per hologram). The engine runs in
// Node on the memory queue, the API in this process, as `npm start` would run it.
import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadConfig } from '../../api/config.ts';
import { startServer } from '../../api/server.ts';
import { createUser, signInWithPassword } from '../../e2e/harness/firebase-users.ts';
import { makeWebmOpus } from '../../e2e/harness/media.ts';
import { freePort } from '../../e2e/harness/ports.ts';
import { createFrame } from '../../src/hologram/frame.ts';
import { SyncEngine } from '../../src/sync/engine.ts';
import { MemorySyncStore } from '../../src/sync/memory-store.ts';
import type { SyncAuth } from '../../src/sync/types.ts';
import { encodeFrames } from '../../workers/audio/frame-codec.ts';
import { startAuthEmulator } from '../firebase/auth-emulator.ts';
import { type BenchRow, renderSection, writeSection } from './report.ts';

export const SYNC_TITLE = 'Sync queue → API (embedded defaults)';
const COMMAND = 'npm run bench:sync';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const CHUNKS = 200;
const AUDIO_BYTES = 64 * 1024;
const FRAMES_PER_CHUNK = 60;

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

function framesFor(seq: number): Uint8Array {
  const start = seq * 1000;
  const frames = Array.from({ length: FRAMES_PER_CHUNK }, (_, i) => {
    const f = createFrame();
    f.t = start + (i * 1000) / FRAMES_PER_CHUNK;
    f.left.fill(-30 - (i % 40));
    f.right.fill(-35);
    return f;
  });
  return encodeFrames(frames, [], start);
}

export async function syncBench(): Promise<BenchRow[]> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'holo-bench-sync-'));
  const projectId = 'demo-holograms-bench';
  const emulator = await startAuthEmulator({
    projectId,
    cwd: root,
    ports: { auth: await freePort(), hub: await freePort(), logging: await freePort() },
  });
  try {
    const server = await startServer(
      loadConfig({
        HOST: '127.0.0.1',
        PORT: '0',
        DATA_DIR: path.join(tmp, 'data'),
        LOG_LEVEL: 'silent',
        FIREBASE_AUTH_EMULATOR_HOST: emulator.host,
        FIREBASE_PROJECT_ID: projectId,
      }),
    );
    try {
      const email = `sync-${randomUUID()}@example.com`;
      const password = 'pw-bench-sync';
      let user = await createUser(emulator.host, email, password);
      const auth: SyncAuth = {
        uid: user.uid,
        async getIdToken(opts) {
          if (opts?.forceRefresh) user = await signInWithPassword(emulator.host, email, password);
          return user.idToken;
        },
      };

      const store = new MemorySyncStore();
      const id = randomUUID();
      await store.addHologram({
        id,
        owner: user.uid,
        meta: {
          title: 'Bench',
          createdAt: new Date().toISOString(),
          durationMs: CHUNKS * 1000,
          sampleRate: 48_000,
          channels: 1,
          complete: true,
        },
        metaVersion: 1,
        syncedMetaVersion: 0,
        chunkCount: 0,
        failure: null,
        deleted: false,
      });
      const head = await makeWebmOpus(1);
      let bytes = 0;
      for (let seq = 0; seq < CHUNKS; seq++) {
        const audio = new Uint8Array(AUDIO_BYTES).fill(seq % 251);
        audio.set(head.subarray(0, Math.min(head.length, AUDIO_BYTES)));
        new DataView(audio.buffer).setUint32(AUDIO_BYTES - 4, seq, true);
        const frames = framesFor(seq);
        bytes += audio.byteLength + frames.byteLength;
        await store.addChunk({
          hologramId: id,
          seq,
          startMs: seq * 1000,
          durationMs: 1000,
          audio,
          audioSha256: sha(audio),
          frames,
          framesSha256: sha(frames),
        });
      }

      const statuses = new Map<number, number>();
      const engine = new SyncEngine({
        store,
        auth,
        apiBase: server.url,
        fetch: async (url, init) => {
          const res = await fetch(url, init);
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          return res;
        },
      });
      const started = performance.now();
      const result = await engine.run();
      const seconds = (performance.now() - started) / 1000;
      const chunks = await store.listChunks(id);
      const confirmed = chunks.filter((c) => c.audio.confirmedAt && c.frames.confirmedAt).length;
      if (result.outcome !== 'idle' || result.synced !== 1 || confirmed !== CHUNKS) {
        throw new Error(`the queue did not finish: ${JSON.stringify(result)}, ${confirmed} chunks`);
      }
      const requests = engine.requestCount;
      const statusText = [...statuses].map(([s, n]) => `${n} × ${s}`).join(', ');
      return [
        {
          what: `Sync ${CHUNKS} queued chunks (64 KiB webm/opus + ${FRAMES_PER_CHUNK}-frame HGFR each, ${(bytes / 2 ** 20).toFixed(1)} MiB) to the local API`,
          value: `${seconds.toFixed(2)} s`,
          note: `${(CHUNKS / seconds).toFixed(1)} chunks/s, ${(bytes / 2 ** 20 / seconds).toFixed(1)} MiB/s; every part confirmed by hash, local bytes dropped`,
        },
        {
          what: 'Requests per chunk',
          value: `${((requests - 1) / CHUNKS).toFixed(2)}`,
          note: `target ≤ 2; ${requests} requests in all (${statusText}), the hologram's PUT once`,
        },
        {
          what: 'Setup',
          value: 'loopback',
          note: `one hologram; the engine sends parts one at a time, in order; API in the same Node process on PGlite + local store with its default rate limits; Auth Emulator token; machine load average ${os.loadavg()[0]?.toFixed(1)} at the end`,
        },
      ];
    } finally {
      await server.close();
    }
  } finally {
    await emulator.stop();
    await rm(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = await syncBench();
  for (const r of rows) console.log(`${r.what}: ${r.value}${r.note ? ` (${r.note})` : ''}`);
  const file = path.join(root, 'docs', 'PERFORMANCE.md');
  await writeSection(file, 'sync', renderSection('sync', SYNC_TITLE, COMMAND, rows));
  console.log(`written to ${path.relative(root, file)}`);
  process.exit(0);
}
