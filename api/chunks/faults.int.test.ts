// Chunk uploads when things fail: the database or object storage going away (before or during an
// upload), and a client that disconnects mid-body. Whatever fails, a part is either stored,
// verified and visible, or invisible with no row; a blob that may exist stays listed in
// pending_blobs until the sweeper removes it. Each suite has a database of its own on the shared
// PostgreSQL server, so `sweep(deps, 0)` only sees the test's own rows.
import { createHash, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { type ServerType, serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { type BackendName, createHologram } from '../../e2e/harness/api-backends.ts';
import {
  createTestDatabase,
  localBlobs,
  type S3Location,
  s3Blobs,
  startTcpGate,
  type TcpGate,
  type TestDatabase,
  withPort,
} from '../../e2e/harness/faults.ts';
import { createUser, type EmulatorUser } from '../../e2e/harness/firebase-users.ts';
import { makeWebmOpus } from '../../e2e/harness/media.ts';
import { type S3Server, startS3Server } from '../../e2e/harness/s3.ts';
import { startWsProxy, type WsProxy } from '../../e2e/harness/ws-proxy.ts';
import { type App, createApp } from '../app.ts';
import { type AuthVerifier, createAuthVerifier } from '../auth/firebase-auth.ts';
import { DEFAULT_LIMITS } from '../config.ts';
import type { Database, Queryable } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { openNeon } from '../db/neon.ts';
import { openPglite } from '../db/pglite.ts';
import type { AppDeps } from '../deps.ts';
import { createLogger } from '../http/logger.ts';
import type { BlobStore } from '../storage/blob-store.ts';
import { createLocalStore } from '../storage/local-store.ts';
import { createS3Store } from '../storage/s3-store.ts';
import { sweep } from '../storage/sweeper.ts';
import { newBlobKey } from './store.ts';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

let webm: Uint8Array;
let user: EmulatorUser;
let verifier: AuthVerifier;

beforeAll(async () => {
  webm = await makeWebmOpus();
  user = await createUser(
    inject('authEmulatorHost'),
    `faults-${randomUUID()}@example.com`,
    'pw-faults-1',
  );
  verifier = createAuthVerifier({
    projectId: inject('firebaseProjectId'),
    emulatorHost: inject('authEmulatorHost'),
    serviceAccountJson: undefined,
  });
});
afterAll(() => verifier?.close());

const auth = () => ({ Authorization: `Bearer ${user.idToken}` });
const sharedS3 = (): S3Location => inject('s3');

function depsOf(db: Database, storage: BlobStore): AppDeps {
  return {
    db,
    storage,
    auth: verifier,
    logger: createLogger('silent'),
    limits: { ...DEFAULT_LIMITS },
  };
}

/** The storage prefix every blob of this hologram's parts lives under. */
const prefixOf = (id: string) => newBlobKey(user.uid, id, 0, 'audio').replace(/[^/]+$/, '');

const partPath = (id: string, seq: number, kind = 'audio') =>
  `/api/v1/holograms/${id}/chunks/${seq}/${kind}`;

function putPart(app: App, id: string, seq: number, bytes: Uint8Array) {
  return app.request(partPath(id, seq), {
    method: 'PUT',
    headers: { ...auth(), 'X-Content-SHA256': sha(bytes), 'Content-Type': 'audio/webm' },
    body: bytes as Uint8Array<ArrayBuffer>,
  });
}

const listChunks = (app: App, id: string) =>
  app.request(`/api/v1/holograms/${id}/chunks`, { headers: auth() });

const newHologram = (app: App) => createHologram(app, user.idToken, 'fault');

async function expectUnavailable(
  res: Response,
  code: 'database_unavailable' | 'storage_unavailable',
) {
  expect(res.status).toBe(503);
  expect(res.headers.get('retry-after')).toBe('5');
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  expect(await res.json()).toEqual({ error: { code, message: expect.any(String) } });
}

async function partRows(db: Queryable, id: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM chunk_parts WHERE hologram_id = $1',
    [id],
  );
  return Number(rows[0]?.n);
}

async function pendingUnder(db: Queryable, prefix: string): Promise<string[]> {
  const { rows } = await db.query<{ blob_key: string }>(
    'SELECT blob_key FROM pending_blobs WHERE starts_with(blob_key, $1) ORDER BY blob_key',
    [prefix],
  );
  return rows.map((r) => r.blob_key);
}

/** A request body the test feeds piece by piece. */
function controlledBody() {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
  });
  return { stream, controller };
}

describe('database down (PostgreSQL via the Neon driver and a dedicated WebSocket proxy)', () => {
  let testDb: TestDatabase;
  let gate: TcpGate;
  let proxy: WsProxy;
  let db: Database;
  let check: Database;
  let deps: AppDeps;
  let app: App;

  beforeAll(async () => {
    testDb = await createTestDatabase(inject('postgresUrl'), inject('postgresWsProxy'));
    const server = new URL(inject('postgresUrl'));
    // app → its own ws proxy → a gate the test can close → the shared PostgreSQL server.
    gate = await startTcpGate({ host: server.hostname, port: Number(server.port) });
    proxy = await startWsProxy({ host: '127.0.0.1', port: gate.port });
    db = openNeon({ url: withPort(testDb.url, gate.port), wsProxy: proxy.wsProxy });
    await migrate(db);
    // The test's own view of the same database, around the gate.
    check = openNeon({ url: testDb.url, wsProxy: inject('postgresWsProxy') });
    deps = depsOf(db, createS3Store({ ...sharedS3(), forcePathStyle: true }));
    app = createApp(deps);
  });
  afterAll(async () => {
    await db?.close();
    await check?.close();
    await proxy?.stop();
    await gate?.close();
    await testDb?.drop();
  });

  it('answers 503 database_unavailable with Retry-After, writes nothing, and serves again once the database is back', async () => {
    const id = await newHologram(app);
    const prefix = prefixOf(id);
    await gate.close();
    try {
      await expectUnavailable(await putPart(app, id, 0, webm), 'database_unavailable');
      await expectUnavailable(await listChunks(app, id), 'database_unavailable');
    } finally {
      await gate.open();
    }
    expect(await partRows(check, id)).toBe(0);
    expect(await pendingUnder(check, prefix)).toEqual([]);
    expect(await s3Blobs(sharedS3(), prefix)).toEqual([]);
    // The same app (same pool) recovers by itself.
    const list = await listChunks(app, id);
    expect(list.status).toBe(200);
    expect(await list.json()).toEqual({ items: [] });
    expect((await putPart(app, id, 0, webm)).status).toBe(201);
  });

  it('a database lost mid-upload: 503, the part stays invisible, and the sweeper removes the stored blob once the database is back', async () => {
    const id = await newHologram(app);
    const prefix = prefixOf(id);
    const { stream, controller } = controlledBody();
    const answer = app.request(partPath(id, 0), {
      method: 'PUT',
      headers: { ...auth(), 'X-Content-SHA256': sha(webm), 'Content-Type': 'audio/webm' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    controller.enqueue(webm.slice(0, 1000));
    // The upload has begun (its blob key is listed as pending) before the database goes away.
    await vi.waitFor(async () => expect(await pendingUnder(check, prefix)).toHaveLength(1), {
      timeout: 10_000,
      interval: 25,
    });
    const [key] = await pendingUnder(check, prefix);
    await gate.close();
    try {
      controller.enqueue(webm.slice(1000));
      controller.close();
      await expectUnavailable(await answer, 'database_unavailable');
      // The bytes reached storage but could not be recorded: no row, and the pending row that
      // lets the sweeper find the blob is still there.
      expect(await partRows(check, id)).toBe(0);
      expect(await pendingUnder(check, prefix)).toEqual([key]);
      expect(await s3Blobs(sharedS3(), prefix)).toEqual([key]);
    } finally {
      await gate.open();
    }
    const list = await listChunks(app, id);
    expect(await list.json()).toEqual({ items: [] });
    expect(await sweep(deps, 0)).toEqual({ deleted: 1, incomplete: 0 });
    expect(await pendingUnder(check, prefix)).toEqual([]);
    expect(await s3Blobs(sharedS3(), prefix)).toEqual([]);
    // The client's retry then succeeds.
    expect((await putPart(app, id, 0, webm)).status).toBe(201);
  });

  it('with the WebSocket proxy itself gone, answers 503 as well and writes nothing', async () => {
    const own = await startWsProxy({ host: '127.0.0.1', port: gate.port });
    const ownDb = openNeon({ url: withPort(testDb.url, gate.port), wsProxy: own.wsProxy });
    try {
      const ownApp = createApp({ ...deps, db: ownDb });
      const id = await newHologram(ownApp);
      const prefix = prefixOf(id);
      own.dropConnections();
      await own.stop();
      await expectUnavailable(await putPart(ownApp, id, 0, webm), 'database_unavailable');
      await expectUnavailable(await listChunks(ownApp, id), 'database_unavailable');
      expect(await partRows(check, id)).toBe(0);
      expect(await pendingUnder(check, prefix)).toEqual([]);
      expect(await s3Blobs(sharedS3(), prefix)).toEqual([]);
    } finally {
      await own.stop();
      await ownDb.close();
    }
  });
});

describe('storage down (a dedicated moto S3 server behind a gate)', () => {
  let moto: S3Server;
  let gate: TcpGate;
  let s3: S3Location;
  let testDb: TestDatabase;
  let db: Database;
  let deps: AppDeps;
  let app: App;

  beforeAll(async () => {
    moto = await startS3Server('holograms-faults');
    gate = await startTcpGate({ host: '127.0.0.1', port: Number(new URL(moto.endpoint).port) });
    s3 = { ...moto, endpoint: `http://127.0.0.1:${gate.port}` };
    testDb = await createTestDatabase(inject('postgresUrl'), inject('postgresWsProxy'));
    db = openNeon({ url: testDb.url, wsProxy: inject('postgresWsProxy') });
    await migrate(db);
    deps = depsOf(db, createS3Store({ ...s3, forcePathStyle: true }));
    app = createApp(deps);
  });
  afterAll(async () => {
    await db?.close();
    await testDb?.drop();
    await gate?.close();
    await moto?.stop();
  });

  it('a PUT answers 503 storage_unavailable with Retry-After and records no part; the sweeper clears its pending row once storage is back', async () => {
    const id = await newHologram(app);
    const prefix = prefixOf(id);
    expect((await putPart(app, id, 0, webm)).status).toBe(201);
    const [stored] = await s3Blobs(s3, prefix);

    await gate.close();
    try {
      await expectUnavailable(await putPart(app, id, 1, webm), 'storage_unavailable');
      expect(await partRows(db, id)).toBe(1);
      // Whether the store kept any bytes is unknown while it is unreachable, so the key stays
      // listed for the sweeper; nothing about it is visible.
      expect(await pendingUnder(db, prefix)).toHaveLength(1);
      const list = (await (await listChunks(app, id)).json()) as { items: Array<{ seq: number }> };
      expect(list.items.map((i) => i.seq)).toEqual([0]);
      // While storage is still down the sweeper keeps the row (it retries later).
      expect(await sweep(deps, 0)).toEqual({ deleted: 0, incomplete: 0 });
      expect(await pendingUnder(db, prefix)).toHaveLength(1);
    } finally {
      await gate.open();
    }
    expect(await sweep(deps, 0)).toEqual({ deleted: 1, incomplete: 0 });
    expect(await pendingUnder(db, prefix)).toEqual([]);
    expect(await s3Blobs(s3, prefix)).toEqual([stored]);
    expect((await putPart(app, id, 1, webm)).status).toBe(201);
  });

  it('a DELETE answers 503 and the hologram, its chunks and their bytes stay', async () => {
    const id = await newHologram(app);
    const prefix = prefixOf(id);
    expect((await putPart(app, id, 0, webm)).status).toBe(201);
    await gate.close();
    try {
      await expectUnavailable(
        await app.request(`/api/v1/holograms/${id}`, { method: 'DELETE', headers: auth() }),
        'storage_unavailable',
      );
      const got = await app.request(`/api/v1/holograms/${id}`, { headers: auth() });
      expect(got.status).toBe(200);
      expect(await got.json()).toMatchObject({ id, chunks: { count: 1, bytes: webm.length } });
      expect(await pendingUnder(db, prefix)).toEqual([]);
    } finally {
      await gate.open();
    }
    expect(await s3Blobs(s3, prefix)).toHaveLength(1);
    const audio = await app.request(partPath(id, 0), { headers: auth() });
    expect(audio.status).toBe(200);
    expect(sha(new Uint8Array(await audio.arrayBuffer()))).toBe(sha(webm));
    // With storage back, the delete goes through and takes the bytes with it.
    expect(
      (await app.request(`/api/v1/holograms/${id}`, { method: 'DELETE', headers: auth() })).status,
    ).toBe(204);
    expect(await s3Blobs(s3, prefix)).toEqual([]);
    expect(await pendingUnder(db, prefix)).toEqual([]);
  });

  it('with the S3 server process stopped, PUT and DELETE answer 503, no part row is written, and the sweeper clears the upload once a store answers', async () => {
    const id = await newHologram(app);
    const prefix = prefixOf(id);
    await moto.stop();
    await expectUnavailable(await putPart(app, id, 0, webm), 'storage_unavailable');
    await expectUnavailable(
      await app.request(`/api/v1/holograms/${id}`, { method: 'DELETE', headers: auth() }),
      'storage_unavailable',
    );
    expect(await partRows(db, id)).toBe(0);
    expect((await app.request(`/api/v1/holograms/${id}`, { headers: auth() })).status).toBe(200);
    // Its pending row remains for the sweeper, which cannot finish while the store is gone …
    expect(await pendingUnder(db, prefix)).toHaveLength(1);
    expect(await sweep(deps, 0)).toEqual({ deleted: 0, incomplete: 0 });
    // … and clears it against a store that answers again (a fresh server on a new address).
    const fresh = await startS3Server('holograms-faults');
    try {
      const back = { ...deps, storage: createS3Store({ ...fresh, forcePathStyle: true }) };
      expect(await sweep(back, 0)).toEqual({ deleted: 1, incomplete: 0 });
      expect(await pendingUnder(db, prefix)).toEqual([]);
    } finally {
      await fresh.stop();
    }
  });
});

describe.each<BackendName>(['PGlite + local store', 'PostgreSQL (Neon driver) + S3'])(
  'client disconnects mid-upload on %s',
  (name) => {
    const embedded = name === 'PGlite + local store';
    let tmp: string;
    let testDb: TestDatabase | null = null;
    let deps: AppDeps;
    let app: App;
    let server: ServerType;
    let port: number;
    const handled: number[] = [];

    beforeAll(async () => {
      tmp = await mkdtemp(path.join(os.tmpdir(), 'holo-faults-'));
      let db: Database;
      if (embedded) {
        db = await openPglite(path.join(tmp, 'pglite'));
      } else {
        testDb = await createTestDatabase(inject('postgresUrl'), inject('postgresWsProxy'));
        db = openNeon({ url: testDb.url, wsProxy: inject('postgresWsProxy') });
      }
      await migrate(db);
      const storage = embedded
        ? createLocalStore(path.join(tmp, 'blobs'))
        : createS3Store({ ...sharedS3(), forcePathStyle: true });
      deps = depsOf(db, storage);
      app = createApp(deps);
      // A real HTTP server; each request's status is recorded once its handler has finished.
      server = await new Promise<ServerType>((resolve) => {
        const s = serve(
          {
            fetch: async (req: Request) => {
              const res = await app.fetch(req);
              handled.push(res.status);
              return res;
            },
            hostname: '127.0.0.1',
            port: 0,
          },
          () => resolve(s),
        );
      });
      port = (server.address() as AddressInfo).port;
    });
    afterAll(async () => {
      if (server) {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          if ('closeAllConnections' in server) server.closeAllConnections();
        });
      }
      await deps?.db.close();
      await testDb?.drop();
      await rm(tmp, { recursive: true, force: true });
    });

    const blobsUnder = async (prefix: string) => {
      if (!embedded) return { objects: await s3Blobs(sharedS3(), prefix), metas: [], tmp: [] };
      return localBlobs(path.join(tmp, 'blobs'), prefix);
    };

    it('leaves no visible part and no row, and after a sweep no blob and no pending row', async () => {
      const id = await newHologram(app);
      const prefix = prefixOf(id);
      const declared = 16 * 1024 * 1024;
      const body = new Uint8Array(declared);
      body.set(webm);
      for (let i = webm.length; i < declared; i++) body[i] = (i * 2654435761) >>> 24;

      const socket = net.connect(port, '127.0.0.1');
      await once(socket, 'connect');
      socket.on('error', () => {});
      socket.write(
        [
          `PUT ${partPath(id, 0)} HTTP/1.1`,
          `Host: 127.0.0.1:${port}`,
          `Authorization: Bearer ${user.idToken}`,
          'Content-Type: audio/webm',
          `X-Content-SHA256: ${sha(body)}`,
          `Content-Length: ${declared}`,
          '',
          '',
        ].join('\r\n'),
      );
      const sent = 3 * 1024 * 1024;
      socket.write(body.subarray(0, sent));
      // The server is streaming it to storage (the key is listed as pending) when the client goes.
      await vi.waitFor(async () => expect(await pendingUnder(deps.db, prefix)).toHaveLength(1), {
        timeout: 10_000,
        interval: 25,
      });
      const before = handled.length;
      socket.destroy();
      await vi.waitFor(() => expect(handled.length).toBe(before + 1), {
        timeout: 30_000,
        interval: 25,
      });
      // The answer goes nowhere, but the handler counts it as the client's fault (400), not a 500.
      expect(handled[before]).toBe(400);

      const list = await listChunks(app, id);
      expect(list.status).toBe(200);
      expect(await list.json()).toEqual({ items: [] });
      expect(await partRows(deps.db, id)).toBe(0);
      await sweep(deps, 0);
      expect(await pendingUnder(deps.db, prefix)).toEqual([]);
      expect(await blobsUnder(prefix)).toEqual({ objects: [], metas: [], tmp: [] });

      // Nothing left over stands in the way of the client's retry.
      expect((await putPart(app, id, 0, webm)).status).toBe(201);
      expect((await blobsUnder(prefix)).objects).toHaveLength(1);
    });
  },
);
