// GET /api/health against real parts: PGlite, the Neon driver on PostgreSQL, the local store,
// moto S3 and the Auth Emulator; and each part reported down when it is.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApp } from '../app.ts';
import { createAuthVerifier } from '../auth/firebase-auth.ts';
import { DEFAULT_LIMITS } from '../config.ts';
import type { Database } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { openNeon } from '../db/neon.ts';
import { openPglite } from '../db/pglite.ts';
import type { AppDeps } from '../deps.ts';
import { createLogger } from '../http/logger.ts';
import { createLocalStore } from '../storage/local-store.ts';
import { createS3Store } from '../storage/s3-store.ts';
import { VERSION } from '../version.ts';

interface HealthBody {
  status: string;
  version: string;
  parts: Record<'db' | 'storage' | 'auth', { status: string; driver: string; error?: string }>;
}

let tmp: string;
let pglite: Database;
let neon: Database;
const closers: Array<() => Promise<void>> = [];

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'holo-health-'));
  pglite = await openPglite(path.join(tmp, 'pglite'));
  neon = openNeon({ url: inject('postgresUrl'), wsProxy: inject('postgresWsProxy') });
  await migrate(pglite);
  await migrate(neon);
});
afterAll(async () => {
  await Promise.all(closers.map((c) => c()));
  await pglite.close();
  await neon.close();
  await rm(tmp, { recursive: true, force: true });
});

function deps(overrides: Partial<AppDeps> & { emulatorHost?: string }): AppDeps {
  const auth = createAuthVerifier({
    projectId: inject('firebaseProjectId'),
    emulatorHost: overrides.emulatorHost ?? inject('authEmulatorHost'),
    serviceAccountJson: undefined,
  });
  closers.push(() => auth.close());
  return {
    db: pglite,
    storage: createLocalStore(path.join(tmp, 'blobs')),
    auth,
    logger: createLogger('silent'),
    limits: DEFAULT_LIMITS,
    ...overrides,
  };
}

async function health(d: AppDeps) {
  const res = await createApp(d).request('/api/health');
  return { status: res.status, body: (await res.json()) as HealthBody };
}

describe('GET /api/health', () => {
  it('is up on the embedded defaults (PGlite, local store, Auth Emulator)', async () => {
    const { status, body } = await health(deps({}));
    expect(status).toBe(200);
    expect(body.status).toBe('up');
    expect(body.version).toBe(VERSION);
    expect(body.parts.db).toMatchObject({ status: 'up', driver: 'pglite' });
    expect(body.parts.storage).toMatchObject({ status: 'up', driver: 'local' });
    expect(body.parts.auth).toMatchObject({ status: 'up', driver: 'emulator' });
  });

  it('is up on the production drivers (Neon driver on PostgreSQL, S3)', async () => {
    const storage = createS3Store({ ...inject('s3'), forcePathStyle: true });
    const { status, body } = await health(deps({ db: neon, storage }));
    expect(status).toBe(200);
    expect(body.parts.db).toMatchObject({ status: 'up', driver: 'neon' });
    expect(body.parts.storage).toMatchObject({ status: 'up', driver: 's3' });
  });

  it('answers 503 naming the part that is down', async () => {
    const storage = createS3Store({
      ...inject('s3'),
      endpoint: 'http://127.0.0.1:9',
      forcePathStyle: true,
    });
    const { status, body } = await health(deps({ storage, emulatorHost: '127.0.0.1:9' }));
    expect(status).toBe(503);
    expect(body.status).toBe('down');
    expect(body.parts.db.status).toBe('up');
    expect(body.parts.storage.status).toBe('down');
    expect(body.parts.auth.status).toBe('down');
  });

  it('reports the database down when PostgreSQL is unreachable', async () => {
    const dead = openNeon({ url: inject('postgresUrl'), wsProxy: '127.0.0.1:9/v1' });
    closers.push(() => dead.close());
    const { status, body } = await health(deps({ db: dead }));
    expect(status).toBe(503);
    expect(body.parts.db).toMatchObject({ status: 'down', driver: 'neon' });
  });
});
